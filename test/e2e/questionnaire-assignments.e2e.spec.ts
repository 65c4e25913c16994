import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createEmployee } from '../factories/employees.js';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const START_BACK_HIGH = {
  item_1: 1,
  item_2: 1,
  item_3: 1,
  item_4: 1,
  item_5: 1,
  item_6: 1,
  item_7: 1,
  item_8: 1,
  item_9: 'extremely',
};

describe('questionnaires the employee fills in themself', () => {
  let t: TestApp;
  let db: DataSource;
  let hr: TestUser;
  let physio: TestUser;
  let employee: TestUser;
  let colleague: TestUser;
  let episodeId: string;
  const tokens = new Map<string, string>();
  const http = () => request(t.app.getHttpServer());
  const as = (user: TestUser) => ({ Authorization: `Bearer ${tokens.get(user.id)}` });
  const login = async (user: TestUser) => {
    tokens.set(user.id, await accessTokenFor(t.app, user));
    return user;
  };
  const assignments = (path = '') => `/episodes/${episodeId}/questionnaire-assignments${path}`;
  const assign = (body: object, user = physio) =>
    http().post(assignments()).set(as(user)).send(body);
  const auditActions = async (response: request.Response) =>
    (
      await db.query<{ action: string }[]>(
        `SELECT action FROM audit_event WHERE correlation_id = $1`,
        [response.headers['x-request-id']],
      )
    ).map((row) => row.action);

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    const employer = await createEmployer(db);
    const [{ id: practice }] = await db.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Practice', 1) RETURNING id`,
    );
    hr = await login(await createUser(db, 'hr', { organisationId: employer }));
    physio = await login(await createUser(db, 'physio', { organisationId: practice }));
    employee = await login(await createUser(db, 'employee', { organisationId: employer }));
    colleague = await login(await createUser(db, 'employee', { organisationId: employer }));
    const employeeId = await createEmployee(db, employer, { userId: employee.id });
    await createEmployee(db, employer, { userId: colleague.id });
    const opened = await http().post('/episodes').set(as(hr)).send({
      employeeId,
      jurisdiction: 'NL',
      referralDate: '2026-11-02',
      absenceStart: '2026-10-30',
    });
    expect(opened.status).toBe(201);
    episodeId = opened.body.id;
    const team = await http()
      .put(`/episodes/${episodeId}/care-team`)
      .set(as(hr))
      .send({ physioUserId: physio.id });
    expect(team.status).toBe(200);
    const complaint = await http()
      .put(`/episodes/${episodeId}/complaint`)
      .set(as(physio))
      .send({ regions: ['low_back'], side: 'both', specificity: 'aspecific' });
    expect(complaint.status).toBe(200);
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('lets the physiotherapist assign an instrument: audited, and the employee is told', async () => {
    const assigned = await assign({ instrument: 'start_back', dueOn: '2026-12-01' });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toEqual({
      id: expect.any(String),
      instrument: 'start_back',
      dueOn: '2026-12-01',
      status: 'pending',
      assignedAt: expect.any(String),
      completedAt: null,
      responseId: null,
    });
    expect(await auditActions(assigned)).toEqual(['questionnaire.assign']);

    const inbox = await http().get('/notifications').set(as(employee));
    expect(inbox.body.items).toEqual([
      expect.objectContaining({ kind: 'questionnaire_assigned', episodeId }),
    ]);
    expect((await http().get('/notifications').set(as(colleague))).body.total).toBe(0);

    const again = await assign({ instrument: 'start_back' });
    expect([again.status, again.body.code]).toEqual([409, 'conflict']);
    const bad = await assign({ instrument: 'tampa', dueOn: '2026-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'dueOn',
      'instrument',
    ]);
  });

  it("shows the employee the form, never someone else's and never to HR", async () => {
    const mine = await http().get('/me/questionnaires').set(as(employee));
    expect(mine.status).toBe(200);
    expect(mine.body).toHaveLength(1);
    expect(mine.body[0]).toMatchObject({ instrument: 'start_back', dueOn: '2026-12-01' });
    expect(mine.body[0].items).toHaveLength(9);
    expect(mine.body[0].items[0]).toEqual({ code: 'item_1', kind: 'integer', min: 0, max: 1 });
    expect((await http().get('/me/questionnaires').set(as(colleague))).body).toEqual([]);
    expect((await http().get('/me/questionnaires').set(as(hr))).status).toBe(403);
    expect((await assign({ instrument: 'odi' }, hr)).status).toBe(403);
  });

  it('stores, scores and re-evaluates the pathway when the employee sends the answers', async () => {
    const [pending] = (await http().get('/me/questionnaires').set(as(employee))).body;
    const before = await http().get(`/episodes/${episodeId}/pathway`).set(as(physio));
    expect(before.body.chronicityRisk).toBeNull();

    const foreign = await http()
      .post(`/me/questionnaires/${pending.id}`)
      .set(as(colleague))
      .send({ answers: START_BACK_HIGH });
    expect(foreign.status).toBe(404);
    const invalid = await http()
      .post(`/me/questionnaires/${pending.id}`)
      .set(as(employee))
      .send({ answers: { ...START_BACK_HIGH, item_9: 'sometimes' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(['answers.item_9']);

    const sent = await http()
      .post(`/me/questionnaires/${pending.id}`)
      .set(as(employee))
      .send({ answers: START_BACK_HIGH });
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({
      id: pending.id,
      instrument: 'start_back',
      status: 'completed',
      completedAt: expect.any(String),
      // A screening risk is discussed with the care team, not given as a label.
      result: { bandLabel: null },
    });
    expect(await auditActions(sent)).toEqual(['questionnaire.self_report']);
    const twice = await http()
      .post(`/me/questionnaires/${pending.id}`)
      .set(as(employee))
      .send({ answers: START_BACK_HIGH });
    expect([twice.status, twice.body.code]).toEqual([409, 'conflict']);

    const stored = await http().get(`/episodes/${episodeId}/questionnaires`).set(as(physio));
    expect(stored.body).toEqual([
      expect.objectContaining({
        instrument: 'start_back',
        score: expect.objectContaining({ total: 9, psychosocial: 5, stratum: 'high' }),
      }),
    ]);
    const [{ entered_by }] = await db.query<{ entered_by: string }[]>(
      `SELECT entered_by FROM questionnaire_response WHERE episode_id = $1`,
      [episodeId],
    );
    expect(entered_by).toBe(employee.id);
    const list = await http().get(assignments()).set(as(physio));
    expect(list.body).toEqual([
      expect.objectContaining({
        id: pending.id,
        status: 'completed',
        responseId: stored.body[0].id,
      }),
    ]);
    const after = await http().get(`/episodes/${episodeId}/pathway`).set(as(physio));
    expect(after.body.chronicityRisk).toBe('high');
    expect((await http().get('/me/questionnaires').set(as(employee))).body).toEqual([]);
  });

  it('lets the physiotherapist withdraw a pending instrument, once', async () => {
    const { body: assigned } = await assign({ instrument: 'nrs_pain' });
    const withdrawn = await http()
      .delete(assignments(`/${assigned.id}`))
      .set(as(physio));
    expect([withdrawn.status, withdrawn.body.status]).toEqual([200, 'cancelled']);
    expect(await auditActions(withdrawn)).toEqual(['questionnaire.unassign']);
    const again = await http()
      .delete(assignments(`/${assigned.id}`))
      .set(as(physio));
    expect([again.status, again.body.code]).toEqual([409, 'conflict']);
    const late = await http()
      .post(`/me/questionnaires/${assigned.id}`)
      .set(as(employee))
      .send({ answers: { score: 3 } });
    expect([late.status, late.body.code]).toEqual([409, 'conflict']);
    const unknown = await http()
      .delete(assignments('/6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'))
      .set(as(physio));
    expect(unknown.status).toBe(404);
    // Withdrawn, it can be asked again.
    expect((await assign({ instrument: 'nrs_pain' })).status).toBe(201);
  });

  /** The physiotherapist assigns, the employee finds it on their list and sends the answers. */
  const fillIn = async (instrument: string, answers: object) => {
    // Assigned now, or still waiting from an earlier test.
    const assigned = await assign({ instrument });
    if (assigned.status !== 201) expect(assigned.body.code).toBe('conflict');
    const mine = await http().get('/me/questionnaires').set(as(employee));
    const form = (mine.body as { id: string; instrument: string }[]).find(
      (q) => q.instrument === instrument,
    )!;
    const sent = await http()
      .post(`/me/questionnaires/${form.id}`)
      .set(as(employee))
      .send({ answers });
    return { form, sent };
  };
  const sections = (value: number) =>
    Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`item_${i + 1}`, value]));

  it.each([
    ['odi', sections(1), 'minimal limitation', 'minimal'],
    ['odi', sections(3), 'severe limitation', 'severe'],
    ['odi', sections(4), 'very severe limitation', 'crippled'],
    ['odi', sections(5), 'extreme limitation', 'bed_bound'],
    ['ndi', sections(4), 'very severe limitation', 'complete'],
    ['work_ability', { score: 4 }, 'low work ability', undefined],
    ['nrs_pain', { score: 8 }, null, undefined],
  ])(
    'tells the employee their %s band in plain words (%j)',
    async (instrument, answers, bandLabel, clinicalBand) => {
      const { sent } = await fillIn(instrument, answers);
      expect(sent.status).toBe(201);
      expect(sent.body.result).toEqual({ bandLabel });
      expect(Object.keys(sent.body).sort()).toEqual(
        ['completedAt', 'id', 'instrument', 'result', 'status'].sort(),
      );
      expect(JSON.stringify(sent.body)).not.toMatch(/crippl|bed.?bound/i);
      // The care team keeps the published band code, on the response just stored.
      const stored = await http().get(`/episodes/${episodeId}/questionnaires`).set(as(physio));
      const latest = (stored.body as { instrument: string; score: { band?: string } }[]).at(-1)!;
      expect(latest.instrument).toBe(instrument);
      expect(latest.score.band).toBe(clinicalBand);
    },
  );

  it('lets the employee name their PSFS activities, then rate the same ones again', async () => {
    const names = ['CANARY-41d9 lifting the toddler', 'Carry the laptop bag', 'Stand at the board'];
    const first = await fillIn('psfs', {
      activities: names.map((name, index) => ({ name, rating: index + 2 })),
    });
    expect(first.form).toMatchObject({
      items: [],
      psfs: {
        minActivities: 3,
        maxActivities: 5,
        ratingMin: 0,
        ratingMax: 10,
        nameMaxLength: 120,
        activities: [],
      },
    });
    expect([first.sent.status, first.sent.body.result]).toEqual([201, { bandLabel: null }]);

    expect((await assign({ instrument: 'psfs' })).status).toBe(201);
    const listed = await http().get('/me/questionnaires').set(as(employee));
    const form = (
      listed.body as {
        id: string;
        instrument: string;
        psfs: { activities: { activityId: string; name: string }[] };
      }[]
    ).find((q) => q.instrument === 'psfs')!;
    expect(form.psfs.activities.map((a) => a.name)).toEqual(names);
    expect(await auditActions(listed)).toEqual(['questionnaire.psfs_activities_read']);
    // Someone else's list holds none of it.
    expect(JSON.stringify((await http().get('/me/questionnaires').set(as(colleague))).body)).toBe(
      '[]',
    );

    const refused = await http()
      .post(`/me/questionnaires/${form.id}`)
      .set(as(employee))
      .send({
        answers: {
          activities: [
            { activityId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', rating: 5 },
            ...form.psfs.activities.slice(1).map(({ activityId }) => ({ activityId, rating: 5 })),
          ],
        },
      });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'answers.activities.0.activityId',
        message: 'is not one of the activities rated before on this episode',
      },
    ]);

    const again = await http()
      .post(`/me/questionnaires/${form.id}`)
      .set(as(employee))
      .send({
        answers: {
          activities: form.psfs.activities.map(({ activityId }, index) => ({
            activityId,
            rating: index === 0 ? 8 : 3 + index,
          })),
        },
      });
    expect(again.status).toBe(201);
    const progress = await http().get(`/episodes/${episodeId}/progress`).set(as(physio));
    expect(
      (progress.body.psfsActivities as { name: string; difference: number; change: string }[]).map(
        (a) => [a.name, a.difference, a.change],
      ),
    ).toEqual([
      [names[0], 6, 'improved'],
      [names[1], 1, 'unchanged'],
      [names[2], 1, 'unchanged'],
    ]);
    // HR reads none of it.
    for (const route of [
      `/episodes/${episodeId}/progress`,
      `/episodes/${episodeId}`,
      '/notifications',
    ]) {
      const response = await http().get(route).set(as(hr));
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toContain('CANARY');
    }
    expect((await http().get(assignments()).set(as(hr))).status).toBe(403);
  });
});
