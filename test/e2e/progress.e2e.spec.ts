import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { TestUser } from '../factories/identity.js';
import { planDraft } from '../factories/plans.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const CANARY = 'CANARY-93fe-facet-joint-syndrome';

describe('progress on the plan', () => {
  let t: TestApp;
  let db: DataSource;
  let hr: TestUser;
  let physio: TestUser;
  let doctor: TestUser;
  let employee: TestUser;
  let episodeId: string;
  let as: CareWorld['as'];
  let http: CareWorld['http'];
  const path = (rest = '') => `/episodes/${episodeId}${rest}`;
  const session = (sessionDate: string, reached: number, extra: object = {}) =>
    http()
      .post(path('/progress/sessions'))
      .set(as(physio))
      .send({ sessionDate, quotas: [{ exercise: 0, reached }], ...extra });
  const hours = (weekStart: string, hoursWorked: number, ifMatch?: string) => {
    const call = http()
      .put(path(`/progress/hours/${weekStart}`))
      .set(as(hr));
    return (ifMatch ? call.set('If-Match', ifMatch) : call).send({ hoursWorked });
  };
  const step = async (verb: string, user: TestUser) => {
    const plan = await http().get(path('/plans/1')).set(as(user));
    await http()
      .post(path(`/plans/1/${verb}`))
      .set(as(user))
      .set('If-Match', plan.headers.etag as string)
      .expect(200);
  };

  beforeAll(async () => {
    t = await startTestApi();
    ({ db, hr, physio, doctor, employee, episodeId, as, http } = await careWorld(t, {
      jurisdiction: 'NL',
    }));
    // Quota 8, 10, 12 ... from Monday 30 November; 50% of 38 h, then 75% from 14 December.
    await http().post(path('/plans')).set(as(physio)).send(planDraft()).expect(201);
    await step('submit', physio);
    await step('approve', doctor);
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('records sessions against the quota in force and flags two weeks under quota', async () => {
    const first = await session('2026-12-01', 8, {
      nrsPain: 4,
      adherencePercent: 80,
      clinicalNote: CANARY,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      sessionDate: '2026-12-01',
      nrsPain: 4,
      clinicalNote: CANARY,
    });
    const [audit] = await db.query<{ action: string }[]>(
      `SELECT action FROM audit_event WHERE correlation_id = $1`,
      [first.headers['x-request-id']],
    );
    expect(audit.action).toBe('progress.session');
    expect((await session('2026-12-08', 9)).status).toBe(201); // quota 10
    let progress = await http().get(path('/progress')).set(as(physio));
    expect(progress.body).toMatchObject({ quotaAdherencePercent: 50, behindSchedule: false });
    expect((await session('2026-12-15', 9)).status).toBe(201); // quota 12
    progress = await http().get(path('/progress')).set(as(physio));
    expect(progress.body).toMatchObject({ quotaAdherencePercent: 33.3, behindSchedule: true });
    const refused = await http()
      .post(path('/progress/sessions'))
      .set(as(physio))
      .send({ sessionDate: '2026-12-16', quotas: [{ exercise: 0, reached: -1 }], nrsPain: 11 });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'nrsPain',
      'quotas.0.reached',
    ]);
    expect((await http().post(path('/progress/sessions')).set(as(hr)).send({})).status).toBe(403);
  });

  it('corrects a session only with its ETag: one of 20 concurrent corrections wins', async () => {
    const recorded = await session('2026-12-04', 8, { nrsPain: 5 });
    const url = path(`/progress/sessions/${recorded.body.id}`);
    const body = { sessionDate: '2026-12-04', quotas: [{ exercise: 0, reached: 9 }], nrsPain: 4 };
    expect((await http().put(url).set(as(physio)).send(body)).status).toBe(428);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        http()
          .put(url)
          .set(as(physio))
          .set('If-Match', recorded.headers.etag as string)
          .send(body),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(19);
    const winner = results.find((r) => r.status === 200)!;
    expect(winner.body).toMatchObject({
      nrsPain: 4,
      quotas: [{ exercise: 0, reached: 9 }],
      version: 2,
    });
    const missing = await http()
      .put(path('/progress/sessions/5b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d'))
      .set(as(physio))
      .set('If-Match', 'W/"1"')
      .send(body);
    expect(missing.status).toBe(404);
  });

  it('stores one session for the same POST retried with one key', async () => {
    const before = await db.query(`SELECT 1 FROM progress_entry WHERE episode_id = $1`, [
      episodeId,
    ]);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        http()
          .post(path('/progress/sessions'))
          .set(as(physio))
          .set('Idempotency-Key', 'session-2026-12-17')
          .send({ sessionDate: '2026-12-17', quotas: [{ exercise: 0, reached: 12 }] }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    const after = await db.query(`SELECT 1 FROM progress_entry WHERE episode_id = $1`, [episodeId]);
    expect(after.length).toBe(before.length + 1);
  });

  it('lets HR record hours per week, corrected only with the ETag', async () => {
    const week1 = await hours('2026-11-30', 19);
    expect([week1.status, week1.body]).toEqual([
      200,
      { weekStart: '2026-11-30', hoursWorked: 19, plannedHours: 19, version: 1 },
    ]);
    expect((await hours('2026-12-07', 10)).body.plannedHours).toBe(19);
    const noEtag = await hours('2026-12-07', 12);
    expect([noEtag.status, noEtag.body.code]).toEqual([428, 'precondition_required']);
    const stale = await hours('2026-12-07', 12, 'W/"7"');
    expect(stale.status).toBe(412);
    const notMonday = await hours('2026-12-09', 12);
    expect([notMonday.status, notMonday.body.errors[0].field]).toEqual([400, 'weekStart']);
    expect(
      (
        await http()
          .put(path('/progress/hours/2026-12-14'))
          .set(as(physio))
          .send({ hoursWorked: 1 })
      ).status,
    ).toBe(403);

    // 50 corrections with one ETag: one wins, the others are told to read again.
    const corrections = await Promise.all(
      Array.from({ length: 50 }, (_, i) => hours('2026-12-07', 10 + (i % 5), 'W/"1"')),
    );
    const statuses = corrections.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    expect((await hours('2026-12-14', 20)).body.plannedHours).toBe(28.5);
  });

  it('shows HR and the employee the hours and the hours flag, nothing clinical', async () => {
    for (const user of [hr, employee]) {
      const progress = await http().get(path('/progress')).set(as(user));
      expect(progress.status).toBe(200);
      expect(Object.keys(progress.body).sort()).toEqual(['behindOnHours', 'hours', 'weeks']);
      expect(progress.body.behindOnHours).toBe(true);
      const text = JSON.stringify(progress.body);
      for (const word of [CANARY, 'underQuota', 'nrsPain', 'sessions', 'quota'])
        expect(text).not.toContain(word);
    }
  });

  it('tells the care team how the outcome instruments moved', async () => {
    for (const [takenOn, score] of [
      ['2026-11-30', 6],
      ['2026-12-21', 3],
    ] as const) {
      await http()
        .post(path('/questionnaires'))
        .set(as(physio))
        .send({ instrument: 'nrs_pain', takenOn, answers: { score } })
        .expect(201);
    }
    const progress = await http().get(path('/progress')).set(as(doctor));
    expect(progress.body.outcomes).toEqual([
      {
        instrument: 'nrs_pain',
        baseline: { takenOn: '2026-11-30', value: 6 },
        latest: { takenOn: '2026-12-21', value: 3 },
        change: 'improved',
      },
    ]);
    // Bridging is set to progress after 3 pain-free sessions in a row.
    expect(progress.body.progression).toEqual([
      { exercise: 0, painFreeSessions: 0, due: false, step: null },
    ]);
    for (const date of ['2026-12-28', '2026-12-29', '2026-12-30'])
      expect((await session(date, 14, { nrsPain: 0 })).status).toBe(201);
    const due = await http().get(path('/progress')).set(as(physio));
    expect(due.body.progression).toEqual([
      {
        exercise: 0,
        painFreeSessions: 3,
        due: true,
        step: { parameter: 'startPosition', from: 'supine_unloaded', to: 'side_lying' },
      },
    ]);
    const forHr = await http().get(path('/progress')).set(as(hr));
    expect(JSON.stringify(forHr.body)).not.toContain('progression');
  });

  it('refuses progress on a closed episode, and says so', async () => {
    const current = await http().get(path()).set(as(hr));
    await http()
      .post(path('/transitions'))
      .set(as(hr))
      .set('If-Match', current.headers.etag as string)
      .send({ to: 'closed', closeReason: 'full_rtw' })
      .expect(200);
    const late = await session('2026-12-22', 12);
    expect([late.status, late.body.code]).toEqual([409, 'episode_closed']);
    const lateHours = await hours('2026-12-21', 38);
    expect([lateHours.status, lateHours.body.code]).toEqual([409, 'episode_closed']);
    const [{ count }] = await db.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM progress_entry WHERE episode_id = $1 AND (session_date = '2026-12-22' OR week_start = '2026-12-21')`,
      [episodeId],
    );
    expect(count).toBe('0');
  });
});
