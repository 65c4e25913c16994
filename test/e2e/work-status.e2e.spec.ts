import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createEmployee } from '../factories/employees.js';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/** Every key of the functional view: what HR and the employee receive, and nothing else. */
const FUNCTIONAL_KEYS = [
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
].sort();

interface WorkStep {
  effectiveFrom: string;
  status: 'absent' | 'partial' | 'full_duty';
  percentOfContract: number;
  hoursPerWeek: number;
  restrictions: Record<string, unknown>;
}

describe('episodes: opening, the work status timeline and the NL 28-day rule', () => {
  let t: TestApp;
  let db: DataSource;
  let employer: string;
  let hrUser: TestUser;
  let physioUser: TestUser;
  let employeeUser: TestUser;
  let employeeId: string;
  const tokens = {} as Record<'hr' | 'physio' | 'employee' | 'otherHr', string>;
  const http = () => request(t.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const fields = (response: request.Response): string[] =>
    ((response.body.errors ?? []) as { field: string }[]).map((error) => error.field);

  const open = (body: Record<string, unknown>, token = tokens.hr) =>
    http().post('/episodes').set(bearer(token)).send(body);
  const step = (episodeId: string, body: Record<string, unknown>, token = tokens.hr) =>
    http().post(`/episodes/${episodeId}/work-status`).set(bearer(token)).send(body);
  const read = (episodeId: string, token = tokens.hr) =>
    http().get(`/episodes/${episodeId}`).set(bearer(token));
  /** Moves the episode on with the ETag it has just been read with. */
  const move = async (episodeId: string, to: string, closeReason?: string) => {
    const current = await read(episodeId);
    expect(current.headers.etag).toBe(`W/"${current.body.version}"`);
    const moved = await http()
      .post(`/episodes/${episodeId}/transitions`)
      .set(bearer(tokens.hr))
      .set('If-Match', current.headers.etag as string)
      .send(closeReason ? { to, closeReason } : { to });
    expect([moved.status, moved.body.status]).toEqual([200, to]);
    return moved;
  };
  /** referred -> intake -> active -> monitoring -> closed (full_rtw), as the lifecycle allows. */
  const closeFullReturn = async (episodeId: string) => {
    for (const to of ['intake', 'active', 'monitoring']) await move(episodeId, to);
    const closed = await move(episodeId, 'closed', 'full_rtw');
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'full_rtw', nextDue: null });
    return closed;
  };
  const stepsInDatabase = (episodeId: string) =>
    db.query<
      {
        effective_from: string;
        status: string;
        percent_of_contract: number;
        restrictions: object;
        recorded_by: string;
      }[]
    >(
      `SELECT to_char(effective_from, 'YYYY-MM-DD') AS effective_from, status, percent_of_contract,
              restrictions, recorded_by
         FROM work_status_period WHERE episode_id = $1 ORDER BY effective_from`,
      [episodeId],
    );

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    employer = await createEmployer(db);
    const practice = (
      await db.query<{ id: string }[]>(
        `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Practice', 1) RETURNING id`,
      )
    )[0].id;
    hrUser = await createUser(db, 'hr', { organisationId: employer });
    physioUser = await createUser(db, 'physio', { organisationId: practice });
    employeeUser = await createUser(db, 'employee', { organisationId: employer });
    employeeId = await createEmployee(db, employer, {
      fullName: 'Wim Status',
      userId: employeeUser.id,
    });
    tokens.hr = await accessTokenFor(t.app, hrUser);
    tokens.physio = await accessTokenFor(t.app, physioUser);
    tokens.employee = await accessTokenFor(t.app, employeeUser);
    tokens.otherHr = await accessTokenFor(
      t.app,
      await createUser(db, 'hr', { organisationId: await createEmployer(db) }),
    );
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('opens an absence with the contract hours, its clock and an absent first step; a preventive one at full duty', async () => {
    const employee = await createEmployee(db, employer);
    const opened = await open({
      employeeId: employee,
      jurisdiction: 'BE',
      referralDate: '2025-02-09',
      absenceStart: '2025-02-02',
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toEqual({
      id: expect.any(String),
      employeeId: employee,
      jurisdiction: 'BE',
      referralDate: '2025-02-09',
      absenceStart: '2025-02-02',
      status: 'referred',
      closeReason: null,
      careTeam: [],
      contractHours: 38,
      clockStart: '2025-02-02',
      continuesEpisodeId: null,
      workStatus: {
        effectiveFrom: '2025-02-02',
        status: 'absent',
        percentOfContract: 0,
        hoursPerWeek: 0,
        restrictions: {},
      },
      expectedFullReturn: null,
      nextDue: { kind: 'assign_care_team', dueOn: '2025-02-09' },
      version: 1,
    });
    expect(opened.headers.etag).toBe('W/"1"');
    expect(await stepsInDatabase(opened.body.id)).toEqual([
      {
        effective_from: '2025-02-02',
        status: 'absent',
        percent_of_contract: 0,
        restrictions: {},
        recorded_by: hrUser.id,
      },
    ]);
    const [row] = await db.query<{ contract_hours: string; clock_start: string }[]>(
      `SELECT contract_hours, to_char(clock_start, 'YYYY-MM-DD') AS clock_start FROM episode WHERE id = $1`,
      [opened.body.id],
    );
    expect(row).toEqual({ contract_hours: '38.0', clock_start: '2025-02-02' });

    // Given contract hours win over the employee's; a preventive episode starts at work, no clock.
    const preventive = await open({
      employeeId: await createEmployee(db, employer),
      jurisdiction: 'NL',
      referralDate: '2025-02-10',
      contractHours: 24.5,
    });
    expect(preventive.status).toBe(201);
    expect(preventive.body).toMatchObject({
      absenceStart: null,
      contractHours: 24.5,
      clockStart: null,
      continuesEpisodeId: null,
      workStatus: {
        effectiveFrom: '2025-02-10',
        status: 'full_duty',
        percentOfContract: 100,
        hoursPerWeek: 24.5,
        restrictions: {},
      },
      nextDue: { kind: 'assign_care_team', dueOn: '2025-02-10' },
    });
    expect(await stepsInDatabase(preventive.body.id)).toEqual([
      expect.objectContaining({
        effective_from: '2025-02-10',
        status: 'full_duty',
        percent_of_contract: 100,
      }),
    ]);

    // Contract hours outside 0.5-60, and an absence after the referral, are named.
    const bad = await open({
      employeeId: employee,
      jurisdiction: 'NL',
      referralDate: '2025-02-10',
      absenceStart: '2025-02-11',
      contractHours: 61,
    });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['contractHours']);
    // Someone else's employee is not a current employee of your employer.
    const foreign = await open(
      { employeeId: employee, jurisdiction: 'BE', referralDate: '2025-02-10' },
      tokens.otherHr,
    );
    expect([foreign.status, fields(foreign)]).toEqual([400, ['employeeId']]);
    const employeeOpens = await open(
      { employeeId: employee, jurisdiction: 'BE', referralDate: '2025-02-10' },
      tokens.employee,
    );
    expect(employeeOpens.status).toBe(403);
  });

  it('keeps one open episode per employee, also when referrals race', async () => {
    const employee = await createEmployee(db, employer);
    const body = { employeeId: employee, jurisdiction: 'BE', referralDate: '2025-03-02' };
    const first = await open(body);
    expect(first.status).toBe(201);
    const second = await open({ ...body, jurisdiction: 'NL', absenceStart: '2025-03-01' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ status: 409, code: 'episode_already_open' });

    const fresh = await createEmployee(db, employer);
    const racing = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        open({
          employeeId: fresh,
          jurisdiction: 'NL',
          referralDate: '2025-03-03',
          absenceStart: `2025-03-0${(i % 3) + 1}`,
        }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const refused of racing.filter((r) => r.status === 409))
      expect(refused.body.code).toBe('episode_already_open');
    const rows = await db.query<{ id: string; steps: string }[]>(
      `SELECT ep.id, (SELECT count(*) FROM work_status_period w WHERE w.episode_id = ep.id) AS steps
         FROM episode ep WHERE ep.employee_id = $1`,
      [fresh],
    );
    expect(rows).toEqual([
      { id: racing.find((r) => r.status === 201)?.body.id as string, steps: '1' },
    ]);

    // Once the open one is closed, a new referral is accepted.
    await closeFullReturn(first.body.id);
    const after = await open({ ...body, referralDate: '2025-04-01' });
    expect(after.status).toBe(201);
  });

  it('adds work status steps in functional terms, validating them, moving the version on', async () => {
    const opened = await open({
      employeeId,
      jurisdiction: 'BE',
      referralDate: '2025-04-07',
      absenceStart: '2025-04-06',
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    const before = await read(id);
    expect(before.headers.etag).toBe('W/"1"');

    const noPercent = await step(id, { effectiveFrom: '2025-04-20', status: 'partial' });
    expect([noPercent.status, fields(noPercent)]).toEqual([400, ['percentOfContract']]);
    const absentPercent = await step(id, {
      effectiveFrom: '2025-04-20',
      status: 'absent',
      percentOfContract: 50,
    });
    expect([absentPercent.status, fields(absentPercent)]).toEqual([400, ['percentOfContract']]);
    const fullPercent = await step(id, {
      effectiveFrom: '2025-04-20',
      status: 'full_duty',
      percentOfContract: 100,
    });
    expect([fullPercent.status, fields(fullPercent)]).toEqual([400, ['percentOfContract']]);
    const outOfRange = await step(id, {
      effectiveFrom: '2025-04-20',
      status: 'partial',
      percentOfContract: 100,
    });
    expect([outOfRange.status, fields(outOfRange)]).toEqual([400, ['percentOfContract']]);
    for (const effectiveFrom of ['2025-04-06', '2025-04-01']) {
      const notAfter = await step(id, { effectiveFrom, status: 'partial', percentOfContract: 50 });
      expect(notAfter.status).toBe(400);
      expect(notAfter.body.errors).toEqual([
        {
          field: 'effectiveFrom',
          message:
            'effectiveFrom must be after the latest step (2025-04-06); to correct the timeline in the past, send correction: true',
        },
      ]);
    }
    // The employee cannot record their own status.
    expect(
      (
        await step(
          id,
          { effectiveFrom: '2025-04-20', status: 'partial', percentOfContract: 50 },
          tokens.employee,
        )
      ).status,
    ).toBe(403);
    // Refusals changed nothing.
    expect(await stepsInDatabase(id)).toHaveLength(1);
    expect((await read(id)).headers.etag).toBe('W/"1"');

    const partial = await step(id, {
      effectiveFrom: '2025-04-20',
      status: 'partial',
      percentOfContract: 50,
    });
    expect(partial.status).toBe(201);
    expect(partial.body).toEqual([
      {
        effectiveFrom: '2025-04-06',
        status: 'absent',
        percentOfContract: 0,
        hoursPerWeek: 0,
        restrictions: {},
      },
      {
        effectiveFrom: '2025-04-20',
        status: 'partial',
        percentOfContract: 50,
        hoursPerWeek: 19,
        restrictions: {},
      },
    ]);
    const afterPartial = await read(id);
    expect(afterPartial.body.version).toBe(2);
    expect(afterPartial.headers.etag).toBe('W/"2"');
    expect(afterPartial.body.workStatus).toMatchObject({ status: 'partial', hoursPerWeek: 19 });
    // The old ETag is stale now.
    const stale = await http()
      .post(`/episodes/${id}/transitions`)
      .set(bearer(tokens.hr))
      .set('If-Match', before.headers.etag as string)
      .send({ to: 'intake' });
    expect([stale.status, stale.body.code]).toEqual([412, 'precondition_failed']);

    // Unknown restriction fields are refused by the whitelisting validation pipe, by name.
    const unknownField = await step(id, {
      effectiveFrom: '2025-05-04',
      status: 'full_duty',
      restrictions: { maxLiftKg: 10, diagnosis: 'hernia' },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toMatchObject({ code: 'validation_failed' });
    expect(unknownField.body.errors).toEqual([
      { field: 'restrictions.diagnosis', message: 'property diagnosis should not exist' },
    ]);
    expect(JSON.stringify(unknownField.body)).not.toContain('hernia');
    const badRestriction = await step(id, {
      effectiveFrom: '2025-05-04',
      status: 'full_duty',
      restrictions: { maxLiftKg: 101, tasksAvoided: ['x', 'x'] },
      bodyRegion: 'low_back',
    });
    expect(badRestriction.status).toBe(400);
    expect([...new Set(fields(badRestriction))].sort()).toEqual([
      'bodyRegion',
      'restrictions.maxLiftKg',
      'restrictions.tasksAvoided',
    ]);
    const absentRestricted = await step(id, {
      effectiveFrom: '2025-05-04',
      status: 'absent',
      restrictions: { maxLiftKg: 5 },
    });
    expect([absentRestricted.status, fields(absentRestricted)]).toEqual([400, ['restrictions']]);

    // A physiotherapist on the care team may record steps too.
    await http()
      .put(`/episodes/${id}/care-team`)
      .set(bearer(tokens.hr))
      .send({ physioUserId: physioUser.id })
      .expect(200);
    const restrictions = { maxLiftKg: 10, tasksAvoided: ['loading the van', 'night shifts'] };
    const fullDuty = await step(
      id,
      { effectiveFrom: '2025-05-04', status: 'full_duty', restrictions },
      tokens.physio,
    );
    expect(fullDuty.status).toBe(201);
    const expectedTimeline: WorkStep[] = [
      {
        effectiveFrom: '2025-04-06',
        status: 'absent',
        percentOfContract: 0,
        hoursPerWeek: 0,
        restrictions: {},
      },
      {
        effectiveFrom: '2025-04-20',
        status: 'partial',
        percentOfContract: 50,
        hoursPerWeek: 19,
        restrictions: {},
      },
      {
        effectiveFrom: '2025-05-04',
        status: 'full_duty',
        percentOfContract: 100,
        hoursPerWeek: 38,
        restrictions,
      },
    ];
    expect(fullDuty.body).toEqual(expectedTimeline);
    expect(await stepsInDatabase(id)).toEqual([
      expect.objectContaining({ effective_from: '2025-04-06', recorded_by: hrUser.id }),
      expect.objectContaining({
        effective_from: '2025-04-20',
        status: 'partial',
        percent_of_contract: 50,
        recorded_by: hrUser.id,
      }),
      {
        effective_from: '2025-05-04',
        status: 'full_duty',
        percent_of_contract: 100,
        restrictions,
        recorded_by: physioUser.id,
      },
    ]);

    // HR and the employee both get the timeline in order, restrictions included.
    for (const token of [tokens.hr, tokens.employee, tokens.physio]) {
      const timeline = await http().get(`/episodes/${id}/work-status`).set(bearer(token));
      expect(timeline.status).toBe(200);
      expect(timeline.body).toEqual(expectedTimeline);
      const view = await read(id, token);
      expect(view.body.workStatus).toEqual(expectedTimeline[2]);
      expect(view.body.version).toBe(3);
    }
    const outsider = await http().get(`/episodes/${id}/work-status`).set(bearer(tokens.otherHr));
    expect([outsider.status, outsider.body.code]).toEqual([404, 'not_found']);
    const outsiderStep = await step(
      id,
      { effectiveFrom: '2025-06-01', status: 'full_duty' },
      tokens.otherHr,
    );
    expect(outsiderStep.status).toBe(404);

    // A closed episode's timeline is final.
    await closeFullReturn(id);
    const afterClose = await step(id, { effectiveFrom: '2025-06-01', status: 'full_duty' });
    expect([afterClose.status, afterClose.body.code]).toEqual([409, 'episode_closed']);
    expect(await stepsInDatabase(id)).toHaveLength(3);
  });

  it('measures hours against the contract hours the episode was opened with', async () => {
    const opened = await open({
      employeeId: await createEmployee(db, employer),
      jurisdiction: 'NL',
      referralDate: '2025-05-11',
      absenceStart: '2025-05-11',
      contractHours: 32.5,
    });
    const partial = await step(opened.body.id, {
      effectiveFrom: '2025-05-18',
      status: 'partial',
      percentOfContract: 40,
    });
    expect(partial.body[1]).toMatchObject({ percentOfContract: 40, hoursPerWeek: 13 });
    expect((await read(opened.body.id)).body).toMatchObject({
      contractHours: 32.5,
      workStatus: { status: 'partial', percentOfContract: 40, hoursPerWeek: 13 },
    });
  });

  describe('NL: sickness periods less than four weeks apart count as one', () => {
    // Episode 1: absent from D = 2025-01-05, full duty from F = 2025-02-16 (last sick day 02-15).
    const D = '2025-01-05';
    const F = '2025-02-16';
    const firstAbsence = async (jurisdiction: 'NL' | 'BE' = 'NL') => {
      const employee = await createEmployee(db, employer);
      const opened = await open({
        employeeId: employee,
        jurisdiction,
        referralDate: '2025-01-07',
        absenceStart: D,
      });
      expect(opened.body.clockStart).toBe(D);
      expect((await step(opened.body.id, { effectiveFrom: F, status: 'full_duty' })).status).toBe(
        201,
      );
      await closeFullReturn(opened.body.id);
      return { employee, episodeId: opened.body.id as string };
    };
    const relapse = (employee: string, absenceStart: string, jurisdiction = 'NL') =>
      open({ employeeId: employee, jurisdiction, referralDate: absenceStart, absenceStart });

    it('continues the clock of an absence that ended 28 days before', async () => {
      const first = await firstAbsence();
      // Last sick day 2025-02-15 + 28 days.
      const second = await relapse(first.employee, '2025-03-15');
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({
        absenceStart: '2025-03-15',
        clockStart: D,
        continuesEpisodeId: first.episodeId,
        workStatus: { effectiveFrom: '2025-03-15', status: 'absent' },
      });
      const [row] = await db.query<{ continues_episode_id: string; clock_start: string }[]>(
        `SELECT continues_episode_id, to_char(clock_start, 'YYYY-MM-DD') AS clock_start FROM episode WHERE id = $1`,
        [second.body.id],
      );
      expect(row).toEqual({ continues_episode_id: first.episodeId, clock_start: D });

      // A third absence soon after the second carries the same clock along the chain.
      await step(second.body.id, { effectiveFrom: '2025-03-30', status: 'full_duty' });
      await closeFullReturn(second.body.id);
      const third = await relapse(first.employee, '2025-04-01');
      expect(third.body).toMatchObject({ clockStart: D, continuesEpisodeId: second.body.id });
    });

    it('starts a new clock 29 days after the last sick day', async () => {
      const first = await firstAbsence();
      const second = await relapse(first.employee, '2025-03-16');
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({
        absenceStart: '2025-03-16',
        clockStart: '2025-03-16',
        continuesEpisodeId: null,
      });
    });

    it('never links a Belgian episode, nor a Dutch one to a Belgian predecessor', async () => {
      const dutchFirst = await firstAbsence('NL');
      const belgian = await relapse(dutchFirst.employee, '2025-02-20', 'BE');
      expect(belgian.status).toBe(201);
      expect(belgian.body).toMatchObject({ clockStart: '2025-02-20', continuesEpisodeId: null });

      const belgianFirst = await firstAbsence('BE');
      const dutch = await relapse(belgianFirst.employee, '2025-02-20', 'NL');
      expect(dutch.status).toBe(201);
      expect(dutch.body).toMatchObject({ clockStart: '2025-02-20', continuesEpisodeId: null });
    });
  });

  it('shows HR and the employee the same functional view, without any clinical key', async () => {
    const doctorService = (
      await db.query<{ id: string }[]>(
        `INSERT INTO organisation (kind, name, version) VALUES ('occupational_health_service', 'Service', 1) RETURNING id`,
      )
    )[0].id;
    await db.query(
      `INSERT INTO service_contract (health_service_id, employer_id, valid_from, version) VALUES ($1, $2, DATE '2020-01-01', 1)`,
      [doctorService, employer],
    );
    const doctor = await createUser(db, 'occupational_doctor', { organisationId: doctorService });
    const employeeUser2 = await createUser(db, 'employee', { organisationId: employer });
    const employee2 = await createEmployee(db, employer, { userId: employeeUser2.id });
    const employeeToken = await accessTokenFor(t.app, employeeUser2);
    const opened = await open({
      employeeId: employee2,
      jurisdiction: 'NL',
      referralDate: '2025-06-02',
      absenceStart: '2025-06-01',
    });
    const id = opened.body.id as string;
    await http()
      .put(`/episodes/${id}/care-team`)
      .set(bearer(tokens.hr))
      .send({ physioUserId: physioUser.id, occupationalDoctorUserId: doctor.id })
      .expect(200);
    const complaint = await http()
      .put(`/episodes/${id}/complaint`)
      .set(bearer(tokens.physio))
      .send({
        regions: ['low_back'],
        side: 'left',
        specificity: 'specific',
        clinicalNote: 'WS-CANARY sciatica',
      });
    expect(complaint.status).toBe(200);
    await step(id, {
      effectiveFrom: '2025-06-15',
      status: 'partial',
      percentOfContract: 60,
      restrictions: { maxSittingMinutes: 30 },
    });

    const hrView = await read(id);
    const employeeView = await read(id, employeeToken);
    expect(hrView.status).toBe(200);
    expect(employeeView.body).toEqual(hrView.body);
    expect(Object.keys(hrView.body).sort()).toEqual(FUNCTIONAL_KEYS);
    expect(hrView.body).toMatchObject({
      nextDue: { kind: 'intake', dueOn: '2025-06-02' },
      workStatus: {
        status: 'partial',
        percentOfContract: 60,
        hoursPerWeek: 22.8,
        restrictions: { maxSittingMinutes: 30 },
      },
    });
    expect(hrView.body.careTeam).toEqual([
      { userId: doctor.id, name: 'Test occupational_doctor', role: 'occupational_doctor' },
      { userId: physioUser.id, name: 'Test physio', role: 'physio' },
    ]);

    const hrList = await http().get('/episodes').set(bearer(tokens.hr));
    const employeeList = await http().get('/episodes').set(bearer(employeeToken));
    expect(employeeList.body.items).toEqual([hrView.body]);
    expect((hrList.body.items as { id: string }[]).find((item) => item.id === id)).toEqual(
      hrView.body,
    );
    const hrTimeline = await http().get(`/episodes/${id}/work-status`).set(bearer(tokens.hr));
    const employeeTimeline = await http()
      .get(`/episodes/${id}/work-status`)
      .set(bearer(employeeToken));
    expect(hrTimeline.body).toHaveLength(2);
    expect(employeeTimeline.body).toEqual(hrTimeline.body);

    for (const response of [hrView, employeeView, hrList, employeeList, hrTimeline]) {
      const text = JSON.stringify(response.body);
      for (const clinical of ['complaint', 'WS-CANARY', 'low_back', 'specific', 'clinicalNote'])
        expect(text).not.toContain(clinical);
    }
    // The care team gets the clinical view on top of the same functional one.
    const physioView = await read(id, tokens.physio);
    expect(physioView.body).toEqual({
      ...hrView.body,
      complaint: expect.objectContaining({ specificity: 'specific' }),
    });
  });
});
