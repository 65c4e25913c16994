import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../src/common/audit/audit.service.js';
import { runWithContext } from '../../src/common/request-context/request-context.js';
import { createEmployer, createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

describe('audit trail', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApi({ TRUST_PROXY: 'loopback' });
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('records who, what, on whose behalf, the outcome, the correlation id and the address', async () => {
    const employer = await createEmployer(db);
    const hr = await createUser(db, 'hr', { organisationId: employer });
    const subject = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
    await runWithContext({ correlationId: 'corr-audit-1', address: '192.0.2.7' }, () =>
      t.app.get(AuditService).record({
        actor: { id: hr.id, role: 'hr', organisationIds: [employer], secondFactor: false },
        action: 'episode.read',
        objectType: 'episode',
        objectId: 'e-1',
        subjectEmployeeId: subject,
        onBehalfOfOrganisationId: employer,
        outcome: 'allowed',
      }),
    );
    const [row] = await db.query<Record<string, unknown>[]>(
      `SELECT actor_user_id, actor_role, on_behalf_of_organisation_id, action, object_type, object_id,
              subject_employee_id, outcome, correlation_id, host(address) AS address, occurred_at
         FROM audit_event WHERE correlation_id = 'corr-audit-1'`,
    );
    expect(row).toMatchObject({
      actor_user_id: hr.id,
      actor_role: 'hr',
      on_behalf_of_organisation_id: employer,
      action: 'episode.read',
      object_type: 'episode',
      object_id: 'e-1',
      subject_employee_id: subject,
      outcome: 'allowed',
      correlation_id: 'corr-audit-1',
      address: '192.0.2.7',
    });
    expect(row.occurred_at).toBeInstanceOf(Date);
  });

  it('fails the surrounding transaction when the audit row cannot be written', async () => {
    await expect(
      db.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Rolled back', 1)`,
        );
        await t.app.get(AuditService).record(
          {
            actor: undefined,
            action: 'x.read',
            objectType: 'x',
            outcome: 'unknown' as 'allowed',
          },
          manager,
        );
      }),
    ).rejects.toThrow();
    const [{ count }] = await db.query<{ count: string }[]>(
      `SELECT count(*) FROM organisation WHERE name = 'Rolled back'`,
    );
    expect(Number(count)).toBe(0);
  });

  it('records every denial with its route, caller, correlation id and address', async () => {
    const employee = await createUser(db, 'employee');
    const token = await accessTokenFor(t.app, employee);
    const response = await request(t.app.getHttpServer())
      .get('/service-contracts')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Forwarded-For', '198.51.100.23');
    expect(response.status).toBe(403);
    const rows = await db.query<Record<string, unknown>[]>(
      `SELECT actor_user_id, actor_role, action, object_id, outcome, host(address) AS address
         FROM audit_event WHERE correlation_id = $1`,
      [response.headers['x-request-id']],
    );
    expect(rows).toEqual([
      {
        actor_user_id: employee.id,
        actor_role: 'employee',
        action: 'route.denied',
        object_id: 'GET /service-contracts',
        outcome: 'denied',
        address: '198.51.100.23',
      },
    ]);
  });
});
