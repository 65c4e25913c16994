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
        difference: -3,
        change: 'improved',
        activitiesCompared: null,
      },
    ]);
    expect(progress.body.psfsActivities).toEqual([]);
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

describe('outcome changes a clinician can trust', () => {
  const ACTIVITY_CANARY = 'CANARY-5c0a lifting after the L5 hernia';
  let t: TestApp;
  let w: CareWorld;
  const path = (rest = '') => `/episodes/${w.episodeId}${rest}`;
  const record = (instrument: string, takenOn: string, answers: object, user = w.physio) =>
    w.http().post(path('/questionnaires')).set(w.as(user)).send({ instrument, takenOn, answers });
  /** ODI answers with 10 sections whose ticks add up to `sum` (percent = sum x 2). */
  const odi = (sum: number) =>
    Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`item_${i + 1}`, i < sum ? 1 : 0]));
  const progress = async () => (await w.http().get(path('/progress')).set(w.as(w.doctor))).body;

  beforeAll(async () => {
    t = await startTestApi();
    w = await careWorld(t);
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('does not flag ODI 4 -> 2 or NRS 1 -> 0: both are within measurement error', async () => {
    for (const [takenOn, odiSum, nrs] of [
      ['2026-11-24', 2, 1],
      ['2026-12-15', 1, 0],
    ] as const) {
      expect((await record('odi', takenOn, odi(odiSum))).status).toBe(201);
      expect((await record('nrs_pain', takenOn, { score: nrs })).status).toBe(201);
    }
    expect((await progress()).outcomes).toEqual([
      {
        instrument: 'odi',
        baseline: { takenOn: '2026-11-24', value: 4 },
        latest: { takenOn: '2026-12-15', value: 2 },
        difference: -2,
        change: 'unchanged',
        activitiesCompared: null,
      },
      {
        instrument: 'nrs_pain',
        baseline: { takenOn: '2026-11-24', value: 1 },
        latest: { takenOn: '2026-12-15', value: 0 },
        difference: -1,
        change: 'unchanged',
        activitiesCompared: null,
      },
    ]);
    // 4% -> 16% is 12 points: past the smallest detectable change of 10.5.
    expect((await record('odi', '2027-01-05', odi(8))).status).toBe(201);
    expect((await progress()).outcomes[0]).toMatchObject({
      difference: 12,
      change: 'deteriorated',
    });
  });

  it('follows each PSFS activity from its own baseline, and compares means over the same activities only', async () => {
    const first = await record('psfs', '2026-11-24', {
      activities: [
        { name: 'Carry a crate of 10 kg', rating: 2 },
        { name: 'Sit through a  one-hour meeting ', rating: 3 },
        { name: ACTIVITY_CANARY, rating: 4 },
      ],
    });
    expect(first.status).toBe(201);
    const [crate, meeting, lifting] = first.body.answers.activities as {
      activityId: string;
      name: string;
      rating: number;
    }[];
    expect(first.body.answers.activities).toEqual([
      { activityId: expect.any(String), name: 'Carry a crate of 10 kg', rating: 2 },
      { activityId: expect.any(String), name: 'Sit through a one-hour meeting', rating: 3 },
      { activityId: expect.any(String), name: ACTIVITY_CANARY, rating: 4 },
    ]);
    expect(first.body.score).toMatchObject({ mean: 3, activities: 3 });

    // Two weeks on: two activities again (one re-typed by name), the third not, one new.
    const second = await record('psfs', '2026-12-08', {
      activities: [
        { activityId: crate.activityId, rating: 5 },
        { name: 'sit through a one-hour MEETING', rating: 4 },
        { name: 'Cycle to work', rating: 1 },
      ],
    });
    expect(second.status).toBe(201);
    const cycling = second.body.answers.activities[2];
    expect(second.body.answers.activities.slice(0, 2)).toEqual([
      { activityId: crate.activityId, name: 'Carry a crate of 10 kg', rating: 5 },
      { activityId: meeting.activityId, name: 'Sit through a one-hour meeting', rating: 4 },
    ]);
    // Only two activities in common with the first: no mean to compare yet.
    let body = await progress();
    expect(body.outcomes.map((o: { instrument: string }) => o.instrument)).not.toContain('psfs');
    expect(body.psfsActivities).toEqual([
      {
        activityId: crate.activityId,
        name: 'Carry a crate of 10 kg',
        baseline: { takenOn: '2026-11-24', value: 2 },
        latest: { takenOn: '2026-12-08', value: 5 },
        difference: 3,
        change: 'improved',
      },
      {
        activityId: meeting.activityId,
        name: 'Sit through a one-hour meeting',
        baseline: { takenOn: '2026-11-24', value: 3 },
        latest: { takenOn: '2026-12-08', value: 4 },
        difference: 1,
        change: 'unchanged',
      },
      {
        activityId: lifting.activityId,
        name: ACTIVITY_CANARY,
        baseline: { takenOn: '2026-11-24', value: 4 },
        latest: null,
        difference: null,
        change: null,
      },
      {
        activityId: cycling.activityId,
        name: 'Cycle to work',
        baseline: { takenOn: '2026-12-08', value: 1 },
        latest: null,
        difference: null,
        change: null,
      },
    ]);

    // All four: the first three compare with the first administration, cycling with its own.
    const third = await record('psfs', '2027-01-05', {
      activities: [
        { activityId: crate.activityId, rating: 6 },
        { activityId: meeting.activityId, rating: 5 },
        { activityId: lifting.activityId, rating: 4 },
        { activityId: cycling.activityId, rating: 1 },
      ],
    });
    expect(third.status).toBe(201);
    body = await progress();
    // Stored means 3 -> 4 (+1) would say unchanged; over the same three activities 3 -> 5 (+2).
    expect(body.outcomes.find((o: { instrument: string }) => o.instrument === 'psfs')).toEqual({
      instrument: 'psfs',
      baseline: { takenOn: '2026-11-24', value: 3 },
      latest: { takenOn: '2027-01-05', value: 5 },
      difference: 2,
      change: 'improved',
      activitiesCompared: 3,
    });
    expect(
      body.psfsActivities.map((a: { name: string; change: string }) => [a.name, a.change]),
    ).toEqual([
      ['Carry a crate of 10 kg', 'improved'],
      ['Sit through a one-hour meeting', 'unchanged'],
      [ACTIVITY_CANARY, 'unchanged'],
      ['Cycle to work', 'unchanged'],
    ]);
  });

  it('refuses an activity of another episode or an activity twice, storing nothing', async () => {
    const other = await careWorld(t);
    const foreign = await other
      .http()
      .post(`/episodes/${other.episodeId}/questionnaires`)
      .set(other.as(other.physio))
      .send({
        instrument: 'psfs',
        takenOn: '2026-11-24',
        answers: {
          activities: [
            { name: 'Walk the dog', rating: 4 },
            { name: 'Drive an hour', rating: 5 },
            { name: 'Garden', rating: 6 },
          ],
        },
      });
    expect(foreign.status).toBe(201);
    const count = async () =>
      (
        await w.db.query<{ responses: string; activities: string }[]>(
          `SELECT (SELECT count(*) FROM questionnaire_response WHERE episode_id = $1) AS responses,
                  (SELECT count(*) FROM psfs_activity WHERE episode_id = $1) AS activities`,
          [w.episodeId],
        )
      )[0];
    const before = await count();
    const [{ activityId: crate }] = (await progress()).psfsActivities;
    const refused = await record('psfs', '2027-01-12', {
      activities: [
        { activityId: foreign.body.answers.activities[0].activityId, rating: 3 },
        { name: 'A brand new activity', rating: 3 },
        { activityId: crate, rating: 7 },
        { name: 'carry a crate of 10 KG', rating: 7 },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'answers.activities.0.activityId',
        message: 'is not one of the activities rated before on this episode',
      },
      { field: 'answers.activities.3.name', message: 'names an activity already rated above' },
    ]);
    expect(await count()).toEqual(before);
  });

  it('never shows HR or the employee an activity name, and keeps it out of the logs', async () => {
    for (const user of [w.hr, w.employee]) {
      for (const route of ['/progress', '', '/work-status']) {
        const response = await w.http().get(path(route)).set(w.as(user));
        expect(response.status).toBe(200);
        expect(JSON.stringify(response.body)).not.toContain('CANARY');
      }
      expect((await w.http().get(path('/questionnaires')).set(w.as(user))).status).toBe(403);
    }
    const dashboard = await w.http().get('/dashboards/employer').set(w.as(w.hr));
    expect(JSON.stringify(dashboard.body)).not.toContain('CANARY');
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.logs.text).not.toContain('CANARY');
  });
});
