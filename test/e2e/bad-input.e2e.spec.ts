import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import request from 'supertest';
import { Permission, roleHasPermission } from '../../src/common/auth/permissions.js';
import { ROLES, type Role } from '../../src/common/auth/roles.js';
import { sampleEmployeeCsv } from '../../src/dev/sample-employee-csv.js';
import { createEmployee } from '../factories/employees.js';
import { createEmployer, createUser } from '../factories/identity.js';
import { bridging, planDraft, workWeek } from '../factories/plans.js';
import { accessTokenFor } from '../support/auth.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import {
  type ApiOperation,
  expressPath,
  type GeneratedRequest,
  leaksIn,
  listOperations,
  looksLikeLeak,
  OVER_LIMIT_JSON,
  readOpenApi,
  requestFor,
  ResponseChecker,
  sentStrings,
} from '../support/openapi-requests.js';
import { listRoutes } from '../support/routes.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/**
 * Quality bar (docs/quality-bar.md), scenario 18: requests generated from the committed OpenAPI
 * document, at least 200 per operation, sent as every role (and as nobody) with real ids, random
 * ids and malformed ones, bodies and queries near the schema mixed with hostile values. Every
 * answer is below 500, matches the status and body the document declares (errors as problem
 * details), and carries no stack trace and no SQL.
 *
 * Each run draws one seed for every operation; a failure names it, and FC_SEED=<seed> replays the
 * requests of that run (operations run side by side, so what the others stored may differ).
 */
const RUNS_PER_OPERATION = 200;
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
/** All generated requests come from this address, so log-in throttling spares the rest of the suite. */
const FUZZ_ADDRESS = '203.0.113.18';

/** Served but deliberately left out of the OpenAPI document. */
const UNDOCUMENTED_ROUTES = ['GET /metrics'];

type Caller = Role | 'anonymous';

describe('generated requests from openapi.json (bad input)', () => {
  const document = readOpenApi();
  const operations = listOperations(document);
  const checker = new ResponseChecker(document);
  const exercised = new Map<string, number>();
  /** Sent text that would look like a leak when a later answer shows it back (a stored name). */
  const echoes = new Set<string>();

  let t: TestApp;
  /** Connections kept open between requests, as a client in production would. */
  const connections = new Agent({ keepAlive: true });
  let world: CareWorld;
  const tokens = new Map<Caller, string | undefined>([['anonymous', undefined]]);
  const pools = new Map<string, string[]>();
  const permissionOf = new Map<string, Permission | undefined>();

  beforeAll(async () => {
    // Each caller sends thousands of requests in a few minutes: the per-account limits (tested on
    // their own) are at their highest, so the requests reach the validation they are made for.
    t = await startTestApi({
      TRUST_PROXY: 'loopback',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000',
      EXPENSIVE_RATE_LIMIT_PER_MINUTE: '10000',
    });
    await t.app.listen(0, '127.0.0.1');
    world = await careWorld(t);
    const { db, hr, physio, doctor, employee, employer, episodeId, as, http } = world;
    for (const user of [hr, physio, doctor, employee]) {
      tokens.set(user.role, as(user).Authorization.slice('Bearer '.length));
    }
    const [{ organisation_id: service }] = await db.query<{ organisation_id: string }[]>(
      `SELECT organisation_id FROM membership WHERE user_id = $1`,
      [doctor.id],
    );
    const [{ organisation_id: practice }] = await db.query<{ organisation_id: string }[]>(
      `SELECT organisation_id FROM membership WHERE user_id = $1`,
      [physio.id],
    );
    tokens.set('admin', await accessTokenFor(t.app, await createUser(db, 'admin')));
    tokens.set(
      'analyst',
      await accessTokenFor(t.app, await createUser(db, 'analyst', { organisationId: service })),
    );

    /** A request of the set-up; its answer is held to the document like the generated ones. */
    const step = async (operationId: string, status: number, call: request.Test) => {
      const response = await call;
      const operation = operations.find((candidate) => candidate.operationId === operationId);
      const problems = operation
        ? checker.problems(operation, {
            status: response.status,
            headers: response.headers as Record<string, string>,
            text: response.text,
            body: response.body,
          })
        : [`no operation ${operationId}`];
      if (response.status !== status || problems.length) {
        throw new Error(`${operationId} answered ${response.status}: ${problems.join('; ')}`);
      }
      return response;
    };
    const plan = (workTrack: object[]) => planDraft({ workTrack, reviewDates: ['2026-12-14'] });
    const week = (from: string, percentOfContract: number) =>
      workWeek(from, percentOfContract, {
        tasksAllowed: ['Library duty'],
        tasksAvoided: ['Lifting pupils'],
      });

    // The first episode gets an approved plan and a second version of it, a session, an
    // intervention and a questionnaire for the employee.
    await step(
      'Plans_create',
      201,
      http()
        .post(`/episodes/${episodeId}/plans`)
        .set(as(physio))
        .send(plan([week('2026-11-30', 50)])),
    );
    for (const [verb, user] of [
      ['submit', physio],
      ['approve', doctor],
    ] as const) {
      const read = await step(
        'Plans_get',
        200,
        http().get(`/episodes/${episodeId}/plans/1`).set(as(user)),
      );
      await step(
        `Plans_${verb}`,
        200,
        http()
          .post(`/episodes/${episodeId}/plans/1/${verb}`)
          .set(as(user))
          .set('If-Match', read.headers.etag as string),
      );
    }
    await step(
      'Plans_create',
      201,
      http()
        .post(`/episodes/${episodeId}/plans`)
        .set(as(physio))
        .send(plan([week('2026-11-30', 50), week('2026-12-14', 75)])),
    );
    await step(
      'Plans_diff',
      200,
      http().get(`/episodes/${episodeId}/plans/2/diff`).set(as(doctor)),
    );
    const session = await step(
      'Progress_recordSession',
      201,
      http()
        .post(`/episodes/${episodeId}/progress/sessions`)
        .set(as(physio))
        .send({ sessionDate: '2026-12-01', quotas: [{ exercise: 0, reached: 8 }], nrsPain: 4 }),
    );
    const intervention = await step(
      'Interventions_create',
      201,
      http()
        .post(`/episodes/${episodeId}/interventions`)
        .set(as(hr))
        .send({ kind: 'equipment', description: 'Sit-stand desk', owner: 'Facilities' }),
    );
    const assignment = await step(
      'QuestionnaireAssignments_assign',
      201,
      http()
        .post(`/episodes/${episodeId}/questionnaire-assignments`)
        .set(as(physio))
        .send({ instrument: 'nrs_pain' }),
    );
    const upload = await step(
      'EmployeeImports_start',
      202,
      http()
        .post('/employee-imports?fileName=staff.csv')
        .set(as(hr))
        .set('Content-Type', 'text/csv')
        .send(sampleEmployeeCsv(5).text),
    );

    // A second episode, screened and partly back at work: so one closed by a generated
    // transition leaves another open, and reads of it answer with every part filled in.
    const colleague = await createEmployee(db, employer, { department: 'Campus Noord' });
    const second = await step(
      'Episodes_open',
      201,
      http().post('/episodes').set(as(hr)).send({
        employeeId: colleague,
        jurisdiction: 'NL',
        referralDate: '2026-11-23',
        absenceStart: '2026-11-16',
      }),
    );
    const other = `/episodes/${second.body.id as string}`;
    await step(
      'Episodes_setCareTeam',
      200,
      http()
        .put(`${other}/care-team`)
        .set(as(hr))
        .send({ physioUserId: physio.id, occupationalDoctorUserId: doctor.id }),
    );
    await step(
      'Episodes_recordComplaint',
      200,
      http()
        .put(`${other}/complaint`)
        .set(as(physio))
        .send({ regions: ['low_back'], side: 'left', specificity: 'aspecific' }),
    );
    await step(
      'Episodes_recordQuestionnaire',
      201,
      http()
        .post(`${other}/questionnaires`)
        .set(as(physio))
        .send({
          instrument: 'nrs_pain',
          takenOn: '2026-11-24',
          answers: { score: 6 },
        }),
    );
    const flags = await step(
      'Triage_redFlags',
      200,
      http().get('/triage/red-flags?regions=low_back').set(as(physio)),
    );
    await step(
      'Triage_recordIntake',
      200,
      http()
        .put(`${other}/intake`)
        .set(as(physio))
        .send({
          redFlags: Object.fromEntries(
            (flags.body as { code: string }[]).map((flag) => [flag.code, false]),
          ),
          rehabilitationPotential: 'good',
          expectedFullReturn: '2027-02-15',
        }),
    );
    await step(
      'Episodes_recordWorkStatus',
      201,
      http()
        .post(`${other}/work-status`)
        .set(as(hr))
        .send({
          effectiveFrom: '2026-11-30',
          status: 'partial',
          percentOfContract: 50,
          restrictions: { maxLiftKg: 5, tasksAvoided: ['Lifting pupils'] },
        }),
    );
    for (const [operationId, path, user] of [
      ['Episodes_get', other, physio],
      ['Triage_get', `${other}/triage`, physio],
      ['Triage_pathway', `${other}/pathway`, physio],
      ['Progress_get', `/episodes/${episodeId}/progress`, physio],
      ['Plans_list', `/episodes/${episodeId}/plans`, hr],
    ] as const) {
      await step(operationId, 200, http().get(path).set(as(user)));
    }
    const episodes = [episodeId, second.body.id as string];

    const foreignEmployer = await createEmployer(db);
    const foreignUser = await createUser(db, 'employee', { organisationId: foreignEmployer });
    const foreignEmployee = await createEmployee(db, foreignEmployer, { userId: foreignUser.id });
    // Accounts the generated requests may disable or give another role: not the callers'.
    const accounts = [
      (await createUser(db, 'hr', { organisationId: employer })).id,
      (await createUser(db, 'employee', { organisationId: employer })).id,
      foreignUser.id,
    ];
    const ids = async (sql: string, parameters: unknown[]) =>
      (await db.query<{ id: string }[]>(sql, parameters)).map((row) => row.id);
    const checkpoints = await ids(
      `SELECT id FROM checkpoint WHERE episode_id = ANY($1) ORDER BY due_on LIMIT 6`,
      [episodes],
    );
    const notifications = await ids(`SELECT id FROM notification WHERE recipient_user_id = $1`, [
      employee.id,
    ]);

    const employees = [colleague, foreignEmployee];
    const organisations = [employer, service, practice, foreignEmployer];
    for (const [name, values] of Object.entries({
      users: accounts,
      organisations,
      employees,
      'employee-imports': [upload.body.id as string],
      episodes,
      notifications,
      checkpoints,
      assignmentId: [assignment.body.id as string],
      interventionId: [intervention.body.id as string],
      sessionId: [session.body.id as string],
      employerId: [employer, foreignEmployer],
      employeeId: employees,
      organisationId: organisations,
      healthServiceId: [service, practice],
      physioUserId: [physio.id, doctor.id],
      occupationalDoctorUserId: [doctor.id, physio.id],
      number: ['1', '2'],
      planNumber: ['1', '2'],
      month: ['2026-01-01', '2026-11-01'],
      weekStart: ['2026-11-30', '2026-12-07', '2026-12-02'],
    })) {
      pools.set(name, values);
    }
    for (const route of listRoutes(t.app)) {
      permissionOf.set(`${route.method} ${route.path}`, route.permission as Permission);
    }
  }, 120_000);

  afterAll(async () => {
    connections.destroy();
    await t?.app.close();
  });

  /** Real ids for a parameter or field: `id` by the collection in the path, others by name. */
  const idsFor = (name: string, path: string): readonly string[] =>
    (name === 'id' ? pools.get(path.split('/')[1]) : pools.get(name)) ?? [];

  /** Callers, most often those allowed to call the operation, so bodies get past the guard. */
  function callerFor(operation: ApiOperation): fc.Arbitrary<Caller> {
    const permission = permissionOf.get(
      `${operation.method.toUpperCase()} ${expressPath(operation.path)}`,
    );
    const weighted = [...ROLES, 'anonymous' as const].map((caller) => {
      const allowed =
        caller === 'anonymous'
          ? operation.isPublic
          : permission !== undefined && roleHasPermission(caller, permission);
      return { weight: allowed ? 6 : 1, arbitrary: fc.constant<Caller>(caller) };
    });
    return fc.oneof(...weighted);
  }

  function describeRequest(caller: Caller, sent: GeneratedRequest, method: string): string {
    const body =
      sent.body === undefined
        ? ''
        : 'json' in sent.body
          ? JSON.stringify(sent.body.json)
          : `(${sent.body.contentType}) ${String(sent.body.raw)}`;
    const cut = (text: string | undefined, length: number) =>
      text && text.length > length ? `${text.slice(0, length)}… (${text.length} chars)` : text;
    return `${method.toUpperCase()} ${cut(sent.path, 200)}${sent.query ? `?${cut(sent.query, 300)}` : ''} as ${caller} headers ${JSON.stringify(sent.headers)} body ${cut(body, 600)}`;
  }

  async function send(operation: ApiOperation, caller: Caller, sent: GeneratedRequest) {
    const url = `${sent.path}${sent.query ? `?${sent.query}` : ''}`;
    const http = request(t.app.getHttpServer());
    let call = http[operation.method](url)
      .agent(connections)
      .ok(() => true)
      .set('X-Forwarded-For', FUZZ_ADDRESS)
      .buffer(true);
    const token = tokens.get(caller);
    if (token) call = call.set('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(sent.headers)) call = call.set(name, value);
    if (sent.body && 'json' in sent.body) {
      const text = JSON.stringify(sent.body.json);
      if (text !== undefined) call = call.set('Content-Type', 'application/json').send(text);
    } else if (sent.body) {
      call = call.set('Content-Type', sent.body.contentType).send(sent.body.raw);
    }
    return call;
  }

  /**
   * Scenario 19 by hand, before the generated requests: text of 100,000 characters, lists of a
   * thousand entries (the most one JSON array may hold; past it the whole body is refused, see
   * scenario 24) and 31 February are refused with 400 naming each field, nothing stored.
   */
  describe('huge strings, huge arrays and impossible dates', () => {
    const HUGE_TEXT = 'x'.repeat(100_000);
    const fieldsOf = (body: { errors?: { field: string }[] }) =>
      [...new Set((body.errors ?? []).map((error) => error.field))].sort();
    const count = async (sql: string, parameters: unknown[]) =>
      Number((await world.db.query<{ count: string }[]>(sql, parameters))[0].count);

    it('refuses an employee whose name, job title and department run to 100,000 characters', async () => {
      const { http, as, hr, employer } = world;
      const employees = `SELECT count(*) FROM employee WHERE employer_id = $1`;
      const before = await count(employees, [employer]);
      const refused = await http().post('/employees').set(as(hr)).send({
        employeeNumber: 'E-HUGE-1',
        fullName: HUGE_TEXT,
        birthYear: 1984,
        contractHours: 38,
        jobTitle: HUGE_TEXT,
        department: HUGE_TEXT,
      });
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused.body)).toEqual(['department', 'fullName', 'jobTitle']);
      expect(await count(employees, [employer])).toBe(before);
    });

    it('refuses a complaint of 1,000 regions with a 100,000-character clinical note', async () => {
      const { http, as, physio, episodeId } = world;
      const refused = await http()
        .put(`/episodes/${episodeId}/complaint`)
        .set(as(physio))
        .send({
          regions: Array.from({ length: 1_000 }, () => 'neck'),
          side: 'left',
          specificity: 'specific',
          clinicalNote: HUGE_TEXT,
        });
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused.body)).toEqual(['clinicalNote', 'regions']);
      expect(JSON.stringify(refused.body)).not.toContain('xxxxxxxxxx');
      expect(await count(`SELECT count(*) FROM complaint WHERE episode_id = $1`, [episodeId])).toBe(
        0,
      );
    });

    it('refuses a plan of 1,000 weeks and review dates with a baseline of 1,000 sessions', async () => {
      const { http, as, physio, episodeId } = world;
      const versions = `SELECT count(*) FROM plan_version WHERE episode_id = $1`;
      const before = await count(versions, [episodeId]);
      const refused = await http()
        .post(`/episodes/${episodeId}/plans`)
        .set(as(physio))
        .send({
          startDate: '2026-11-30',
          targetFullReturn: '2027-01-11',
          components: [],
          movementTrack: [
            bridging({
              baseline: Array.from({ length: 1_000 }, (_, i) => i),
              schedule: [{ week: 0, from: '2026-11-30', quota: 8 }],
            }),
          ],
          workTrack: Array.from({ length: 1_000 }, () => workWeek('2026-11-30', 50)),
          reviewDates: Array.from({ length: 1_000 }, () => '2026-12-14'),
        });
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused.body)).toEqual([
        'movementTrack.0.baseline',
        'reviewDates',
        'workTrack',
      ]);
      expect(await count(versions, [episodeId])).toBe(before);
    });

    it('refuses a session reaching 1,000 quotas with a 100,000-character note', async () => {
      const { http, as, physio, episodeId } = world;
      const entries = `SELECT count(*) FROM progress_entry WHERE episode_id = $1`;
      const before = await count(entries, [episodeId]);
      const refused = await http()
        .post(`/episodes/${episodeId}/progress/sessions`)
        .set(as(physio))
        .send({
          sessionDate: '2026-12-02',
          quotas: Array.from({ length: 1_000 }, (_, i) => ({ exercise: 0, reached: i })),
          clinicalNote: HUGE_TEXT,
        });
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused.body)).toEqual(['clinicalNote', 'quotas']);
      expect(await count(entries, [episodeId])).toBe(before);
    });

    it('refuses an episode referred on 31 February', async () => {
      const { http, as, hr, db, employer } = world;
      const employeeId = await createEmployee(db, employer);
      const refused = await http().post('/episodes').set(as(hr)).send({
        employeeId,
        jurisdiction: 'BE',
        referralDate: '2026-02-31',
        absenceStart: '2026-02-31',
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        { field: 'referralDate', message: 'referralDate must be a calendar date (YYYY-MM-DD)' },
        { field: 'absenceStart', message: 'absenceStart must be a calendar date (YYYY-MM-DD)' },
      ]);
      expect(await count(`SELECT count(*) FROM episode WHERE employee_id = $1`, [employeeId])).toBe(
        0,
      );
    });
  });

  // Operations run side by side (Jest's maxConcurrency, 5): while one waits for the database the
  // next is generated and sent; the requests of one operation go one after another.
  it.concurrent.each(operations.map((operation) => [operation.operationId, operation] as const))(
    '%s: answers every generated request below 500, as documented, leaking nothing',
    async (_name, operation) => {
      const arbitrary = fc.tuple(
        callerFor(operation),
        requestFor({ document, ids: idsFor, path: operation.path }, operation),
      );
      await fc.assert(
        fc.asyncProperty(arbitrary, async ([caller, sent]) => {
          exercised.set(operation.operationId, (exercised.get(operation.operationId) ?? 0) + 1);
          const response = await send(operation, caller, sent);
          const text =
            typeof response.text === 'string'
              ? response.text
              : Buffer.isBuffer(response.body) &&
                  !/spreadsheetml/.test(String(response.headers['content-type']))
                ? response.body.toString('utf8')
                : '';
          // What a successful request stored may come back in later answers.
          const stored = response.status < 300 ? sentStrings(sent) : [];
          for (const value of stored.filter(looksLikeLeak)) {
            for (const variant of [value, value.trim(), JSON.stringify(value).slice(1, -1)])
              echoes.add(variant);
          }
          const problems = [
            ...(response.status >= 500 ? [`answered ${response.status}`] : []),
            ...checker.problems(operation, {
              status: response.status,
              headers: response.headers as Record<string, string>,
              text,
              body: response.body,
            }),
            // An answer may name what this request sent (an unknown field's key): no leak either.
            ...(leaksIn(text, echoes).length
              ? leaksIn(text, [...echoes, ...sentStrings(sent)]).map(
                  (leak) => `the answer shows ${leak}`,
                )
              : []),
          ];
          if (problems.length) {
            const logged = t.logs
              .entries()
              .filter((entry) => entry.correlationId === response.headers['x-request-id'])
              .map((entry) => JSON.stringify(entry.error ?? entry.msg));
            throw new Error(
              `${describeRequest(caller, sent, operation.method)}\n-> ${response.status}: ${problems.join('; ')}\n` +
                `answer: ${text.slice(0, 800)}\nlogged: ${logged.join('\n')}\nreplay: FC_SEED=${SEED}`,
            );
          }
        }),
        { numRuns: RUNS_PER_OPERATION, seed: SEED, endOnFailure: true },
      );
    },
    60_000,
  );

  /**
   * Security scenario 24: every operation of the document, called by nobody and by a role allowed
   * to call it, answers each JSON body beyond the nesting and width limits with 400 as documented:
   * never a 5xx, and never a 401 first (the body is refused before anyone is authenticated).
   */
  it.concurrent.each(operations.map((operation) => [operation.operationId, operation] as const))(
    'answers JSON nested or wide beyond the limits with 400, signed in or not: %s',
    async (_name, operation) => {
      const permission = permissionOf.get(
        `${operation.method.toUpperCase()} ${expressPath(operation.path)}`,
      );
      const signedIn =
        ROLES.find((role) => permission !== undefined && roleHasPermission(role, permission)) ??
        'hr';
      const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
        encodeURIComponent(idsFor(name, operation.path)[0] ?? randomUUID()),
      );
      const problems: string[] = [];
      for (const caller of ['anonymous', signedIn] as const) {
        for (const { name, text } of OVER_LIMIT_JSON) {
          const response = await send(operation, caller, {
            path,
            query: '',
            headers: {},
            body: { raw: text, contentType: 'application/json' },
          });
          const answer = {
            status: response.status,
            headers: response.headers as Record<string, string>,
            text: response.text,
            body: response.body,
          };
          const code = (response.body as { code?: string }).code;
          problems.push(
            ...[
              ...(response.status === 400 && code === 'malformed_request'
                ? []
                : [`answered ${response.status} ${code}`]),
              ...checker.problems(operation, answer),
            ].map((problem) => `${name}, as ${caller}: ${problem}`),
          );
        }
      }
      expect(problems).toEqual([]);
    },
    60_000,
  );

  it('exercised every operation of openapi.json, and the document has every route served', () => {
    expect(operations.length).toBeGreaterThanOrEqual(98);
    const short = operations.filter(
      (operation) => (exercised.get(operation.operationId) ?? 0) < RUNS_PER_OPERATION,
    );
    expect(short.map((operation) => operation.operationId)).toEqual([]);
    expect(exercised.size).toBe(operations.length);

    const documented = new Set(
      operations.map(
        (operation) => `${operation.method.toUpperCase()} ${expressPath(operation.path)}`,
      ),
    );
    const served = listRoutes(t.app).map((route) => `${route.method} ${route.path}`);
    expect(served.filter((route) => !documented.has(route))).toEqual(UNDOCUMENTED_ROUTES);
  });
});
