import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { TestUser } from '../factories/identity.js';
import { bridging, planDraft, workWeek } from '../factories/plans.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const CANARY = 'CANARY-41c8-lumbar-radiculopathy';

const exercise = (overrides: object = {}) => bridging({ name: `Bridging ${CANARY}`, ...overrides });

const content = (overrides: object = {}) =>
  planDraft({
    components: ['graded_activity', 'advice_education', 'return_to_work_programme'],
    movementTrack: [exercise()],
    workTrack: [
      workWeek('2026-11-30', 50, {
        tasksAllowed: ['lessons'],
        tasksAvoided: ['lifting pupils'],
        maxLiftKg: 5,
      }),
      workWeek('2026-12-14', 75, { tasksAllowed: ['lessons', 'playground duty'] }),
    ],
    reviewDates: ['2026-12-14', '2026-12-28'],
    ...overrides,
  });

describe('graded activity plans', () => {
  let t: TestApp;
  let db: DataSource;
  let hr: TestUser;
  let physio: TestUser;
  let doctor: TestUser;
  let employee: TestUser;
  let episodeId: string;
  let as: CareWorld['as'];
  let http: CareWorld['http'];
  const plans = (path = '') => `/episodes/${episodeId}/plans${path}`;
  const read = async (number: number, user = physio) => {
    const response = await http()
      .get(plans(`/${number}`))
      .set(as(user));
    expect(response.status).toBe(200);
    return response;
  };
  const act = async (number: number, verb: string, user: TestUser, body: object = {}) => {
    const current = await read(number, user);
    return http()
      .post(plans(`/${number}/${verb}`))
      .set(as(user))
      .set('If-Match', current.headers.etag as string)
      .send(body);
  };
  // The plan's notifications; a worker of another test may announce the episode's checkpoints.
  const kindsFor = async (user: TestUser) =>
    (
      await db.query<{ kind: string }[]>(
        `SELECT kind FROM notification WHERE recipient_user_id = $1 AND episode_id = $2
            AND kind LIKE 'plan%' ORDER BY created_at`,
        [user.id, episodeId],
      )
    ).map((row) => row.kind);

  beforeAll(async () => {
    t = await startTestApi();
    ({ db, hr, physio, doctor, employee, episodeId, as, http } = await careWorld(t));
    await http()
      .put(`/episodes/${episodeId}/complaint`)
      .set(as(physio))
      .send({ regions: ['low_back'], side: 'left', specificity: 'aspecific' })
      .expect(200);
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('previews schedules, and answers 422 naming the field when they cannot be made', async () => {
    const quota = await http()
      .post('/plan-schedules/exercise')
      .set(as(physio))
      .send({
        baseline: [10, 12, 11],
        target: 20,
        startDate: '2026-11-30',
        targetDate: '2027-01-11',
      });
    expect(quota.status).toBe(200);
    expect(quota.body.startQuota).toBe(8);
    expect(quota.body.steps.map((s: { quota: number }) => s.quota)).toEqual([
      8, 10, 12, 14, 16, 18, 20,
    ]);
    const hours = await http().post('/plan-schedules/hours').set(as(physio)).send({
      contractHours: 38,
      startPercent: 0,
      startDate: '2026-11-30',
      targetDate: '2027-01-25',
    });
    expect(hours.body.steps.at(-1)).toEqual({
      week: 8,
      from: '2027-01-25',
      percentOfContract: 100,
      hoursPerWeek: 38,
    });
    for (const [body, field] of [
      [
        { baseline: [0, 0, 0], target: 20, startDate: '2026-11-30', targetDate: '2027-01-11' },
        'baseline',
      ],
      [
        { baseline: [10, 12, 11], target: 20, startDate: '2026-11-30', targetDate: '2026-11-01' },
        'targetDate',
      ],
    ] as const) {
      const refused = await http().post('/plan-schedules/exercise').set(as(physio)).send(body);
      expect([refused.status, refused.body.errors[0].field]).toEqual([422, field]);
    }
    expect((await http().post('/plan-schedules/exercise').set(as(hr)).send({})).status).toBe(403);
  });

  it('lets the physiotherapist draft a plan: schedule generated, grades and warnings shown, audited', async () => {
    const refused = await http()
      .post(plans())
      .set(as(physio))
      .send(content({ movementTrack: [exercise({ baseline: [0, 0, 0] })] }));
    expect([refused.status, refused.body.errors]).toEqual([
      422,
      [{ field: 'movementTrack.0.baseline', message: expect.any(String) }],
    ]);
    const backwards = await http()
      .post(plans())
      .set(as(physio))
      .send(content({ targetFullReturn: '2026-11-01' }));
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e: { field: string }) => e.field)).toContain(
      'targetFullReturn',
    );
    expect(await db.query(`SELECT 1 FROM plan_version WHERE episode_id = $1`, [episodeId])).toEqual(
      [],
    );

    const drafted = await http()
      .post(plans())
      .set(as(physio))
      .send(content({ components: ['manual_therapy'] }));
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ number: 1, status: 'draft', version: 1 });
    expect(drafted.body.movementTrack[0].schedule.map((s: { quota: number }) => s.quota)).toEqual([
      8, 10, 12, 14, 16, 18, 20,
    ]);
    expect(drafted.body.components).toEqual([{ code: 'manual_therapy', grade: 'moderate' }]);
    expect(drafted.body.warnings.map((w: { rule: string }) => w.rule)).toEqual([
      'GL-1',
      'GL-2',
      'GL-3',
    ]);
    expect(drafted.body.workTrack[0]).toMatchObject({ percentOfContract: 50, hoursPerWeek: 19 });
    const [audit] = await db.query<{ action: string }[]>(
      `SELECT action FROM audit_event WHERE correlation_id = $1`,
      [drafted.headers['x-request-id']],
    );
    expect(audit.action).toBe('plan.create');

    const second = await http().post(plans()).set(as(physio)).send(content());
    expect([second.status, second.body.code]).toEqual([409, 'conflict']);
    expect((await http().post(plans()).set(as(doctor)).send(content())).status).toBe(403);
  });

  it('takes exactly one of 50 concurrent edits made with the same ETag', async () => {
    const current = await read(1);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        http()
          .put(plans('/1'))
          .set(as(physio))
          .set('If-Match', current.headers.etag as string)
          .send(content({ reviewDates: [`2026-12-${String((i % 28) + 1).padStart(2, '0')}`] })),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412 || s === 409)).toHaveLength(49);
    const after = await read(1);
    expect(after.body.version).toBe(current.body.version + 1);
  });

  it('runs the approval: changes requested, resubmitted, approved, acknowledged, agreed', async () => {
    expect((await act(1, 'approve', doctor)).status).toBe(409); // still a draft
    expect((await act(1, 'submit', physio)).status).toBe(200);
    expect(await kindsFor(doctor)).toEqual(['plan_submitted']);
    const returned = await act(1, 'request-changes', doctor, {
      remarks: `Add education. ${CANARY}`,
    });
    expect(returned.body).toMatchObject({
      status: 'changes_requested',
      remarks: `Add education. ${CANARY}`,
    });
    expect(await kindsFor(physio)).toEqual(['plan_changes_requested']);

    const edit = await read(1);
    const edited = await http()
      .put(plans('/1'))
      .set(as(physio))
      .set('If-Match', edit.headers.etag as string)
      .send(content());
    expect(edited.body).toMatchObject({ status: 'draft', remarks: null, warnings: [] });
    expect((await act(1, 'submit', physio)).status).toBe(200);
    const approved = await act(1, 'approve', doctor);
    expect(approved.body).toMatchObject({
      status: 'approved',
      signOffs: { approvedAt: expect.any(String) },
    });
    expect(await kindsFor(hr)).toEqual(['plan_to_acknowledge']);

    // Approved is final: the API refuses a change, and so does the database.
    const late = await read(1);
    const change = await http()
      .put(plans('/1'))
      .set(as(physio))
      .set('If-Match', late.headers.etag as string)
      .send(content());
    expect([change.status, change.body.code]).toEqual([409, 'conflict']);
    await expect(
      db.query(
        `UPDATE plan_version SET movement_track = '[]' WHERE episode_id = $1 AND number = 1`,
        [episodeId],
      ),
    ).rejects.toThrow(/approved plan version cannot change/);

    expect((await act(1, 'agree', employee)).status).toBe(409); // HR first
    const acknowledged = await act(1, 'acknowledge', hr);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.signOffs.hrAcknowledgedAt).toEqual(expect.any(String));
    expect(await kindsFor(employee)).toEqual(['plan_to_agree']);
    expect((await act(1, 'acknowledge', hr)).status).toBe(409);
    const agreed = await act(1, 'agree', employee);
    expect(agreed.body.signOffs.employeeAgreedAt).toEqual(expect.any(String));
  });

  it('shows HR and the employee the work track only (diagnosis canary)', async () => {
    const clinical = await read(1, physio);
    expect(JSON.stringify(clinical.body)).toContain(CANARY);
    for (const user of [hr, employee]) {
      for (const response of [await read(1, user), await http().get(plans()).set(as(user))]) {
        expect(response.status).toBe(200);
        const text = JSON.stringify(response.body);
        for (const word of [
          CANARY,
          'movementTrack',
          'components',
          'remarks',
          'warnings',
          'Bridging',
          'graded_activity',
        ])
          expect(text).not.toContain(word);
      }
    }
    const functional = await read(1, hr);
    expect(Object.keys(functional.body).sort()).toEqual(
      [
        'number',
        'reviewDates',
        'signOffs',
        'startDate',
        'status',
        'targetFullReturn',
        'version',
        'workTrack',
      ].sort(),
    );
    expect(functional.body.workTrack[0]).toEqual({
      from: '2026-11-30',
      percentOfContract: 50,
      hoursPerWeek: 19,
      tasksAllowed: ['lessons'],
      tasksAvoided: ['lifting pupils'],
      maxLiftKg: 5,
    });
  });

  it('makes a change a new version, which supersedes the approved one once approved', async () => {
    const v2 = await http()
      .post(plans())
      .set(as(physio))
      .send(content({ targetFullReturn: '2027-02-01' }));
    expect(v2.body).toMatchObject({ number: 2, status: 'draft' });
    expect((await read(1)).body.status).toBe('approved');
    await act(2, 'submit', physio);
    expect((await act(2, 'approve', doctor)).body.status).toBe('approved');
    expect((await read(1)).body.status).toBe('superseded');
    // What changed since version 1: everything for the care team, the work track and dates for HR.
    const clinicalDiff = await http().get(plans('/2/diff')).set(as(doctor));
    expect(clinicalDiff.body).toMatchObject({ from: 1, to: 2 });
    const paths = clinicalDiff.body.changes.map((c: { path: string }) => c.path);
    expect(paths).toContain('targetFullReturn');
    expect(clinicalDiff.body.changes).toContainEqual({
      path: 'targetFullReturn',
      from: '2027-01-11',
      to: '2027-02-01',
    });
    expect(paths.some((path: string) => path.startsWith('movementTrack'))).toBe(true);
    const hrDiff = await http().get(plans('/2/diff?against=1')).set(as(hr));
    expect(hrDiff.status).toBe(200);
    for (const change of hrDiff.body.changes as { path: string }[])
      expect(change.path).toMatch(/^(startDate|targetFullReturn|workTrack|reviewDates)/);
    expect(JSON.stringify(hrDiff.body)).not.toContain(CANARY);
    // Nothing comes before version 1: every field of it is added, for each audience its own.
    const first = await http().get(plans('/1/diff')).set(as(hr));
    expect(first.status).toBe(200);
    const v1 = (await read(1, hr)).body;
    const functionalFields = ['startDate', 'targetFullReturn', 'workTrack', 'reviewDates'];
    expect(first.body).toEqual({
      from: null,
      to: 1,
      changes: functionalFields.map((field) => ({ path: field, from: null, to: v1[field] })),
    });
    expect(JSON.stringify(first.body)).not.toContain(CANARY);
    const firstClinical = await http().get(plans('/1/diff')).set(as(doctor));
    expect(firstClinical.status).toBe(200);
    const clinicalV1 = (await read(1, doctor)).body;
    expect(firstClinical.body.changes).toEqual(
      [...functionalFields, 'components', 'movementTrack'].map((field) => ({
        path: field,
        from: null,
        to: clinicalV1[field],
      })),
    );
    // A version that does not exist, to show or to compare with: 404.
    for (const path of ['/9/diff', '/1/diff?against=9', '/9/diff?against=1']) {
      for (const user of [hr, doctor]) {
        const missing = await http().get(plans(path)).set(as(user));
        expect([path, missing.status]).toEqual([path, 404]);
      }
    }

    const list = await http().get(plans()).set(as(hr));
    expect(list.body.map((p: { number: number; status: string }) => [p.number, p.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
  });
});
