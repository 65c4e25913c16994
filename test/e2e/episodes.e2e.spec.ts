import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { addDays, addMonths, todayIn } from '../../src/common/dates/calendar.js';
import { createEmployee } from '../factories/employees.js';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const CANARY = 'CANARY-7d1f-hernia-L5';

describe('episodes: functional for HR and the employee, clinical for the care team', () => {
  let t: TestApp;
  let db: DataSource;
  let employer: string;
  let employeeId: string;
  let episodeId: string;
  let physioUser: TestUser;
  let doctorUser: TestUser;
  const tokens = {} as Record<
    'hr' | 'physio' | 'doctor' | 'employee' | 'otherPhysio' | 'otherDoctor',
    string
  >;
  const http = () => request(t.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    employer = await createEmployer(db);
    const org = async (kind: string) =>
      (
        await db.query<{ id: string }[]>(
          `INSERT INTO organisation (kind, name, version) VALUES ($1, $1, 1) RETURNING id`,
          [kind],
        )
      )[0].id;
    const practice = await org('physio_practice');
    const service = await org('occupational_health_service');
    const otherService = await org('occupational_health_service');
    await db.query(
      `INSERT INTO service_contract (health_service_id, employer_id, valid_from, version) VALUES ($1, $2, DATE '2020-01-01', 1)`,
      [service, employer],
    );
    const employeeUser = await createUser(db, 'employee', { organisationId: employer });
    employeeId = await createEmployee(db, employer, {
      fullName: 'Gert Case',
      userId: employeeUser.id,
    });
    physioUser = await createUser(db, 'physio', { organisationId: practice });
    doctorUser = await createUser(db, 'occupational_doctor', { organisationId: service });
    tokens.hr = await accessTokenFor(
      t.app,
      await createUser(db, 'hr', { organisationId: employer }),
    );
    tokens.physio = await accessTokenFor(t.app, physioUser);
    tokens.doctor = await accessTokenFor(t.app, doctorUser);
    tokens.employee = await accessTokenFor(t.app, employeeUser);
    tokens.otherPhysio = await accessTokenFor(
      t.app,
      await createUser(db, 'physio', { organisationId: practice }),
    );
    tokens.otherDoctor = await accessTokenFor(
      t.app,
      await createUser(db, 'occupational_doctor', { organisationId: otherService }),
    );
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('lets HR open an episode for its own current employee, naming bad fields', async () => {
    const bad = await http().post('/episodes').set(bearer(tokens.hr)).send({
      employeeId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      jurisdiction: 'FR',
      referralDate: '2026-11-02',
      absenceStart: '2026-11-09',
    });
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'jurisdiction',
    ]);
    const wrong = await http().post('/episodes').set(bearer(tokens.hr)).send({
      employeeId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      jurisdiction: 'BE',
      referralDate: '2026-11-02',
      absenceStart: '2026-11-09',
    });
    expect((wrong.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'absenceStart',
      'employeeId',
    ]);

    const opened = await http().post('/episodes').set(bearer(tokens.hr)).send({
      employeeId,
      jurisdiction: 'BE',
      referralDate: '2026-11-02',
      absenceStart: '2026-10-26',
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      employeeId,
      jurisdiction: 'BE',
      status: 'referred',
      absenceStart: '2026-10-26',
      careTeam: [],
    });
    episodeId = opened.body.id;
  });

  it('puts a physiotherapist and a serving doctor on the care team', async () => {
    const notServing = await http()
      .put(`/episodes/${episodeId}/care-team`)
      .set(bearer(tokens.hr))
      .send({
        occupationalDoctorUserId: (
          await db.query<{ id: string }[]>(
            `SELECT id FROM app_user WHERE id <> $1 AND role = 'occupational_doctor' ORDER BY created_at DESC LIMIT 1`,
            [doctorUser.id],
          )
        )[0].id,
      });
    expect(notServing.body.errors?.[0]?.field).toBe('occupationalDoctorUserId');
    const set = await http()
      .put(`/episodes/${episodeId}/care-team`)
      .set(bearer(tokens.hr))
      .send({ physioUserId: physioUser.id, occupationalDoctorUserId: doctorUser.id });
    expect(set.status).toBe(200);
    expect((set.body.careTeam as { role: string }[]).map((m) => m.role)).toEqual([
      'occupational_doctor',
      'physio',
    ]);
  });

  it('keeps every clinical field away from HR, the employee, logs and error answers (diagnosis canary)', async () => {
    const recorded = await http()
      .put(`/episodes/${episodeId}/complaint`)
      .set(bearer(tokens.physio))
      .send({
        regions: ['low_back'],
        side: 'left',
        specificity: 'aspecific',
        clinicalNote: `${CANARY} radiating pain`,
      });
    expect(recorded.status).toBe(200);
    expect(recorded.body.complaint).toMatchObject({
      regions: ['low_back'],
      clinicalNote: `${CANARY} radiating pain`,
    });
    const doctorView = await http().get(`/episodes/${episodeId}`).set(bearer(tokens.doctor));
    expect(doctorView.body.complaint.clinicalNote).toContain(CANARY);

    const functionalReads = [
      await http().get(`/episodes/${episodeId}`).set(bearer(tokens.hr)),
      await http().get('/episodes').set(bearer(tokens.hr)),
      await http().get(`/episodes/${episodeId}`).set(bearer(tokens.employee)),
      await http().get('/episodes').set(bearer(tokens.employee)),
      await http().get(`/employees/${employeeId}`).set(bearer(tokens.hr)),
      await http()
        .put(`/episodes/${episodeId}/complaint`)
        .set(bearer(tokens.hr))
        .send({ clinicalNote: CANARY }),
      await http()
        .put(`/episodes/${episodeId}/complaint`)
        .set(bearer(tokens.physio))
        .send({ regions: [CANARY], side: CANARY, specificity: 'aspecific', clinicalNote: 7 }),
    ];
    for (const response of functionalReads) {
      expect(response.status).toBeLessThan(500);
      expect(JSON.stringify(response.body)).not.toContain(CANARY);
    }
    // The body region is clinical too: no HR or employee answer names it.
    for (const response of functionalReads.slice(0, 6))
      expect(JSON.stringify(response.body)).not.toContain('low_back');
    expect(functionalReads[0].body.complaint).toBeUndefined();
    expect(Object.keys(functionalReads[0].body).sort()).toEqual(
      [
        'absenceStart',
        'careTeam',
        'clockStart',
        'closeReason',
        'continuesEpisodeId',
        'contractHours',
        'employeeId',
        'expectedFullReturn',
        'id',
        'jurisdiction',
        'nextDue',
        'referralDate',
        'status',
        'version',
        'workStatus',
      ].sort(),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.logs.text).not.toContain(CANARY);
  });

  it('answers a physio off the care team and a doctor of another service with 404, and records the denial', async () => {
    for (const token of [tokens.otherPhysio, tokens.otherDoctor]) {
      const response = await http().get(`/episodes/${episodeId}`).set(bearer(token));
      expect(response.status).toBe(404);
      const rows = await db.query<{ outcome: string; subject_employee_id: string }[]>(
        `SELECT outcome, subject_employee_id FROM audit_event WHERE correlation_id = $1`,
        [response.headers['x-request-id']],
      );
      expect(rows).toEqual([{ outcome: 'denied', subject_employee_id: employeeId }]);
    }
  });

  it('writes exactly one audit row per clinical read or write, denials included (1,000 accesses)', async () => {
    const before = await db.query<{ count: string }[]>(
      `SELECT count(*) FROM audit_event WHERE subject_employee_id = $1`,
      [employeeId],
    );
    const calls = Array.from({ length: 1000 }, (_, i) => {
      if (i % 10 === 0)
        return () => http().get(`/episodes/${episodeId}`).set(bearer(tokens.otherPhysio));
      if (i % 10 === 1)
        return () =>
          http()
            .put(`/episodes/${episodeId}/complaint`)
            .set(bearer(tokens.physio))
            .send({ regions: ['neck'], side: 'both', specificity: 'aspecific' });
      return () =>
        http()
          .get(`/episodes/${episodeId}`)
          .set(bearer(i % 2 ? tokens.physio : tokens.doctor));
    });
    const statuses: number[] = [];
    for (let i = 0; i < calls.length; i += 25) {
      statuses.push(
        ...(await Promise.all(calls.slice(i, i + 25).map((call) => call()))).map((r) => r.status),
      );
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(900);
    expect(statuses.filter((s) => s === 404)).toHaveLength(100);
    const rows = await db.query<{ outcome: string; count: string; complete: string }[]>(
      `SELECT outcome, count(*) AS count,
              count(*) FILTER (WHERE actor_user_id IS NOT NULL AND actor_role IS NOT NULL AND action <> ''
                                 AND object_id = $2 AND correlation_id IS NOT NULL AND occurred_at IS NOT NULL
                                 AND on_behalf_of_organisation_id IS NOT NULL AND address IS NOT NULL) AS complete
         FROM audit_event WHERE subject_employee_id = $1 AND id > 0
        GROUP BY outcome ORDER BY outcome`,
      [employeeId, episodeId],
    );
    const total = rows.reduce((sum, row) => sum + Number(row.count), 0) - Number(before[0].count);
    expect(total).toBe(1000);
    const byOutcome = Object.fromEntries(rows.map((row) => [row.outcome, Number(row.count)]));
    expect(byOutcome.denied).toBe(102); // 100 here, 2 in the test before
    for (const row of rows) expect(row.complete).toBe(row.count);
  });

  it('stores instruments scored as published, for the care team only', async () => {
    const startBack = {
      instrument: 'start_back',
      takenOn: '2026-11-20',
      answers: {
        item_1: 1,
        item_2: 1,
        item_3: 0,
        item_4: 0,
        item_5: 1,
        item_6: 1,
        item_7: 1,
        item_8: 0,
        item_9: 'very_much',
      },
    };
    const stored = await http()
      .post(`/episodes/${episodeId}/questionnaires`)
      .set(bearer(tokens.physio))
      .send(startBack);
    expect(stored.status).toBe(201);
    expect(stored.body.score).toMatchObject({ total: 6, psychosocial: 4, stratum: 'high' });

    const bad = await http()
      .post(`/episodes/${episodeId}/questionnaires`)
      .set(bearer(tokens.physio))
      .send({ ...startBack, answers: { ...startBack.answers, item_3: 7, item_99: 1 } });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
      'answers.item_3',
      'answers.item_99',
    ]);

    const odi = await http()
      .post(`/episodes/${episodeId}/questionnaires`)
      .set(bearer(tokens.doctor))
      .send({
        instrument: 'odi',
        takenOn: '2026-11-21',
        answers: { item_1: 2, item_2: 2, item_3: 2, item_4: 2, item_5: 2, item_6: 2, item_7: 2 },
      });
    expect(odi.status).toBe(201);
    expect(odi.body.score).toMatchObject({ scored: false, reason: 'too_many_missing' });

    const list = await http()
      .get(`/episodes/${episodeId}/questionnaires`)
      .set(bearer(tokens.doctor));
    expect((list.body as { instrument: string }[]).map((r) => r.instrument)).toEqual([
      'start_back',
      'odi',
    ]);
    expect(
      (await http().get(`/episodes/${episodeId}/questionnaires`).set(bearer(tokens.hr))).status,
    ).toBe(403);
    expect(
      (await http().get(`/episodes/${episodeId}/questionnaires`).set(bearer(tokens.employee)))
        .status,
    ).toBe(403);
    const outsider = await http()
      .get(`/episodes/${episodeId}/questionnaires`)
      .set(bearer(tokens.otherPhysio));
    expect(outsider.status).toBe(404);
    const [denial] = await db.query<{ action: string; outcome: string }[]>(
      `SELECT action, outcome FROM audit_event WHERE correlation_id = $1`,
      [outsider.headers['x-request-id']],
    );
    expect(denial).toEqual({ action: 'questionnaire.read', outcome: 'denied' });
  });

  describe('plausible dates', () => {
    const today = todayIn();
    const open = (body: object, token = tokens.hr) =>
      http()
        .post('/episodes')
        .set(bearer(token))
        .send({ jurisdiction: 'BE', ...body });
    const storedFor = async (employee: string) =>
      (
        await db.query<{ count: number }[]>(
          `SELECT ((SELECT count(*) FROM episode WHERE employee_id = $1)
                 + (SELECT count(*) FROM work_status_period w JOIN episode e ON e.id = w.episode_id
                     WHERE e.employee_id = $1))::int AS count`,
          [employee],
        )
      )[0].count;
    const fieldsOf = (response: { body: { errors?: { field: string }[] } }) =>
      (response.body.errors ?? []).map((error) => error.field).sort();

    it.each([
      ['referralDate 91 days ahead', { referralDate: addDays(today, 91) }, ['referralDate']],
      [
        'absenceStart 91 days ahead',
        { referralDate: addDays(today, 91), absenceStart: addDays(today, 91) },
        ['absenceStart', 'referralDate'],
      ],
      ['a mistyped year ahead', { referralDate: '2062-01-05' }, ['referralDate']],
      [
        'an absence more than 10 years back, historic',
        { referralDate: today, absenceStart: addDays(addMonths(today, -120), -1), historic: true },
        ['absenceStart'],
      ],
    ])('refuses %s with 422 naming the field, and stores nothing', async (_, body, fields) => {
      const employee = await createEmployee(db, employer);
      const refused = await open({ employeeId: employee, ...body });
      expect(refused.status).toBe(422);
      expect(refused.body.type).toBe('urn:rtw:problem:unprocessable');
      expect(fieldsOf(refused)).toEqual(fields);
      expect(await storedFor(employee)).toBe(0);
    });

    it('accepts a referral 90 days ahead, and an absence starting then', async () => {
      const employee = await createEmployee(db, employer);
      const latest = addDays(today, 90);
      const opened = await open({
        employeeId: employee,
        referralDate: latest,
        absenceStart: latest,
      });
      expect(opened.status).toBe(201);
      expect(opened.body).toMatchObject({ referralDate: latest, absenceStart: latest });
    });

    it('refuses dates more than six weeks before the enrolment unless the episode is brought in as historic', async () => {
      const enrolledOn = addDays(today, -30);
      const employee = await createEmployee(db, employer, { enrolledOn });
      const before = { referralDate: addDays(today, -20), absenceStart: addDays(enrolledOn, -43) };
      const refused = await open({ employeeId: employee, ...before });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        {
          field: 'absenceStart',
          message: expect.stringContaining(
            `enrolment on ${enrolledOn} (${addDays(enrolledOn, -42)} at the earliest); send historic: true`,
          ),
        },
      ]);
      expect(await storedFor(employee)).toBe(0);
      expect((await open({ employeeId: employee, ...before, historic: false })).status).toBe(422);
      expect((await open({ employeeId: employee, ...before, historic: 'yes' })).status).toBe(400);
      // Six weeks before the enrolment (the employee enrolled because they fell ill): no flag needed.
      const onTheDay = await createEmployee(db, employer, { enrolledOn });
      const sixWeeks = addDays(enrolledOn, -42);
      expect(
        (await open({ employeeId: onTheDay, referralDate: enrolledOn, absenceStart: sixWeeks }))
          .status,
      ).toBe(201);

      const historic = await open({ employeeId: employee, ...before, historic: true });
      expect(historic.status).toBe(201);
      expect(historic.body).toMatchObject({ absenceStart: before.absenceStart });
      expect(await storedFor(employee)).toBe(2);
    });

    it('never tells about the enrolment of an employee the caller may not see', async () => {
      const otherEmployer = await createEmployer(db);
      const stranger = await createEmployee(db, otherEmployer, { enrolledOn: addDays(today, -5) });
      const refused = await open({
        employeeId: stranger,
        referralDate: addDays(today, -10),
        absenceStart: addDays(today, -10),
      });
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused)).toEqual(['employeeId']);
      expect(JSON.stringify(refused.body)).not.toContain('enrolment');
    });
  });
});
