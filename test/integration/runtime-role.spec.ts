import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { createUser } from '../factories/identity.js';
import { startTestApi, type TestApp } from '../support/test-app.js';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * The application runs as a member of `rtw_runtime`, not as the owner of the tables: it can use
 * the platform but cannot change or remove audit rows, nor switch the triggers off.
 */
describe('the runtime database role', () => {
  const role = `rtw_test_app_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  let runtimeUrl: string;
  let app: pg.Client;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${role}' IN ROLE rtw_runtime`);
    const url = new URL(process.env.DATABASE_URL as string);
    url.username = role;
    url.password = role;
    runtimeUrl = url.toString();
    app = new pg.Client({ connectionString: runtimeUrl });
    await app.connect();
  });
  afterAll(async () => {
    await app.end();
    await admin.query(`DROP OWNED BY ${role}`);
    await admin.query(`DROP ROLE ${role}`);
    await admin.end();
  });

  it('appends and reads audit rows but cannot update, delete, truncate or bypass the triggers', async () => {
    const [{ id }] = (
      await app.query<{ id: string }>(
        `INSERT INTO audit_event (action, object_type, outcome) VALUES ('x.read', 'x', 'allowed') RETURNING id`,
      )
    ).rows;
    expect((await app.query(`SELECT id FROM audit_event WHERE id = $1`, [id])).rowCount).toBe(1);

    const refused = async (sql: string) => {
      const error = await app.query(sql).then(
        () => undefined,
        (e: { code?: string }) => e,
      );
      return error?.code;
    };
    expect(await refused(`UPDATE audit_event SET outcome = 'denied' WHERE id = ${id}`)).toBe(
      '42501',
    );
    expect(await refused(`DELETE FROM audit_event WHERE id = ${id}`)).toBe('42501');
    expect(await refused(`TRUNCATE audit_event`)).toBe('42501');
    expect(await refused(`SET session_replication_role = replica`)).toBe('42501');
    expect(await refused(`ALTER TABLE audit_event DISABLE TRIGGER ALL`)).toBe('42501');
    expect(await refused(`DROP TRIGGER "TRG_audit_event_no_change" ON audit_event`)).toBe('42501');
    expect(
      await refused(`INSERT INTO schema_migration (timestamp, name) VALUES (1, 'forged')`),
    ).toBe('42501');
  });

  it('is enough to run the platform: log in and use the API', async () => {
    const t: TestApp = await startTestApi({ DATABASE_URL: runtimeUrl });
    try {
      const db = t.app.get<DataSource>(getDataSourceToken());
      const [{ current_user: user }] =
        await db.query<{ current_user: string }[]>(`SELECT current_user`);
      expect(user).toBe(role);
      const hr = await createUser(db, 'hr');
      const login = await request(t.app.getHttpServer())
        .post('/auth/login')
        .send({ email: hr.email, password: hr.password });
      expect(login.status).toBe(200);
      const me = await request(t.app.getHttpServer())
        .get('/me')
        .set('Authorization', `Bearer ${login.body.accessToken}`);
      expect(me.status).toBe(200);
    } finally {
      await t.app.close();
    }
  });
});
