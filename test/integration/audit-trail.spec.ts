import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { startTestApi, type TestApp } from '../support/test-app.js';

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  outcome: string;
  correlation_id: string | null;
  address: string | null;
}

describe('audit trail in the database', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await t.app.close();
  });

  const insertEvent = async (outcome = 'allowed'): Promise<AuditRow> => {
    const [row] = await db.query<AuditRow[]>(
      `INSERT INTO audit_event (actor_user_id, actor_role, action, object_type, object_id, outcome, correlation_id, address)
       VALUES ($1, 'physio', 'episode.read', 'episode', $2, $3, $4, '10.1.2.3') RETURNING *`,
      [randomUUID(), randomUUID(), outcome, randomUUID()],
    );
    return row;
  };
  const readEvent = (id: string) =>
    db.query<AuditRow[]>(`SELECT * FROM audit_event WHERE id = $1`, [id]);

  it('refuses UPDATE, DELETE and TRUNCATE as append-only and leaves the row as it was', async () => {
    const row = await insertEvent();
    expect(await readEvent(row.id)).toEqual([row]);

    await expect(
      db.query(`UPDATE audit_event SET outcome = 'denied', actor_user_id = NULL WHERE id = $1`, [
        row.id,
      ]),
    ).rejects.toThrow('append-only');
    await expect(db.query(`DELETE FROM audit_event WHERE id = $1`, [row.id])).rejects.toThrow(
      'append-only',
    );

    // In a transaction rolled back whatever happens: were the trigger missing, this test would
    // fail without emptying the trail other tests are writing to.
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await expect(runner.query(`TRUNCATE audit_event`)).rejects.toThrow('append-only');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }

    expect(await readEvent(row.id)).toEqual([row]);
  });

  it('answers the refusal with SQLSTATE insufficient_privilege (42501)', async () => {
    const row = await insertEvent();
    await expect(db.query(`DELETE FROM audit_event WHERE id = $1`, [row.id])).rejects.toMatchObject(
      { code: '42501', message: expect.stringContaining('append-only') },
    );
    expect(await readEvent(row.id)).toEqual([row]);
  });

  it('rejects an unknown outcome through CHK_audit_event_outcome and stores nothing', async () => {
    const correlationId = randomUUID();
    await expect(
      db.query(
        `INSERT INTO audit_event (action, object_type, outcome, correlation_id)
         VALUES ('episode.read', 'episode', 'maybe', $1)`,
        [correlationId],
      ),
    ).rejects.toMatchObject({
      code: '23514',
      message: expect.stringContaining('CHK_audit_event_outcome'),
    });
    const stored = await db.query<unknown[]>(
      `SELECT 1 FROM audit_event WHERE correlation_id = $1`,
      [correlationId],
    );
    expect(stored).toEqual([]);

    for (const outcome of ['allowed', 'denied', 'failed']) {
      await expect(insertEvent(outcome)).resolves.toMatchObject({ outcome });
    }
  });
});
