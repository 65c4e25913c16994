import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createEmployee } from '../factories/employees.js';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

describe('idempotency keys on creating requests', () => {
  let t: TestApp;
  let db: DataSource;
  let employer: string;
  let hr: TestUser;
  let otherHr: TestUser;
  let physio: TestUser;
  const tokens = new Map<string, string>();
  const http = () => request(t.app.getHttpServer());
  const as = (user: TestUser) => ({ Authorization: `Bearer ${tokens.get(user.id)}` });
  const login = async (user: TestUser) => {
    tokens.set(user.id, await accessTokenFor(t.app, user));
    return user;
  };
  const openEpisode = (employeeId: string, key: string, user = hr, referralDate = '2026-11-20') =>
    http()
      .post('/episodes')
      .set(as(user))
      .set('Idempotency-Key', key)
      .send({ employeeId, jurisdiction: 'NL', referralDate, absenceStart: '2026-11-18' });
  const episodesOf = async (employeeId: string) =>
    Number(
      (
        await db.query<{ count: string }[]>(
          `SELECT count(*) AS count FROM episode WHERE employee_id = $1`,
          [employeeId],
        )
      )[0].count,
    );

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    employer = await createEmployer(db);
    hr = await login(await createUser(db, 'hr', { organisationId: employer }));
    otherHr = await login(await createUser(db, 'hr', { organisationId: employer }));
    const [{ id: practice }] = await db.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'P', 1) RETURNING id`,
    );
    physio = await login(await createUser(db, 'physio', { organisationId: practice }));
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('creates one resource for the same POST sent 10 times at once with one key', async () => {
    const employeeId = await createEmployee(db, employer);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => openEpisode(employeeId, 'open-episode-1')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses[0].headers.etag).toMatch(/^W\/"\d+"$/);
    expect(new Set(responses.map((r) => r.headers.etag)).size).toBe(1);
    expect(await episodesOf(employeeId)).toBe(1);

    // Later retries get the same answer; without the key the second request is a real conflict.
    const retry = await openEpisode(employeeId, 'open-episode-1');
    expect([retry.status, retry.body.id]).toEqual([201, responses[0].body.id]);
    const noKey = await http().post('/episodes').set(as(hr)).send({
      employeeId,
      jurisdiction: 'NL',
      referralDate: '2026-11-20',
      absenceStart: '2026-11-18',
    });
    expect([noKey.status, noKey.body.code]).toEqual([409, 'episode_already_open']);
  });

  it('refuses the same key for a different request, and keeps keys per caller', async () => {
    const employeeId = await createEmployee(db, employer);
    expect((await openEpisode(employeeId, 'k-2')).status).toBe(201);
    const other = await openEpisode(employeeId, 'k-2', hr, '2026-11-21');
    expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);
    // Another HR officer's key of the same name is theirs: their request really runs.
    const theirs = await openEpisode(employeeId, 'k-2', otherHr);
    expect([theirs.status, theirs.body.code]).toEqual([409, 'episode_already_open']);
    expect(await episodesOf(employeeId)).toBe(1);
  });

  it('releases the key of a failed request, so the corrected retry runs', async () => {
    const employeeId = await createEmployee(db, employer);
    const invalid = await http()
      .post('/episodes')
      .set(as(hr))
      .set('Idempotency-Key', 'k-3')
      .send({ employeeId, jurisdiction: 'XX', referralDate: '2026-11-20' });
    expect(invalid.status).toBe(400);
    const corrected = await openEpisode(employeeId, 'k-3');
    expect(corrected.status).toBe(201);
    expect(await episodesOf(employeeId)).toBe(1);
  });

  it('names the header when the key is malformed', async () => {
    const employeeId = await createEmployee(db, employer);
    const bad = await openEpisode(employeeId, 'has spaces in it');
    expect([bad.status, bad.body.errors]).toEqual([
      400,
      [{ field: 'Idempotency-Key', message: expect.any(String) }],
    ]);
    expect(await episodesOf(employeeId)).toBe(0);
  });

  it('creates one plan version for 10 concurrent drafts with one key', async () => {
    const employeeId = await createEmployee(db, employer);
    const { body: episode } = await openEpisode(employeeId, 'k-5');
    await http()
      .put(`/episodes/${episode.id}/care-team`)
      .set(as(hr))
      .send({ physioUserId: physio.id })
      .expect(200);
    const draft = {
      startDate: '2026-11-30',
      targetFullReturn: '2027-01-11',
      components: ['graded_activity', 'advice_education'],
      movementTrack: [],
      workTrack: [
        { from: '2026-11-30', percentOfContract: 50, tasksAllowed: [], tasksAvoided: [] },
      ],
      reviewDates: [],
    };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        http()
          .post(`/episodes/${episode.id}/plans`)
          .set(as(physio))
          .set('Idempotency-Key', 'plan-draft-1')
          .send(draft),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body.number))).toEqual(new Set([1]));
    const [{ count }] = await db.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM plan_version WHERE episode_id = $1`,
      [episode.id],
    );
    expect(Number(count)).toBe(1);
  });
});
