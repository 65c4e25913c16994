import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { PATHWAY_RULES } from '../../src/modules/triage/pathway-engine.js';
import { RED_FLAG_CODES } from '../../src/modules/triage/red-flags.js';
import { createEmployee } from '../factories/employees.js';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const CANARY = 'CANARY-3b9e-spondylodiscitis';

/** The subject key of an urgent referral: a hash of the set of flags, naming none of them. */
const flagSetKey = (...codes: string[]): string =>
  createHash('sha256').update(codes.sort().join(',')).digest('hex').slice(0, 16);

/** The low-back red-flag screen, in catalogue order (docs/domain.md section 6.8). */
const LOW_BACK_FLAGS = [
  'saddle_anaesthesia',
  'bladder_bowel_dysfunction',
  'progressive_neurological_deficit',
  'major_trauma',
  'long_term_steroids',
  'age_over_70',
  'history_of_cancer',
  'unexplained_weight_loss',
  'new_pain_after_50',
  'no_improvement_4_6_weeks',
  'night_pain',
  'fever',
  'iv_drug_use',
  'immunosuppression',
  'recent_spinal_surgery',
];

/** Every low-back flag answered, `present` ones true. */
const screen = (...present: string[]): Record<string, boolean> =>
  Object.fromEntries(LOW_BACK_FLAGS.map((code) => [code, present.includes(code)]));

const START_BACK_LOW = {
  instrument: 'start_back',
  takenOn: '2026-10-06',
  answers: {
    item_1: 0,
    item_2: 0,
    item_3: 0,
    item_4: 0,
    item_5: 0,
    item_6: 0,
    item_7: 0,
    item_8: 0,
    item_9: 'not_at_all',
  },
};

/** OMPSQ-10 with every item at `value`: three reversed items score 10 - value. */
const ompsq = (duration: number, takenOn: string) => ({
  instrument: 'ompsq_10',
  takenOn,
  answers: {
    duration,
    pain_level: 5,
    light_work_hour: 5,
    sleep: 5,
    tense_anxious: 5,
    depressed: 5,
    pain_persist_risk: 5,
    work_chance: 5,
    stop_activities: 5,
    no_normal_work: 5,
  },
});

const PHYSIO_LED_COMPONENTS = [
  { code: 'stay_active_advice', grade: 'strongest', ruleId: 'ALWAYS-1' },
  { code: 'exercise_therapy', grade: 'strongest', ruleId: 'ALWAYS-1' },
  { code: 'graded_activity', grade: 'strongest', ruleId: 'PL-2' },
  { code: 'advice_education', grade: 'strongest', ruleId: 'ALWAYS-1' },
  { code: 'return_to_work_programme', grade: 'strongest', ruleId: 'RTW-1' },
  { code: 'workplace_intervention', grade: 'moderate', ruleId: 'RTW-1' },
];

const URGENT_TEXT_NL = 'Een episode wacht op uw medische beoordeling (dringende verwijzing).';
const CLEARED_TEXT_EN = 'The occupational doctor cleared an episode: the pathway can go on.';

interface World {
  employer: string;
  service: string;
  practice: string;
  hr: TestUser;
  physio: TestUser;
  doctor: TestUser;
}

interface Ep {
  id: string;
  employeeId: string;
}

interface Notification {
  id: string;
  kind: string;
  text: string;
  episodeId: string | null;
  createdAt: string;
  readAt: string | null;
}

describe('triage: red flags, the pathway and its notifications', () => {
  let t: TestApp;
  let db: DataSource;
  let world: World;
  let employeeUser: TestUser;
  let employeeId: string;
  let otherDoctor: TestUser;
  const tokenOf = new Map<string, string>();
  const http = () => request(t.app.getHttpServer());
  const auth = (user: TestUser) => ({ Authorization: `Bearer ${tokenOf.get(user.id)}` });
  const fields = (response: request.Response): string[] =>
    ((response.body.errors ?? []) as { field: string }[]).map((error) => error.field);

  const login = async (user: TestUser): Promise<TestUser> => {
    tokenOf.set(user.id, await accessTokenFor(t.app, user));
    return user;
  };
  const organisation = async (kind: string): Promise<string> =>
    (
      await db.query<{ id: string }[]>(
        `INSERT INTO organisation (kind, name, version) VALUES ($1, $1, 1) RETURNING id`,
        [kind],
      )
    )[0].id;
  const serve = (service: string, employer: string) =>
    db.query(
      `INSERT INTO service_contract (health_service_id, employer_id, valid_from, version) VALUES ($1, $2, DATE '2020-01-01', 1)`,
      [service, employer],
    );
  /** An employer served by a service of its own, with HR, a physiotherapist and a doctor. */
  const makeWorld = async (): Promise<World> => {
    const employer = await createEmployer(db);
    const service = await organisation('occupational_health_service');
    const practice = await organisation('physio_practice');
    await serve(service, employer);
    return {
      employer,
      service,
      practice,
      hr: await login(await createUser(db, 'hr', { organisationId: employer })),
      physio: await login(await createUser(db, 'physio', { organisationId: practice })),
      doctor: await login(await createUser(db, 'occupational_doctor', { organisationId: service })),
    };
  };

  /** HR opens an episode and puts the physiotherapist (and a doctor, unless null) on the team. */
  const openEpisode = async (
    options: { in?: World; employeeId?: string; physio?: TestUser; doctor?: TestUser | null } = {},
  ): Promise<Ep> => {
    const w = options.in ?? world;
    const employee = options.employeeId ?? (await createEmployee(db, w.employer));
    const opened = await http().post('/episodes').set(auth(w.hr)).send({
      employeeId: employee,
      jurisdiction: 'BE',
      referralDate: '2026-10-05',
      absenceStart: '2026-10-01',
    });
    expect(opened.status).toBe(201);
    const doctor = options.doctor === undefined ? w.doctor : options.doctor;
    const team = await http()
      .put(`/episodes/${opened.body.id}/care-team`)
      .set(auth(w.hr))
      .send({
        physioUserId: (options.physio ?? w.physio).id,
        ...(doctor ? { occupationalDoctorUserId: doctor.id } : {}),
      });
    expect(team.status).toBe(200);
    return { id: opened.body.id as string, employeeId: employee };
  };

  /** Exactly one audit row for the request: the allowed clinical access by `actor`. */
  const expectAudited = async (
    response: request.Response,
    action: string,
    ep: Ep,
    actor: TestUser,
  ) => {
    const rows = await db.query<object[]>(
      `SELECT action, outcome, actor_user_id, object_type, object_id, subject_employee_id
         FROM audit_event WHERE correlation_id = $1`,
      [response.headers['x-request-id']],
    );
    expect(rows).toEqual([
      {
        action,
        outcome: 'allowed',
        actor_user_id: actor.id,
        object_type: 'episode',
        object_id: ep.id,
        subject_employee_id: ep.employeeId,
      },
    ]);
  };
  const auditRows = (response: request.Response) =>
    db.query<{ action: string; outcome: string }[]>(
      `SELECT action, outcome FROM audit_event WHERE correlation_id = $1`,
      [response.headers['x-request-id']],
    );

  /** A clinical call that must succeed with `status` and write exactly its one audit row. */
  const clinical = async (
    action: string,
    ep: Ep,
    actor: TestUser,
    send: (headers: Record<string, string>) => request.Test,
    status = 200,
  ): Promise<request.Response> => {
    const response = await send(auth(actor));
    expect({
      status: response.status,
      body: response.status === status ? 'ok' : response.body,
    }).toEqual({ status, body: 'ok' });
    await expectAudited(response, action, ep, actor);
    return response;
  };
  const recordComplaint = (ep: Ep, body: object, actor = world.physio) =>
    clinical('complaint.update', ep, actor, (h) =>
      http().put(`/episodes/${ep.id}/complaint`).set(h).send(body),
    );
  const lowBackComplaint = (ep: Ep, extra: object = {}, actor = world.physio) =>
    recordComplaint(
      ep,
      { regions: ['low_back'], side: 'left', specificity: 'aspecific', ...extra },
      actor,
    );
  const questionnaire = (ep: Ep, body: object, actor = world.physio) =>
    clinical(
      'questionnaire.create',
      ep,
      actor,
      (h) => http().post(`/episodes/${ep.id}/questionnaires`).set(h).send(body),
      201,
    );
  const intake = (ep: Ep, body: object, actor = world.physio) =>
    clinical('triage.update', ep, actor, (h) =>
      http().put(`/episodes/${ep.id}/intake`).set(h).send(body),
    );
  const readPathway = (ep: Ep, actor = world.physio) =>
    clinical('pathway.read', ep, actor, (h) => http().get(`/episodes/${ep.id}/pathway`).set(h));
  const readTriage = (ep: Ep, actor = world.physio) =>
    clinical('triage.read', ep, actor, (h) => http().get(`/episodes/${ep.id}/triage`).set(h));
  const clear = (ep: Ep, reason: string, actor = world.doctor) =>
    clinical('red_flags.clear', ep, actor, (h) =>
      http().post(`/episodes/${ep.id}/red-flags/clearance`).set(h).send({ reason }),
    );
  /** Complaint, a low STarT Back and a clean screen with good potential: physio-led. */
  const physioLed = async (ep: Ep) => {
    await lowBackComplaint(ep);
    await questionnaire(ep, START_BACK_LOW);
    await intake(ep, { redFlags: screen(), rehabilitationPotential: 'good' });
    const pathway = await readPathway(ep);
    expect(pathway.body.recommended).toBe('physio_led');
    return pathway;
  };
  const inbox = async (user: TestUser) => {
    const response = await http().get('/notifications').set(auth(user));
    expect(response.status).toBe(200);
    return response.body as { items: Notification[]; total: number; unread: number };
  };
  const notificationRows = (ep: Ep) =>
    db.query<{ recipient_user_id: string; kind: string; subject_key: string }[]>(
      `SELECT recipient_user_id, kind, subject_key FROM notification WHERE episode_id = $1
        ORDER BY created_at, subject_key, recipient_user_id`,
      [ep.id],
    );
  /** HR moves the episode on with the ETag it has just read. */
  const move = async (ep: Ep, to: string) => {
    const current = await http().get(`/episodes/${ep.id}`).set(auth(world.hr));
    return http()
      .post(`/episodes/${ep.id}/transitions`)
      .set(auth(world.hr))
      .set('If-Match', current.headers.etag as string)
      .send({ to });
  };
  const firedRuleIds = (pathway: request.Response) =>
    (pathway.body.firedRules as { id: string }[]).map((rule) => rule.id);

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    world = await makeWorld();
    employeeUser = await login(
      await createUser(db, 'employee', { organisationId: world.employer }),
    );
    employeeId = await createEmployee(db, world.employer, {
      fullName: 'Ria Triage',
      userId: employeeUser.id,
    });
    otherDoctor = await login(
      await createUser(db, 'occupational_doctor', {
        organisationId: await organisation('occupational_health_service'),
      }),
    );
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('asks for the complaint before the intake, and lists the red flags per region', async () => {
    const ep = await openEpisode();
    const early = await http()
      .put(`/episodes/${ep.id}/intake`)
      .set(auth(world.physio))
      .send({ redFlags: {}, rehabilitationPotential: 'good' });
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ code: 'validation_failed' });
    expect(fields(early)).toEqual(['complaint']);
    // Nothing was stored, so nothing was audited as done.
    expect(await auditRows(early)).toEqual([]);
    expect(
      await db.query(`SELECT 1 FROM triage_assessment WHERE episode_id = $1`, [ep.id]),
    ).toEqual([]);

    const lowBack = await http().get('/triage/red-flags?regions=low_back').set(auth(world.physio));
    expect(lowBack.status).toBe(200);
    expect((lowBack.body as { code: string }[]).map((flag) => flag.code)).toEqual(LOW_BACK_FLAGS);
    expect(lowBack.body[0]).toEqual({
      code: 'saddle_anaesthesia',
      label: 'Saddle anaesthesia',
      category: 'cauda_equina',
      emergency: true,
      regions: ['low_back'],
    });
    expect(lowBack.body.find((flag: { code: string }) => flag.code === 'night_pain')).toEqual({
      code: 'night_pain',
      label: 'Night pain',
      category: 'malignancy',
      emergency: false,
      regions: ['neck', 'shoulder', 'upper_back', 'low_back'],
    });
    const both = await http()
      .get('/triage/red-flags?regions=neck,low_back')
      .set(auth(world.doctor));
    expect((both.body as { code: string }[]).map((flag) => flag.code)).toEqual([...RED_FLAG_CODES]);
    const shoulder = await http().get('/triage/red-flags?regions=shoulder').set(auth(world.physio));
    expect((shoulder.body as { code: string }[]).map((flag) => flag.code)).toEqual([
      'major_trauma',
      'history_of_cancer',
      'unexplained_weight_loss',
      'new_pain_after_50',
      'no_improvement_4_6_weeks',
      'night_pain',
      'fever',
      'iv_drug_use',
      'immunosuppression',
    ]);

    for (const query of ['', '?regions=', '?regions=elbow', '?regions=low_back,elbow']) {
      const bad = await http().get(`/triage/red-flags${query}`).set(auth(world.physio));
      expect([bad.status, fields(bad)]).toEqual([400, ['regions']]);
    }
    expect(
      (await http().get('/triage/red-flags?regions=low_back').set(auth(world.hr))).status,
    ).toBe(403);
  });

  it('refuses an incomplete screen, unknown or inapplicable codes and non-boolean answers, by field', async () => {
    const ep = await openEpisode();
    await lowBackComplaint(ep);
    const send = (body: object) =>
      http().put(`/episodes/${ep.id}/intake`).set(auth(world.physio)).send(body);

    const { night_pain: _skipped, ...missingOne } = screen();
    const missing = await send({ redFlags: missingOne });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { field: 'redFlags.night_pain', message: 'night_pain must be answered (true or false)' },
    ]);
    const unknown = await send({ redFlags: { ...screen(), broken_heart: false } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { field: 'redFlags.broken_heart', message: 'is not a known red flag' },
    ]);
    const neckOnly = await send({ redFlags: { ...screen(), dizziness: false } });
    expect([neckOnly.status, fields(neckOnly)]).toEqual([400, ['redFlags.dizziness']]);
    const notBoolean = await send({ redFlags: { ...screen(), fever: 'yes, 39.5' } });
    expect([notBoolean.status, fields(notBoolean)]).toEqual([400, ['redFlags.fever']]);
    expect(JSON.stringify(notBoolean.body)).not.toContain('39.5');
    const noScreen = await send({ rehabilitationPotential: 'good' });
    expect([noScreen.status, fields(noScreen)]).toEqual([400, ['redFlags']]);
    const badPotential = await send({ redFlags: screen(), rehabilitationPotential: 'excellent' });
    expect([badPotential.status, fields(badPotential)]).toEqual([400, ['rehabilitationPotential']]);

    for (const refused of [missing, unknown, neckOnly, notBoolean])
      expect(await auditRows(refused)).toEqual([]);
    expect(
      await db.query(`SELECT 1 FROM triage_assessment WHERE episode_id = $1`, [ep.id]),
    ).toEqual([]);
  });

  it('recommends the physio-led pathway for an aspecific low-back complaint without red flags', async () => {
    const ep = await openEpisode();
    const nothingYet = await readPathway(ep);
    expect(nothingYet.body).toMatchObject({
      recommended: 'undetermined',
      effective: 'undetermined',
      chronicityRisk: null,
      components: [],
      firedRules: [],
      missingInputs: ['redFlagScreen', 'complaint', 'riskScreen', 'rehabilitationPotential'],
      override: null,
    });
    expect(nothingYet.headers.etag).toBe(`W/"${nothingYet.body.version}"`);

    await lowBackComplaint(ep);
    const startBack = await questionnaire(ep, START_BACK_LOW);
    expect(startBack.body.score).toMatchObject({ total: 0, psychosocial: 0, stratum: 'low' });
    const screenedNot = await readPathway(ep);
    expect(screenedNot.body).toMatchObject({
      recommended: 'undetermined',
      chronicityRisk: 'low',
      components: [],
      missingInputs: ['redFlagScreen', 'rehabilitationPotential'],
    });
    expect(firedRuleIds(screenedNot)).toEqual(['RISK-4']);

    const recorded = await intake(ep, {
      redFlags: screen(),
      rehabilitationPotential: 'good',
      expectedFullReturn: '2026-12-14',
    });
    expect(recorded.body).toEqual({
      screenedRegions: ['low_back'],
      redFlagAnswers: screen(),
      redFlagsPresent: [],
      emergency: false,
      urgentReferral: false,
      screenedAt: expect.any(String),
      redFlagsClearedAt: null,
      clearanceReason: null,
      rehabilitationPotential: 'good',
      version: 1,
    });

    const pathway = await readPathway(ep);
    expect(pathway.body).toEqual({
      recommended: 'physio_led',
      effective: 'physio_led',
      chronicityRisk: 'low',
      components: PHYSIO_LED_COMPONENTS,
      firedRules: expect.any(Array),
      missingInputs: [],
      evaluatedAt: expect.any(String),
      override: null,
      version: expect.any(Number),
    });
    expect(firedRuleIds(pathway)).toEqual(['RISK-4', 'PL-1', 'PL-2', 'RTW-1', 'ALWAYS-1']);
    for (const rule of pathway.body.firedRules as {
      id: string;
      summary: string;
      source: string;
    }[]) {
      const known = PATHWAY_RULES.find((r) => r.id === rule.id);
      expect(rule).toEqual({ id: rule.id, summary: known?.summary, source: known?.source });
    }
    expect(pathway.body.firedRules[1].summary).toBe(
      'aspecific complaint, good or moderate rehabilitation potential, low or medium risk -> physio-led',
    );
    const [stored] = await db.query<object[]>(
      `SELECT pathway, chronicity_risk, fired_rules, missing_inputs, override_pathway
         FROM pathway_recommendation WHERE episode_id = $1`,
      [ep.id],
    );
    expect(stored).toEqual({
      pathway: 'physio_led',
      chronicity_risk: 'low',
      fired_rules: ['RISK-4', 'PL-1', 'PL-2', 'RTW-1', 'ALWAYS-1'],
      missing_inputs: [],
      override_pathway: null,
    });

    // The doctor reads the intake; HR only learns the expected return and the next checkpoint.
    const doctorRead = await readTriage(ep, world.doctor);
    expect(doctorRead.body).toEqual(recorded.body);
    const hrView = await http().get(`/episodes/${ep.id}`).set(auth(world.hr));
    expect(hrView.body).toMatchObject({
      expectedFullReturn: '2026-12-14',
      nextDue: { kind: 'checkpoint', dueOn: '2026-10-29' },
    });
    // No red flag, nobody notified.
    expect(await notificationRows(ep)).toEqual([]);
  });

  it('turns a red flag into an urgent referral the doctor must clear before the episode goes active', async () => {
    const reviewer = await login(
      await createUser(db, 'occupational_doctor', { organisationId: world.service }),
    );
    await db.query(`UPDATE app_user SET locale = 'nl' WHERE id = $1`, [reviewer.id]);
    const physio = await login(await createUser(db, 'physio', { organisationId: world.practice }));
    const ep = await openEpisode({ physio, doctor: reviewer });
    await lowBackComplaint(ep, {}, physio);
    await questionnaire(ep, START_BACK_LOW, physio);
    expect((await move(ep, 'intake')).status).toBe(200);

    const flagged = await intake(
      ep,
      { redFlags: screen('night_pain'), rehabilitationPotential: 'good' },
      physio,
    );
    expect(flagged.body).toMatchObject({
      redFlagsPresent: ['night_pain'],
      urgentReferral: true,
      emergency: false,
      redFlagsClearedAt: null,
      version: 1,
    });
    const urgent = await readPathway(ep, physio);
    expect(urgent.body).toMatchObject({
      recommended: 'urgent_referral',
      effective: 'urgent_referral',
      chronicityRisk: null,
      components: [],
      missingInputs: [],
    });
    expect(firedRuleIds(urgent)).toEqual(['RF-1']);

    // Exactly one notification, in the doctor's language, naming no clinical fact.
    const first = await inbox(reviewer);
    expect(first).toMatchObject({ total: 1, unread: 1 });
    expect(first.items).toEqual([
      {
        id: expect.any(String),
        kind: 'urgent_referral',
        text: URGENT_TEXT_NL,
        episodeId: ep.id,
        createdAt: expect.any(String),
        readAt: null,
      },
    ]);
    for (const clinicalWord of [...RED_FLAG_CODES, 'Night pain', 'low_back', 'nachtpijn'])
      expect(JSON.stringify(first)).not.toContain(clinicalWord);
    expect((await inbox(physio)).total).toBe(0);
    expect(await notificationRows(ep)).toEqual([
      {
        recipient_user_id: reviewer.id,
        kind: 'urgent_referral',
        subject_key: `urgent_referral:${ep.id}:${flagSetKey('night_pain')}`,
      },
    ]);

    // A further flag is a new referral; saving the same screen again notifies nobody again.
    const again = await intake(
      ep,
      { redFlags: screen('night_pain', 'fever'), rehabilitationPotential: 'good' },
      physio,
    );
    expect(again.body).toMatchObject({ urgentReferral: true, version: 2 });
    const resaved = await intake(ep, { redFlags: screen('fever', 'night_pain') }, physio);
    expect(resaved.body).toMatchObject({ urgentReferral: true, version: 3 });
    expect(await inbox(reviewer)).toMatchObject({ total: 2, unread: 2 });
    expect((await notificationRows(ep)).map((row) => row.subject_key)).toEqual([
      `urgent_referral:${ep.id}:${flagSetKey('night_pain')}`,
      `urgent_referral:${ep.id}:${flagSetKey('night_pain', 'fever')}`,
    ]);

    // HR is told in functional terms; the physiotherapist in clinical ones.
    const blocked = await move(ep, 'active');
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({
      code: 'care_team_review_pending',
      detail:
        'The care team has not finished the intake; the episode can become active once it has.',
    });
    const current = await http().get(`/episodes/${ep.id}`).set(auth(physio));
    const byPhysio = await http()
      .post(`/episodes/${ep.id}/transitions`)
      .set(auth(physio))
      .set('If-Match', current.headers.etag as string)
      .send({ to: 'active' });
    expect([byPhysio.status, byPhysio.body.code]).toEqual([409, 'urgent_referral_pending']);
    const [{ status }] = await db.query<{ status: string }[]>(
      `SELECT status FROM episode WHERE id = $1`,
      [ep.id],
    );
    expect(status).toBe('intake');

    // Only the occupational doctor clears: a physiotherapist and HR are refused by role (and the
    // refusal is recorded), a doctor of another service does not see the episode.
    for (const user of [physio, world.hr]) {
      const refused = await http()
        .post(`/episodes/${ep.id}/red-flags/clearance`)
        .set(auth(user))
        .send({ reason: 'looks fine' });
      expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
      expect(await auditRows(refused)).toEqual([{ action: 'route.denied', outcome: 'denied' }]);
    }
    const stranger = await http()
      .post(`/episodes/${ep.id}/red-flags/clearance`)
      .set(auth(otherDoctor))
      .send({ reason: 'looks fine' });
    expect(stranger.status).toBe(404);
    expect(await auditRows(stranger)).toEqual([{ action: 'red_flags.clear', outcome: 'denied' }]);
    const tooShort = await http()
      .post(`/episodes/${ep.id}/red-flags/clearance`)
      .set(auth(reviewer))
      .send({ reason: '  ' });
    expect([tooShort.status, fields(tooShort)]).toEqual([400, ['reason']]);

    const cleared = await clear(ep, 'Night pain is positional; no malignancy signs.', reviewer);
    expect(cleared.body).toMatchObject({
      redFlagsPresent: ['night_pain', 'fever'],
      urgentReferral: false,
      redFlagsClearedAt: expect.any(String),
      clearanceReason: 'Night pain is positional; no malignancy signs.',
      version: 4,
    });
    const [row] = await db.query<object[]>(
      `SELECT red_flags_present, red_flags_cleared_by, clearance_reason FROM triage_assessment WHERE episode_id = $1`,
      [ep.id],
    );
    expect(row).toEqual({
      red_flags_present: ['night_pain', 'fever'],
      red_flags_cleared_by: reviewer.id,
      clearance_reason: 'Night pain is positional; no malignancy signs.',
    });
    const released = await readPathway(ep, physio);
    expect(released.body).toMatchObject({
      recommended: 'physio_led',
      effective: 'physio_led',
      chronicityRisk: 'low',
      components: PHYSIO_LED_COMPONENTS,
      missingInputs: [],
    });
    expect(firedRuleIds(released)).toEqual(['RF-3', 'RISK-4', 'PL-1', 'PL-2', 'RTW-1', 'ALWAYS-1']);

    const physioInbox = await inbox(physio);
    expect(physioInbox).toMatchObject({ total: 1, unread: 1 });
    expect(physioInbox.items).toEqual([
      expect.objectContaining({
        kind: 'red_flags_cleared',
        text: CLEARED_TEXT_EN,
        episodeId: ep.id,
      }),
    ]);
    expect(await inbox(reviewer)).toMatchObject({ total: 2, unread: 2 });

    const active = await move(ep, 'active');
    expect([active.status, active.body.status]).toEqual([200, 'active']);

    // Marking read: once, idempotently; someone else's notification is not there for you.
    const [newest, oldest] = (await inbox(reviewer)).items;
    const read = await http().post(`/notifications/${oldest.id}/read`).set(auth(reviewer));
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ ...oldest, readAt: expect.any(String) });
    const reread = await http().post(`/notifications/${oldest.id}/read`).set(auth(reviewer));
    expect(reread.body.readAt).toBe(read.body.readAt);
    expect(await inbox(reviewer)).toMatchObject({ total: 2, unread: 1 });
    for (const user of [physio, world.doctor]) {
      const foreign = await http().post(`/notifications/${newest.id}/read`).set(auth(user));
      expect([foreign.status, foreign.body.code]).toEqual([404, 'not_found']);
    }
    const missing = await http()
      .post('/notifications/2f7b8c1e-4d5a-4b6c-9d7e-8f9a0b1c2d3e/read')
      .set(auth(reviewer));
    expect(missing.status).toBe(404);
    const [stillUnread] = await db.query<{ read_at: Date | null }[]>(
      `SELECT read_at FROM notification WHERE id = $1`,
      [newest.id],
    );
    expect(stillUnread.read_at).toBeNull();

    // A new screen with only the reviewed flag keeps the clearance; a new flag needs a new review.
    const same = await intake(ep, { redFlags: screen('night_pain') }, physio);
    expect(same.body).toMatchObject({ urgentReferral: false, rehabilitationPotential: 'good' });
    expect((await notificationRows(ep)).filter((n) => n.kind === 'urgent_referral')).toHaveLength(
      2,
    );
    const more = await intake(
      ep,
      { redFlags: screen('night_pain', 'fever', 'iv_drug_use') },
      physio,
    );
    expect(more.body).toMatchObject({
      redFlagsPresent: ['night_pain', 'fever', 'iv_drug_use'],
      urgentReferral: true,
      redFlagsClearedAt: null,
      clearanceReason: null,
    });
    expect(await inbox(reviewer)).toMatchObject({ total: 3, unread: 2 });
  });

  it('without a doctor on the care team, notifies every active doctor of the serving service', async () => {
    const w = await makeWorld();
    const colleague = await login(
      await createUser(db, 'occupational_doctor', { organisationId: w.service }),
    );
    const disabled = await createUser(db, 'occupational_doctor', {
      organisationId: w.service,
      status: 'disabled',
    });
    // A service serving another employer only.
    const elsewhere = await organisation('occupational_health_service');
    await serve(elsewhere, await createEmployer(db));
    const elsewhereDoctor = await login(
      await createUser(db, 'occupational_doctor', { organisationId: elsewhere }),
    );

    const ep = await openEpisode({ in: w, doctor: null });
    await lowBackComplaint(ep, {}, w.physio);
    const flagged = await intake(
      ep,
      { redFlags: screen('saddle_anaesthesia'), rehabilitationPotential: 'moderate' },
      w.physio,
    );
    expect(flagged.body).toMatchObject({ urgentReferral: true, emergency: true });
    const pathway = await readPathway(ep, w.physio);
    expect(pathway.body.recommended).toBe('urgent_referral');
    expect(firedRuleIds(pathway)).toEqual(['RF-1', 'RF-2']);

    const recipients = (await notificationRows(ep)).map((row) => row.recipient_user_id).sort();
    expect(recipients).toEqual([w.doctor.id, colleague.id].sort());
    expect(recipients).not.toContain(disabled.id);
    for (const doctor of [w.doctor, colleague]) {
      const box = await inbox(doctor);
      expect(box).toMatchObject({ total: 1, unread: 1 });
      expect(box.items[0]).toMatchObject({
        kind: 'urgent_referral',
        episodeId: ep.id,
        text: 'An episode is waiting for your medical review (urgent referral).',
      });
    }
    expect(await inbox(elsewhereDoctor)).toMatchObject({ total: 0, unread: 0, items: [] });
    expect((await inbox(world.doctor)).items.some((n) => n.episodeId === ep.id)).toBe(false);

    // Either serving doctor may review it.
    const cleared = await clear(ep, 'Sensation normal on examination.', colleague);
    expect(cleared.body.urgentReferral).toBe(false);
    expect(firedRuleIds(await readPathway(ep, w.physio))[0]).toBe('RF-3');
  });

  it("lets the occupational doctor override the pathway with the pathway's ETag, and withdraw it", async () => {
    const ep = await openEpisode();
    const before = await physioLed(ep);
    const etag = before.headers.etag as string;
    expect(etag).toBe(`W/"${before.body.version}"`);
    const path = `/episodes/${ep.id}/pathway/override`;
    const body = { pathway: 'multidisciplinary', reason: 'Long history of recurrences.' };

    const noIfMatch = await http().put(path).set(auth(world.doctor)).send(body);
    expect([noIfMatch.status, noIfMatch.body.code]).toEqual([428, 'precondition_required']);
    const stale = await http()
      .put(path)
      .set(auth(world.doctor))
      .set('If-Match', `W/"${before.body.version - 1}"`)
      .send(body);
    expect([stale.status, stale.body.code]).toEqual([412, 'precondition_failed']);
    const byPhysio = await http()
      .put(path)
      .set(auth(world.physio))
      .set('If-Match', etag)
      .send(body);
    expect([byPhysio.status, byPhysio.body.code]).toEqual([403, 'forbidden']);
    const invalid = await http()
      .put(path)
      .set(auth(world.doctor))
      .set('If-Match', etag)
      .send({ pathway: 'urgent_referral', reason: 'x' });
    expect(invalid.status).toBe(400);
    expect(fields(invalid).sort()).toEqual(['pathway', 'reason']);
    for (const refused of [noIfMatch, stale, invalid]) expect(await auditRows(refused)).toEqual([]);

    const overridden = await clinical('pathway.override', ep, world.doctor, (h) =>
      http().put(path).set(h).set('If-Match', etag).send(body),
    );
    expect(overridden.body).toMatchObject({
      recommended: 'physio_led',
      effective: 'multidisciplinary',
      components: PHYSIO_LED_COMPONENTS,
      override: {
        pathway: 'multidisciplinary',
        reason: 'Long history of recurrences.',
        overriddenBy: world.doctor.id,
        overriddenAt: expect.any(String),
        suspended: false,
      },
      version: before.body.version + 1,
    });
    expect(overridden.headers.etag).toBe(`W/"${before.body.version + 1}"`);
    const [stored] = await db.query<object[]>(
      `SELECT override_pathway, override_reason, overridden_by FROM pathway_recommendation WHERE episode_id = $1`,
      [ep.id],
    );
    expect(stored).toEqual({
      override_pathway: 'multidisciplinary',
      override_reason: 'Long history of recurrences.',
      overridden_by: world.doctor.id,
    });
    // The ETag read before the override no longer withdraws it.
    const staleWithdraw = await http().delete(path).set(auth(world.doctor)).set('If-Match', etag);
    expect(staleWithdraw.status).toBe(412);
    expect((await readPathway(ep)).body.effective).toBe('multidisciplinary');

    const withdrawn = await clinical('pathway.override_withdrawn', ep, world.doctor, (h) =>
      http()
        .delete(path)
        .set(h)
        .set('If-Match', overridden.headers.etag as string),
    );
    expect(withdrawn.body).toMatchObject({
      recommended: 'physio_led',
      effective: 'physio_led',
      override: null,
    });
    const [cleared] = await db.query<object[]>(
      `SELECT override_pathway, override_reason, overridden_by, overridden_at FROM pathway_recommendation WHERE episode_id = $1`,
      [ep.id],
    );
    expect(cleared).toEqual({
      override_pathway: null,
      override_reason: null,
      overridden_by: null,
      overridden_at: null,
    });

    // An override stands aside while red flags are pending, and none can be made meanwhile.
    const again = await clinical('pathway.override', ep, world.doctor, (h) =>
      http()
        .put(path)
        .set(h)
        .set('If-Match', withdrawn.headers.etag as string)
        .send({ pathway: 'multidisciplinary', reason: 'Second thoughts.' }),
    );
    expect(again.body.effective).toBe('multidisciplinary');
    await intake(ep, { redFlags: screen('history_of_cancer') });
    const suspended = await readPathway(ep, world.doctor);
    expect(suspended.body).toMatchObject({
      recommended: 'urgent_referral',
      effective: 'urgent_referral',
      override: { pathway: 'multidisciplinary', suspended: true },
    });
    const pending = await http()
      .put(path)
      .set(auth(world.doctor))
      .set('If-Match', suspended.headers.etag as string)
      .send({ pathway: 'physio_led', reason: 'Not now.' });
    expect([pending.status, pending.body.code]).toEqual([409, 'urgent_referral_pending']);
    expect(await auditRows(pending)).toEqual([]);
  });

  it('re-evaluates the pathway when an instrument or the complaint changes', async () => {
    const risky = await openEpisode();
    const start = await physioLed(risky);
    const high = await questionnaire(risky, ompsq(5, '2026-10-08'));
    expect(high.body.score).toMatchObject({ total: 50, highRisk: true });
    const multidisciplinary = await readPathway(risky);
    expect(multidisciplinary.body).toMatchObject({
      recommended: 'multidisciplinary',
      effective: 'multidisciplinary',
      chronicityRisk: 'high',
      missingInputs: [],
      components: [
        { code: 'stay_active_advice', grade: 'strongest', ruleId: 'ALWAYS-1' },
        { code: 'exercise_therapy', grade: 'strongest', ruleId: 'ALWAYS-1' },
        { code: 'advice_education', grade: 'strongest', ruleId: 'ALWAYS-1' },
        { code: 'return_to_work_programme', grade: 'strongest', ruleId: 'RTW-1' },
        { code: 'psychological_therapy', grade: 'strong_specific_groups', ruleId: 'MD-4' },
        { code: 'multidisciplinary_treatment', grade: 'strong_specific_groups', ruleId: 'MD-4' },
        { code: 'workplace_intervention', grade: 'moderate', ruleId: 'RTW-1' },
      ],
    });
    expect(firedRuleIds(multidisciplinary)).toEqual([
      'RISK-2',
      'MD-2',
      'MD-4',
      'RTW-1',
      'ALWAYS-1',
    ]);
    expect(multidisciplinary.body.version).toBeGreaterThan(start.body.version);
    // The latest OMPSQ-10 counts: 49 is below the threshold again.
    const lower = await questionnaire(risky, ompsq(4, '2026-10-20'));
    expect(lower.body.score).toMatchObject({ total: 49, highRisk: false });
    expect((await readPathway(risky)).body).toMatchObject({
      recommended: 'physio_led',
      chronicityRisk: 'low',
    });

    const specific = await openEpisode();
    await physioLed(specific);
    await lowBackComplaint(specific, { specificity: 'specific' });
    const changed = await readPathway(specific);
    expect(changed.body).toMatchObject({
      recommended: 'multidisciplinary',
      chronicityRisk: 'low',
      missingInputs: [],
    });
    expect(firedRuleIds(changed)).toEqual(['RISK-4', 'MD-1', 'MD-4', 'MD-5', 'RTW-1', 'ALWAYS-1']);
    expect(changed.body.components).toContainEqual({
      code: 'surgical_consult',
      grade: 'strong_specific_groups',
      ruleId: 'MD-5',
    });
    // A region the screen did not cover reopens it.
    await recordComplaint(specific, {
      regions: ['neck', 'low_back'],
      side: 'both',
      specificity: 'specific',
    });
    const unscreened = await readPathway(specific);
    expect(unscreened.body).toMatchObject({
      recommended: 'undetermined',
      components: [],
      missingInputs: ['redFlagScreen'],
    });
    expect(firedRuleIds(unscreened)).toEqual(['RISK-4']);
  });

  it('keeps every clinical word away from HR, the employee, the inboxes and the logs (diagnosis canary)', async () => {
    const ep = await openEpisode({ employeeId });
    await lowBackComplaint(ep, { clinicalNote: `${CANARY} suspected after dental work` });
    await questionnaire(ep, START_BACK_LOW);
    await intake(ep, { redFlags: screen('fever'), rehabilitationPotential: 'good' });
    // Values are never echoed, not even to the care team's own mistakes.
    const echo = await http()
      .put(`/episodes/${ep.id}/intake`)
      .set(auth(world.physio))
      .send({ redFlags: { ...screen(), fever: CANARY } });
    expect(echo.status).toBe(400);
    expect(JSON.stringify(echo.body)).not.toContain(CANARY);
    await clear(ep, `${CANARY} excluded by CRP`);
    const pathway = await readPathway(ep, world.doctor);
    const overridden = await clinical('pathway.override', ep, world.doctor, (h) =>
      http()
        .put(`/episodes/${ep.id}/pathway/override`)
        .set(h)
        .set('If-Match', pathway.headers.etag as string)
        .send({ pathway: 'multidisciplinary', reason: `${CANARY} needs a team` }),
    );
    // The care team does see it: the canary is really there to be leaked.
    expect(JSON.stringify(overridden.body)).toContain(CANARY);
    expect(JSON.stringify((await readTriage(ep, world.doctor)).body)).toContain(CANARY);
    const clinicalView = await clinical('episode.read', ep, world.physio, (h) =>
      http().get(`/episodes/${ep.id}`).set(h),
    );
    expect(clinicalView.body.complaint.clinicalNote).toContain(CANARY);
    await http()
      .post(`/episodes/${ep.id}/work-status`)
      .set(auth(world.hr))
      .send({
        effectiveFrom: '2026-10-19',
        status: 'partial',
        percentOfContract: 50,
        restrictions: { maxLiftKg: 5 },
      })
      .expect(201);

    const forbidden = (user: TestUser) => [
      http().get(`/episodes/${ep.id}/triage`).set(auth(user)),
      http().get(`/episodes/${ep.id}/pathway`).set(auth(user)),
      http().get('/triage/red-flags?regions=low_back').set(auth(user)),
      http()
        .put(`/episodes/${ep.id}/intake`)
        .set(auth(user))
        .send({ redFlags: { fever: CANARY } }),
      http()
        .post(`/episodes/${ep.id}/red-flags/clearance`)
        .set(auth(user))
        .send({ reason: CANARY }),
      http()
        .put(`/episodes/${ep.id}/pathway/override`)
        .set(auth(user))
        .set('If-Match', overridden.headers.etag as string)
        .send({ pathway: 'physio_led', reason: CANARY }),
      http()
        .delete(`/episodes/${ep.id}/pathway/override`)
        .set(auth(user))
        .set('If-Match', overridden.headers.etag as string),
      http()
        .put(`/episodes/${ep.id}/complaint`)
        .set(auth(user))
        .send({ regions: ['low_back'], side: 'left', specificity: 'aspecific' }),
      http().get(`/episodes/${ep.id}/questionnaires`).set(auth(user)),
    ];
    for (const user of [world.hr, employeeUser]) {
      const functional = [
        await http().get(`/episodes/${ep.id}`).set(auth(user)),
        await http().get('/episodes').set(auth(user)),
        await http().get(`/episodes/${ep.id}/work-status`).set(auth(user)),
        await http().get('/notifications').set(auth(user)),
      ];
      for (const response of functional) expect(response.status).toBe(200);
      expect(functional[0].body).toMatchObject({ id: ep.id, status: 'intake' });
      expect(functional[0].body.complaint).toBeUndefined();
      expect(functional[2].body).toHaveLength(2);
      // No urgent referral reaches HR or the employee. (A worker of another test file sharing the
      // database may have announced this episode's checkpoints: those are functional.)
      expect(
        (functional[3].body.items as { kind: string }[]).filter(
          (notification) => notification.kind !== 'checkpoint_scheduled',
        ),
      ).toEqual([]);
      const refused: request.Response[] = [];
      for (const attempt of forbidden(user)) refused.push(await attempt);
      for (const response of refused) {
        expect([response.status, response.body.code]).toEqual([403, 'forbidden']);
        expect(await auditRows(response)).toEqual([{ action: 'route.denied', outcome: 'denied' }]);
      }
      for (const response of [...functional, ...refused]) {
        const text = JSON.stringify(response.body);
        expect(text).not.toContain(CANARY);
        expect(text).not.toContain('low_back');
        for (const code of RED_FLAG_CODES) expect(text).not.toContain(code);
      }
    }
    // Nor do the care team's inboxes say anything clinical.
    for (const user of [world.doctor, world.physio]) {
      const text = JSON.stringify(await inbox(user));
      expect(text).toContain(ep.id);
      expect(text).not.toContain(CANARY);
      for (const code of ['low_back', ...RED_FLAG_CODES]) expect(text).not.toContain(code);
    }
    // The pathway and clearance are stored; the logs never saw them.
    const [stored] = await db.query<{ clearance_reason: string }[]>(
      `SELECT clearance_reason FROM triage_assessment WHERE episode_id = $1`,
      [ep.id],
    );
    expect(stored.clearance_reason).toContain(CANARY);
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.logs.lines.length).toBeGreaterThan(0);
    expect(t.logs.text).not.toContain(CANARY);
  });
  it('answers 409 to a clearance when no red flag is pending', async () => {
    const ep = await openEpisode();
    await lowBackComplaint(ep);
    await intake(ep, { redFlags: screen(), rehabilitationPotential: 'good' });
    const nothingPending = await http()
      .post(`/episodes/${ep.id}/red-flags/clearance`)
      .set(auth(world.doctor))
      .send({ reason: 'Nothing to clear.' });
    expect([nothingPending.status, nothingPending.body.code]).toEqual([409, 'conflict']);
    expect(await auditRows(nothingPending)).toEqual([]);
  });

  it('tells the physiotherapist about every clearance, not only the first', async () => {
    const physio = await login(await createUser(db, 'physio', { organisationId: world.practice }));
    const ep = await openEpisode({ physio });
    await lowBackComplaint(ep, {}, physio);
    await intake(ep, { redFlags: screen('fever') }, physio);
    await clear(ep, 'Afebrile on examination.');
    await intake(ep, { redFlags: screen('fever', 'night_pain') }, physio);
    await clear(ep, 'Night pain is positional.');
    expect((await notificationRows(ep)).filter((row) => row.kind === 'red_flags_cleared')).toEqual([
      {
        recipient_user_id: physio.id,
        kind: 'red_flags_cleared',
        subject_key: `triage:${ep.id}:2`,
      },
      {
        recipient_user_id: physio.id,
        kind: 'red_flags_cleared',
        subject_key: `triage:${ep.id}:4`,
      },
    ]);
    expect(await inbox(physio)).toMatchObject({ total: 2, unread: 2 });
  });

  it('reads a repeated regions parameter as a list, and refuses a malformed one with 400', async () => {
    const codes = (response: request.Response) =>
      (response.body as { code: string }[]).map((flag) => flag.code);
    const repeated = await http()
      .get('/triage/red-flags?regions=low_back&regions=neck')
      .set(auth(world.physio));
    const joined = await http()
      .get('/triage/red-flags?regions=low_back,neck')
      .set(auth(world.physio));
    expect(repeated.status).toBe(200);
    expect(codes(repeated)).toEqual(codes(joined));
    expect(codes(repeated)).toEqual(expect.arrayContaining(['saddle_anaesthesia']));
    for (const query of [
      'regions[a]=neck',
      'regions=knee',
      'regions=',
      'regions=neck&regions=knee',
    ]) {
      const bad = await http().get(`/triage/red-flags?${query}`).set(auth(world.physio));
      expect([query, bad.status, fields(bad)]).toEqual([query, 400, ['regions']]);
    }
  });

  it('refuses a pathway override before the red-flag screen is done', async () => {
    const ep = await openEpisode();
    await lowBackComplaint(ep);
    const pathway = await readPathway(ep);
    const refused = await http()
      .put(`/episodes/${ep.id}/pathway/override`)
      .set(auth(world.doctor))
      .set('If-Match', pathway.headers.etag as string)
      .send({ pathway: 'multidisciplinary', reason: 'Wants a team from the start.' });
    expect([refused.status, refused.body.code]).toEqual([409, 'red_flag_screen_required']);
    const after = await readPathway(ep);
    expect(after.body).toMatchObject({ override: null, version: pathway.body.version });
  });

  it('sends an urgent referral past a disabled care-team doctor to the serving doctors', async () => {
    const w = await makeWorld();
    const leaving = await login(
      await createUser(db, 'occupational_doctor', { organisationId: w.service }),
    );
    const ep = await openEpisode({ in: w, doctor: leaving });
    await db.query(`UPDATE app_user SET status = 'disabled' WHERE id = $1`, [leaving.id]);
    await lowBackComplaint(ep, {}, w.physio);
    await intake(ep, { redFlags: screen('fever') }, w.physio);
    expect((await notificationRows(ep)).map((row) => row.recipient_user_id)).toEqual([w.doctor.id]);
  });

  it('keeps a closed episode as it was: clinical writes answer 409 episode_closed, reads still work', async () => {
    const ep = await openEpisode();
    await lowBackComplaint(ep);
    await intake(ep, { redFlags: screen(), rehabilitationPotential: 'good' });
    const current = await http().get(`/episodes/${ep.id}`).set(auth(world.hr));
    const close = await http()
      .post(`/episodes/${ep.id}/transitions`)
      .set(auth(world.hr))
      .set('If-Match', current.headers.etag as string)
      .send({ to: 'closed', closeReason: 'withdrawn' });
    expect(close.status).toBe(200);
    const before = await readTriage(ep);
    for (const call of [
      http()
        .put(`/episodes/${ep.id}/intake`)
        .set(auth(world.physio))
        .send({ redFlags: screen('fever') }),
      http()
        .put(`/episodes/${ep.id}/complaint`)
        .set(auth(world.physio))
        .send({ regions: ['neck'], side: 'left', specificity: 'aspecific' }),
      http().post(`/episodes/${ep.id}/questionnaires`).set(auth(world.physio)).send(START_BACK_LOW),
    ]) {
      const refused = await call;
      expect([refused.status, refused.body.code]).toEqual([409, 'episode_closed']);
      expect(await auditRows(refused)).toEqual([]);
    }
    expect((await readTriage(ep)).body).toEqual(before.body);
  });
});
