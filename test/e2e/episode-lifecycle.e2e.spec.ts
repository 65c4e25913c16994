import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { EPISODE_STATUSES } from '../../src/modules/episodes/entities/episode.entity.js';
import { transitionEpisode } from '../../src/modules/episodes/episode-lifecycle.js';
import { createEmployee } from '../factories/employees.js';
import { createEmployer, createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

describe('episode lifecycle', () => {
  let t: TestApp;
  let db: DataSource;
  let employer: string;
  let hr: string;
  const http = () => request(t.app.getHttpServer());

  const openEpisode = async () =>
    (
      await http()
        .post('/episodes')
        .set('Authorization', `Bearer ${hr}`)
        .send({
          employeeId: await createEmployee(db, employer),
          jurisdiction: 'NL',
          referralDate: '2026-11-02',
        })
    ).body as { id: string; version: number };

  const move = (id: string, version: number, body: object) =>
    http()
      .post(`/episodes/${id}/transitions`)
      .set('Authorization', `Bearer ${hr}`)
      .set('If-Match', `W/"${version}"`)
      .send(body);

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    employer = await createEmployer(db);
    hr = await accessTokenFor(t.app, await createUser(db, 'hr', { organisationId: employer }));
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('walks referred -> intake -> active -> monitoring -> active -> monitoring -> closed', async () => {
    let { id, version } = await openEpisode();
    for (const to of ['intake', 'active', 'monitoring', 'active', 'monitoring'] as const) {
      const moved = await move(id, version, { to });
      expect(moved.status).toBe(200);
      expect(moved.body.status).toBe(to);
      expect(moved.headers.etag).toBe(`W/"${moved.body.version}"`);
      version = moved.body.version;
    }
    const noReason = await move(id, version, { to: 'closed' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([
      { field: 'closeReason', message: 'closeReason is required to close an episode' },
    ]);
    const closed = await move(id, version, { to: 'closed', closeReason: 'full_rtw' });
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'full_rtw' });

    const reopen = await move(id, closed.body.version, { to: 'active' });
    expect(reopen.status).toBe(409);
    expect(reopen.body).toMatchObject({
      code: 'invalid_transition',
      detail: 'An episode cannot move from closed to active.',
    });
    ({ id, version } = await openEpisode());
    expect((await move(id, version, { to: 'active' })).body.code).toBe('invalid_transition');
  });

  it('lets one of several concurrent moves from the same version win; the others get 412', async () => {
    const { id, version } = await openEpisode();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => move(id, version, { to: 'intake' })),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 412)).toHaveLength(9);
    expect((await move(id, version, { to: 'intake' })).status).toBe(412);
  });

  it('is enforced by the database with the same table, whatever the client', async () => {
    const employee = await createEmployee(db, employer);
    for (const from of EPISODE_STATUSES) {
      for (const to of EPISODE_STATUSES) {
        if (from === to) continue;
        const closeReason = to === 'closed' ? 'withdrawn' : null;
        const accepted = await db
          .transaction(async (manager) => {
            const [{ id }] = await manager.query<{ id: string }[]>(
              `INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, status, close_reason,
                                    closed_on, contract_hours, version)
               VALUES ($1, $2, 'BE', DATE '2026-11-02', $3, $4, $5, 38, 1) RETURNING id`,
              [
                employee,
                employer,
                from,
                from === 'closed' ? 'withdrawn' : null,
                from === 'closed' ? '2026-11-20' : null,
              ],
            );
            await manager.query(
              `UPDATE episode SET status = $2, close_reason = $3, closed_on = $4 WHERE id = $1`,
              [id, to, closeReason, to === 'closed' ? '2026-11-25' : null],
            );
            throw new Error('roll back');
          })
          .catch((error: Error) => error.message === 'roll back');
        expect([from, to, accepted]).toEqual([
          from,
          to,
          transitionEpisode(from, to, closeReason ?? undefined).ok,
        ]);
      }
    }
  });
});
