import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { redFlagsForRegions } from '../../src/modules/triage/red-flags.js';
import { createEmployee } from '../factories/employees.js';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const CANARY = 'CANARY-7d21-herniated-disc';
/** The low-back red-flag screen (here only set-up: triage.e2e checks the catalogue itself). */
const LOW_BACK_FLAGS = redFlagsForRegions(['low_back']).map((flag) => flag.code);
const screen = (...present: string[]) =>
  Object.fromEntries(LOW_BACK_FLAGS.map((code) => [code, present.includes(code)]));

describe('dashboards', () => {
  let t: TestApp;
  let db: DataSource;
  let employer: string;
  let hr: TestUser;
  let physio: TestUser;
  let otherPhysio: TestUser;
  let doctor: TestUser;
  let strangerDoctor: TestUser;
  let employeeUser: TestUser;
  const ep: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'closed' | 'foreign', string> = {} as never;
  const tokens = new Map<string, string>();
  const http = () => request(t.app.getHttpServer());
  const as = (user: TestUser) => ({ Authorization: `Bearer ${tokens.get(user.id)}` });
  const login = async (user: TestUser) => {
    tokens.set(user.id, await accessTokenFor(t.app, user));
    return user;
  };
  const organisation = async (kind: string) =>
    (
      await db.query<{ id: string }[]>(
        `INSERT INTO organisation (kind, name, version) VALUES ($1, $1, 1) RETURNING id`,
        [kind],
      )
    )[0].id;
  const ok = async (call: request.Test, status = 200) => {
    const response = await call;
    expect({
      status: response.status,
      body: response.status === status ? 'ok' : response.body,
    }).toEqual({ status, body: 'ok' });
    return response;
  };
  const open = async (
    referralDate: string,
    options: { hr?: TestUser; employer?: string; userId?: string } = {},
  ) => {
    const employeeId = await createEmployee(db, options.employer ?? employer, {
      fullName: `Employee ${referralDate}`,
      userId: options.userId,
    });
    const opened = await ok(
      http()
        .post('/episodes')
        .set(as(options.hr ?? hr))
        .send({ employeeId, jurisdiction: 'BE', referralDate, absenceStart: referralDate }),
      201,
    );
    return opened.body.id as string;
  };
  const team = (id: string, members: object) =>
    ok(http().put(`/episodes/${id}/care-team`).set(as(hr)).send(members));
  const complaint = (id: string, by = physio) =>
    ok(
      http()
        .put(`/episodes/${id}/complaint`)
        .set(as(by))
        .send({
          regions: ['low_back'],
          side: 'left',
          specificity: 'aspecific',
          clinicalNote: `${CANARY} L5 radicular pain`,
        }),
    );
  const intake = (id: string, body: object) =>
    ok(http().put(`/episodes/${id}/intake`).set(as(physio)).send(body));
  const auditedEpisodes = async (response: request.Response) =>
    (
      await db.query<{ action: string; object_id: string }[]>(
        `SELECT action, object_id FROM audit_event WHERE correlation_id = $1 ORDER BY object_id`,
        [response.headers['x-request-id']],
      )
    ).map((row) => `${row.action}:${row.object_id}`);

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    employer = await createEmployer(db);
    const service = await organisation('occupational_health_service');
    const practice = await organisation('physio_practice');
    await db.query(
      `INSERT INTO service_contract (health_service_id, employer_id, valid_from, version) VALUES ($1, $2, DATE '2020-01-01', 1)`,
      [service, employer],
    );
    hr = await login(await createUser(db, 'hr', { organisationId: employer }));
    physio = await login(await createUser(db, 'physio', { organisationId: practice }));
    otherPhysio = await login(await createUser(db, 'physio', { organisationId: practice }));
    doctor = await login(await createUser(db, 'occupational_doctor', { organisationId: service }));
    strangerDoctor = await login(
      await createUser(db, 'occupational_doctor', {
        organisationId: await organisation('occupational_health_service'),
      }),
    );
    employeeUser = await login(await createUser(db, 'employee', { organisationId: employer }));

    // a: nobody on the care team yet; b: waiting for the intake; c: screened, checkpoints planned.
    ep.a = await open('2026-10-01');
    ep.b = await open('2026-10-05', { userId: employeeUser.id });
    await team(ep.b, { physioUserId: physio.id });
    ep.c = await open('2026-10-03');
    await team(ep.c, { physioUserId: physio.id, occupationalDoctorUserId: doctor.id });
    await complaint(ep.c);
    await intake(ep.c, {
      redFlags: screen(),
      rehabilitationPotential: 'good',
      expectedFullReturn: '2027-01-15',
    });
    await ok(
      http()
        .post(`/episodes/${ep.c}/questionnaire-assignments`)
        .set(as(physio))
        .send({ instrument: 'odi' }),
      201,
    );
    // d and e: red flags awaiting the doctor; e's is an emergency.
    ep.d = await open('2026-10-10');
    await team(ep.d, { physioUserId: physio.id });
    await complaint(ep.d);
    await intake(ep.d, { redFlags: screen('fever') });
    ep.e = await open('2026-10-12');
    await team(ep.e, { physioUserId: otherPhysio.id });
    await complaint(ep.e, otherPhysio);
    await ok(
      http()
        .put(`/episodes/${ep.e}/intake`)
        .set(as(otherPhysio))
        .send({ redFlags: screen('saddle_anaesthesia') }),
    );
    // A closed episode and another employer's stay off every list.
    ep.closed = await open('2026-09-01');
    const current = await http().get(`/episodes/${ep.closed}`).set(as(hr));
    await ok(
      http()
        .post(`/episodes/${ep.closed}/transitions`)
        .set(as(hr))
        .set('If-Match', current.headers.etag as string)
        .send({ to: 'closed', closeReason: 'withdrawn' }),
    );
    const otherEmployer = await createEmployer(db);
    const otherHr = await login(await createUser(db, 'hr', { organisationId: otherEmployer }));
    ep.foreign = await open('2026-09-15', { hr: otherHr, employer: otherEmployer });
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('gives HR its open episodes, soonest due first, with counts and the true total', async () => {
    const board = await ok(http().get('/dashboards/employer').set(as(hr)));
    expect(board.body.counts).toEqual({
      // c, d and e had their intake recorded, which moved them on to intake.
      referred: 2,
      intake: 3,
      active: 0,
      monitoring: 0,
      // a and b wait for their team and intake; c, d and e for the Belgian four-week checkpoint.
      overdue: 5,
    });
    expect(board.body.total).toBe(5);
    expect(board.body.items.map((item: { episode: { id: string } }) => item.episode.id)).toEqual([
      ep.a,
      ep.b,
      ep.c,
      ep.d,
      ep.e,
    ]);
    expect(board.body.items[0]).toEqual({
      employee: {
        id: expect.any(String),
        fullName: 'Employee 2026-10-01',
        employeeNumber: expect.any(String),
        department: null,
      },
      episode: expect.objectContaining({
        status: 'referred',
        nextDue: { kind: 'assign_care_team', dueOn: '2026-10-01' },
      }),
    });
    expect(board.body.items[1].episode.nextDue).toEqual({ kind: 'intake', dueOn: '2026-10-05' });
    // Screened: the next thing due is its first checkpoint (four weeks of absence, day 29).
    expect(board.body.items[2].episode.nextDue).toEqual({
      kind: 'checkpoint',
      dueOn: '2026-10-31',
    });

    const second = await ok(http().get('/dashboards/employer?limit=2&offset=2').set(as(hr)));
    expect(second.body).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(second.body.items.map((item: { episode: { id: string } }) => item.episode.id)).toEqual([
      ep.c,
      ep.d,
    ]);
    const bad = await http().get('/dashboards/employer?limit=0').set(as(hr));
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'limit']);
  });

  it('never shows HR or the employee a clinical field (diagnosis canary)', async () => {
    // The canary is really stored, and the care team sees it.
    const clinical = await ok(http().get(`/episodes/${ep.c}`).set(as(physio)));
    expect(JSON.stringify(clinical.body)).toContain(CANARY);

    const functional = [
      await ok(http().get('/dashboards/employer').set(as(hr))),
      await ok(http().get('/dashboards/employer?limit=1&offset=3').set(as(hr))),
      await ok(http().get('/episodes').set(as(hr))),
      await ok(http().get(`/episodes/${ep.c}`).set(as(hr))),
      await ok(http().get(`/episodes/${ep.d}`).set(as(hr))),
      await ok(http().get(`/episodes/${ep.b}`).set(as(employeeUser))),
      await ok(http().get('/episodes').set(as(employeeUser))),
    ];
    for (const response of functional) {
      const text = JSON.stringify(response.body);
      for (const clinicalValue of [
        CANARY,
        'low_back',
        'aspecific',
        'urgent_referral',
        'fever',
        'saddle',
        'chronicity',
        'regions',
      ]) {
        expect(text).not.toContain(clinicalValue);
      }
    }
    for (const path of ['/dashboards/caseload', '/dashboards/review']) {
      expect((await http().get(path).set(as(hr))).status).toBe(403);
      expect((await http().get(path).set(as(employeeUser))).status).toBe(403);
    }
  });

  it("gives the physiotherapist its caseload with the clinical state, each episode's read audited", async () => {
    const board = await ok(http().get('/dashboards/caseload').set(as(physio)));
    expect(board.body.total).toBe(3);
    // What needs attention first: d's red flag, then soonest due.
    expect(board.body.items.map((item: { episode: { id: string } }) => item.episode.id)).toEqual([
      ep.d,
      ep.b,
      ep.c,
    ]);
    const [d, b, c] = board.body.items;
    expect(b.clinical).toEqual({
      regions: [],
      specificity: null,
      urgentReferral: false,
      pathway: null,
      chronicityRisk: null,
      questionnairesPending: 0,
      lastQuestionnaireOn: null,
    });
    expect(c.clinical).toMatchObject({
      regions: ['low_back'],
      specificity: 'aspecific',
      urgentReferral: false,
      questionnairesPending: 1,
    });
    expect(d.clinical).toMatchObject({ urgentReferral: true, pathway: 'urgent_referral' });
    expect(await auditedEpisodes(board)).toEqual(
      [ep.b, ep.c, ep.d].sort().map((id) => `dashboard.caseload:${id}`),
    );

    const other = await ok(http().get('/dashboards/caseload').set(as(otherPhysio)));
    expect(other.body.items.map((item: { episode: { id: string } }) => item.episode.id)).toEqual([
      ep.e,
    ]);
    expect((await http().get('/dashboards/employer').set(as(physio))).status).toBe(403);
  });

  it('gives the occupational doctor the urgent referrals, emergencies first, until cleared', async () => {
    const board = await ok(http().get('/dashboards/review').set(as(doctor)));
    expect(board.body.total).toBe(2);
    expect(board.body.urgentReferrals).toEqual([
      expect.objectContaining({
        episode: expect.objectContaining({ id: ep.e }),
        emergency: true,
        regions: ['low_back'],
        flaggedAt: expect.any(String),
      }),
      expect.objectContaining({ episode: expect.objectContaining({ id: ep.d }), emergency: false }),
    ]);
    expect(await auditedEpisodes(board)).toEqual(
      [ep.d, ep.e].sort().map((id) => `dashboard.review:${id}`),
    );
    expect((await ok(http().get('/dashboards/review').set(as(strangerDoctor)))).body.total).toBe(0);

    await ok(
      http()
        .post(`/episodes/${ep.d}/red-flags/clearance`)
        .set(as(doctor))
        .send({ reason: 'Afebrile on examination.' }),
    );
    const after = await ok(http().get('/dashboards/review').set(as(doctor)));
    expect(
      after.body.urgentReferrals.map((r: { episode: { id: string } }) => r.episode.id),
    ).toEqual([ep.e]);
  });

  it("lists the plans waiting for the doctor's approval, oldest first, until decided", async () => {
    const drafted = await ok(
      http()
        .post(`/episodes/${ep.c}/plans`)
        .set(as(physio))
        .send({
          startDate: '2026-11-30',
          targetFullReturn: '2027-01-15',
          components: ['graded_activity', 'advice_education'],
          movementTrack: [],
          workTrack: [
            { from: '2026-11-30', percentOfContract: 50, tasksAllowed: [], tasksAvoided: [] },
          ],
          reviewDates: [],
        }),
      201,
    );
    await ok(
      http()
        .post(`/episodes/${ep.c}/plans/1/submit`)
        .set(as(physio))
        .set('If-Match', drafted.headers.etag as string),
    );
    const board = await ok(http().get('/dashboards/review').set(as(doctor)));
    expect(board.body.plansAwaitingReviewTotal).toBe(1);
    expect(board.body.plansAwaitingReview).toEqual([
      expect.objectContaining({
        episode: expect.objectContaining({ id: ep.c }),
        planNumber: 1,
        submittedAt: expect.any(String),
      }),
    ]);
    expect(await auditedEpisodes(board)).toEqual(
      [ep.c, ep.e].sort().map((id) => `dashboard.review:${id}`),
    );
    const stranger = await ok(http().get('/dashboards/review').set(as(strangerDoctor)));
    expect(stranger.body).toMatchObject({ plansAwaitingReview: [], plansAwaitingReviewTotal: 0 });

    const plan = await http().get(`/episodes/${ep.c}/plans/1`).set(as(doctor));
    await ok(
      http()
        .post(`/episodes/${ep.c}/plans/1/approve`)
        .set(as(doctor))
        .set('If-Match', plan.headers.etag as string),
    );
    const after = await ok(http().get('/dashboards/review').set(as(doctor)));
    expect(after.body).toMatchObject({ plansAwaitingReview: [], plansAwaitingReviewTotal: 0 });
  });
});
