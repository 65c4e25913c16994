import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { TestUser } from '../factories/identity.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

describe('workplace interventions', () => {
  let t: TestApp;
  let db: DataSource;
  let hr: TestUser;
  let physio: TestUser;
  let employee: TestUser;
  let episodeId: string;
  let as: CareWorld['as'];
  let http: CareWorld['http'];
  const path = (rest = '') => `/episodes/${episodeId}${rest}`;
  const add = (body: object, user = hr) =>
    http().post(path('/interventions')).set(as(user)).send(body);
  const warnings = async () =>
    ((await http().get(path('/plans/1')).set(as(physio))).body.warnings as { rule: string }[]).map(
      (w) => w.rule,
    );

  beforeAll(async () => {
    t = await startTestApi();
    ({ db, hr, physio, employee, episodeId, as, http } = await careWorld(t, {
      doctorOnTeam: false,
    }));
    await http()
      .post(path('/plans'))
      .set(as(physio))
      .send({
        startDate: '2026-11-30',
        targetFullReturn: '2027-01-11',
        components: ['graded_activity', 'advice_education'],
        movementTrack: [],
        workTrack: [
          { from: '2026-11-30', percentOfContract: 50, tasksAllowed: [], tasksAvoided: [] },
        ],
        reviewDates: [],
      })
      .expect(201);
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('lets HR add interventions; ergonomic ones carry their evidence note; everyone reads them', async () => {
    expect(await warnings()).toEqual([]);
    const desk = await add({
      kind: 'workstation_adjustment',
      description: 'Sit-stand desk in the staff room',
      owner: 'Facilities, Campus Noord',
      dueOn: '2026-12-04',
      costEur: 450,
      planNumber: 1,
    });
    expect(desk.status).toBe(201);
    expect(desk.body).toEqual({
      id: expect.any(String),
      kind: 'workstation_adjustment',
      description: 'Sit-stand desk in the staff room',
      owner: 'Facilities, Campus Noord',
      dueOn: '2026-12-04',
      status: 'planned',
      costEur: 450,
      planNumber: 1,
      evidenceNote: 'moderate evidence; not sufficient alone',
      version: 1,
    });
    // Ergonomics as the only workplace measure: the plan warns (GL-4) until another measure comes.
    expect(await warnings()).toEqual(['GL-4']);
    const hours = await add({ kind: 'reduced_hours', description: 'Mornings only', owner: 'HR' });
    expect(hours.body.evidenceNote).toBeNull();
    expect(await warnings()).toEqual([]);

    for (const user of [physio, employee]) {
      const list = await http().get(path('/interventions')).set(as(user));
      expect(list.status).toBe(200);
      expect(list.body.map((i: { kind: string }) => i.kind)).toEqual([
        'workstation_adjustment',
        'reduced_hours',
      ]);
    }
    expect(
      (await add({ kind: 'equipment', description: 'Chair', owner: 'HR' }, physio)).status,
    ).toBe(403);
  });

  it('refuses bad input naming the field, and fields a client may not set', async () => {
    const bad = await add({
      kind: 'massage',
      description: 'x',
      owner: 'HR',
      costEur: -1,
      planNumber: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'costEur',
      'description',
      'kind',
    ]);
    const noPlan = await add({
      kind: 'task_rotation',
      description: 'Rotate duties',
      owner: 'HR',
      planNumber: 9,
    });
    expect([noPlan.status, noPlan.body.errors[0].field]).toEqual([400, 'planNumber']);
    const sneaky = await add({
      kind: 'equipment',
      description: 'Chair',
      owner: 'HR',
      version: 7,
      episodeId,
    });
    expect(sneaky.status).toBe(400);
    const [{ count }] = await db.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM workplace_intervention WHERE episode_id = $1`,
      [episodeId],
    );
    expect(count).toBe('2');
  });

  it('changes an intervention only with its ETag: one of 50 concurrent changes wins', async () => {
    const [desk] = (await http().get(path('/interventions')).set(as(hr))).body;
    const url = path(`/interventions/${desk.id}`);
    expect((await http().patch(url).set(as(hr)).send({ status: 'done' })).status).toBe(428);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        http()
          .patch(url)
          .set(as(hr))
          .set('If-Match', 'W/"1"')
          .send({ status: i % 2 ? 'in_progress' : 'done', costEur: 400 + i }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    const winner = results.find((r) => r.status === 200)!;
    expect(winner.body.version).toBe(2);
    const cleared = await http()
      .patch(url)
      .set(as(hr))
      .set('If-Match', winner.headers.etag as string)
      .send({ dueOn: null, costEur: null });
    expect(cleared.body).toMatchObject({
      dueOn: null,
      costEur: null,
      version: 3,
      status: winner.body.status,
    });
  });
});
