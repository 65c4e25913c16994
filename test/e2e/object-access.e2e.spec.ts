import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Role } from '../../src/common/auth/roles.js';
import { createEmployee } from '../factories/employees.js';
import { createEmployer, createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { listRoutes } from '../support/routes.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/**
 * Object-level access: every route that takes an id, called by every role that is not an admin,
 * on an object of another employer, practice or health service, answers 403 or 404 and changes
 * nothing. A new route with an id fails this test until it is given a foreign object below.
 */
describe('object-level access', () => {
  let t: TestApp;
  let db: DataSource;
  const tokens = {} as Record<Exclude<Role, 'admin'>, string>;
  const foreign = {} as {
    employer: string;
    user: string;
    employee: string;
    episode: string;
    notification: string;
    employeeImport: string;
    assignment: string;
    intervention: string;
    checkpoint: string;
  };
  const http = () => request(t.app.getHttpServer());

  /** For each route with an id: the foreign object to aim at, and a body valid for the route. */
  const cases: Record<string, () => { path: string; body?: object; ifMatch?: string }> = {
    'GET /organisations/:id': () => ({ path: `/organisations/${foreign.employer}` }),
    'PATCH /organisations/:id': () => ({
      path: `/organisations/${foreign.employer}`,
      body: { name: 'Taken over' },
      ifMatch: 'W/"1"',
    }),
    'GET /organisations/:id/headcount': () => ({
      path: `/organisations/${foreign.employer}/headcount`,
    }),
    'PUT /organisations/:id/headcount/:month': () => ({
      path: `/organisations/${foreign.employer}/headcount/2026-01-01`,
      body: { fte: 1 },
    }),
    'POST /episodes/:id/questionnaire-assignments': () => ({
      path: `/episodes/${foreign.episode}/questionnaire-assignments`,
      body: { instrument: 'nrs_pain' },
    }),
    'GET /episodes/:id/questionnaire-assignments': () => ({
      path: `/episodes/${foreign.episode}/questionnaire-assignments`,
    }),
    'DELETE /episodes/:id/questionnaire-assignments/:assignmentId': () => ({
      path: `/episodes/${foreign.episode}/questionnaire-assignments/${foreign.assignment}`,
    }),
    'POST /me/questionnaires/:assignmentId': () => ({
      path: `/me/questionnaires/${foreign.assignment}`,
      body: { answers: { score: 4 } },
    }),
    'POST /episodes/:id/plans': () => ({
      path: `/episodes/${foreign.episode}/plans`,
      body: {
        startDate: '2026-11-30',
        targetFullReturn: '2027-01-11',
        components: [],
        movementTrack: [],
        workTrack: [
          { from: '2026-11-30', percentOfContract: 50, tasksAllowed: [], tasksAvoided: [] },
        ],
        reviewDates: [],
      },
    }),
    'GET /episodes/:id/plans': () => ({ path: `/episodes/${foreign.episode}/plans` }),
    'GET /episodes/:id/plans/:number': () => ({ path: `/episodes/${foreign.episode}/plans/1` }),
    'GET /episodes/:id/plans/:number/diff': () => ({
      path: `/episodes/${foreign.episode}/plans/1/diff?against=1`,
    }),
    'PUT /episodes/:id/plans/:number': () => ({
      path: `/episodes/${foreign.episode}/plans/1`,
      body: {
        startDate: '2026-11-30',
        targetFullReturn: '2027-01-11',
        components: [],
        movementTrack: [],
        workTrack: [
          { from: '2026-11-30', percentOfContract: 50, tasksAllowed: [], tasksAvoided: [] },
        ],
        reviewDates: [],
      },
      ifMatch: 'W/"1"',
    }),
    ...Object.fromEntries(
      ['submit', 'approve', 'acknowledge', 'agree'].map((verb) => [
        `POST /episodes/:id/plans/:number/${verb}`,
        () => ({ path: `/episodes/${foreign.episode}/plans/1/${verb}`, ifMatch: 'W/"1"' }),
      ]),
    ),
    'POST /episodes/:id/plans/:number/request-changes': () => ({
      path: `/episodes/${foreign.episode}/plans/1/request-changes`,
      body: { remarks: 'Taken over' },
      ifMatch: 'W/"1"',
    }),
    'GET /episodes/:id/progress': () => ({ path: `/episodes/${foreign.episode}/progress` }),
    'POST /episodes/:id/progress/sessions': () => ({
      path: `/episodes/${foreign.episode}/progress/sessions`,
      body: { sessionDate: '2026-12-01', quotas: [] },
    }),
    'PUT /episodes/:id/progress/sessions/:sessionId': () => ({
      path: `/episodes/${foreign.episode}/progress/sessions/${foreign.intervention}`,
      body: { sessionDate: '2026-12-01', quotas: [] },
      ifMatch: 'W/"1"',
    }),
    'PUT /episodes/:id/progress/hours/:weekStart': () => ({
      path: `/episodes/${foreign.episode}/progress/hours/2026-11-30`,
      body: { hoursWorked: 10 },
    }),
    'POST /episodes/:id/interventions': () => ({
      path: `/episodes/${foreign.episode}/interventions`,
      body: { kind: 'equipment', description: 'Taken over', owner: 'HR' },
    }),
    'GET /episodes/:id/interventions': () => ({
      path: `/episodes/${foreign.episode}/interventions`,
    }),
    'PATCH /episodes/:id/interventions/:interventionId': () => ({
      path: `/episodes/${foreign.episode}/interventions/${foreign.intervention}`,
      body: { status: 'cancelled' },
      ifMatch: 'W/"1"',
    }),
    'GET /episodes/:id/checkpoints': () => ({ path: `/episodes/${foreign.episode}/checkpoints` }),
    'GET /checkpoints/:id': () => ({ path: `/checkpoints/${foreign.checkpoint}` }),
    'GET /checkpoints/:id/calendar.ics': () => ({
      path: `/checkpoints/${foreign.checkpoint}/calendar.ics`,
    }),
    'POST /checkpoints/:id/reschedule': () => ({
      path: `/checkpoints/${foreign.checkpoint}/reschedule`,
      body: { dueOn: '2099-01-01', reason: 'brought_forward' },
      ifMatch: 'W/"1"',
    }),
    'POST /checkpoints/:id/sign-off': () => ({
      path: `/checkpoints/${foreign.checkpoint}/sign-off`,
    }),
    'POST /checkpoints/:id/outcome': () => ({
      path: `/checkpoints/${foreign.checkpoint}/outcome`,
      body: { outcome: 'continue' },
      ifMatch: 'W/"1"',
    }),
    'GET /episodes/:id/milestones': () => ({ path: `/episodes/${foreign.episode}/milestones` }),
    'GET /reports/employers/:employerId/reintegration-evaluation': () => ({
      path: `/reports/employers/${foreign.employer}/reintegration-evaluation?year=2026`,
    }),
    'GET /reports/employers/:employerId/reintegration-evaluation/export': () => ({
      path: `/reports/employers/${foreign.employer}/reintegration-evaluation/export?year=2026&format=csv`,
    }),
    'PUT /episodes/:id/milestones': () => ({
      path: `/episodes/${foreign.episode}/milestones`,
      body: { kind: 'trajectory_requested', occurredOn: '2026-11-20' },
    }),
    'DELETE /episodes/:id/milestones/:kind': () => ({
      path: `/episodes/${foreign.episode}/milestones/trajectory_requested`,
      ifMatch: 'W/"1"',
    }),
    'GET /employee-imports/:id': () => ({ path: `/employee-imports/${foreign.employeeImport}` }),
    'GET /users/:id': () => ({ path: `/users/${foreign.user}` }),
    'GET /employees/:id': () => ({ path: `/employees/${foreign.employee}` }),
    'GET /episodes/:id': () => ({ path: `/episodes/${foreign.episode}` }),
    'POST /episodes/:id/transitions': () => ({
      path: `/episodes/${foreign.episode}/transitions`,
      body: { to: 'intake' },
      ifMatch: 'W/"1"',
    }),
    'POST /episodes/:id/questionnaires': () => ({
      path: `/episodes/${foreign.episode}/questionnaires`,
      body: { instrument: 'nrs_pain', takenOn: '2026-11-20', answers: { score: 5 } },
    }),
    'GET /episodes/:id/questionnaires': () => ({
      path: `/episodes/${foreign.episode}/questionnaires`,
    }),
    'PUT /episodes/:id/care-team': () => ({
      path: `/episodes/${foreign.episode}/care-team`,
      body: {},
    }),
    'PUT /episodes/:id/complaint': () => ({
      path: `/episodes/${foreign.episode}/complaint`,
      body: { regions: ['neck'], side: 'left', specificity: 'specific' },
    }),
    'GET /episodes/:id/work-status': () => ({ path: `/episodes/${foreign.episode}/work-status` }),
    'POST /episodes/:id/work-status': () => ({
      path: `/episodes/${foreign.episode}/work-status`,
      body: { effectiveFrom: '2026-11-20', status: 'full_duty' },
    }),
    'DELETE /episodes/:id/work-status/:effectiveFrom': () => ({
      path: `/episodes/${foreign.episode}/work-status/2026-11-20`,
    }),
    'GET /episodes/:id/history': () => ({ path: `/episodes/${foreign.episode}/history` }),
    'GET /episodes/:id/triage': () => ({ path: `/episodes/${foreign.episode}/triage` }),
    'PUT /episodes/:id/intake': () => ({
      path: `/episodes/${foreign.episode}/intake`,
      body: { redFlags: {}, rehabilitationPotential: 'low' },
    }),
    'POST /episodes/:id/red-flags/clearance': () => ({
      path: `/episodes/${foreign.episode}/red-flags/clearance`,
      body: { reason: 'Reviewed' },
    }),
    'GET /episodes/:id/pathway': () => ({ path: `/episodes/${foreign.episode}/pathway` }),
    'PUT /episodes/:id/pathway/override': () => ({
      path: `/episodes/${foreign.episode}/pathway/override`,
      body: { pathway: 'multidisciplinary', reason: 'Taken over' },
      ifMatch: 'W/"1"',
    }),
    'DELETE /episodes/:id/pathway/override': () => ({
      path: `/episodes/${foreign.episode}/pathway/override`,
      ifMatch: 'W/"1"',
    }),
    'POST /notifications/:id/read': () => ({
      path: `/notifications/${foreign.notification}/read`,
    }),
    'PATCH /employees/:id': () => ({
      path: `/employees/${foreign.employee}`,
      body: { jobTitle: 'Taken over' },
      ifMatch: 'W/"1"',
    }),
    'POST /employees/:id/deactivate': () => ({
      path: `/employees/${foreign.employee}/deactivate`,
      body: { leftOn: '2026-12-31' },
    }),
    'GET /employees/:id/access-log': () => ({ path: `/employees/${foreign.employee}/access-log` }),
    'POST /users/:id/disable': () => ({ path: `/users/${foreign.user}/disable` }),
    'POST /users/:id/invitation': () => ({ path: `/users/${foreign.user}/invitation` }),
    'PATCH /users/:id/role': () => ({
      path: `/users/${foreign.user}/role`,
      body: { role: 'hr' },
      ifMatch: 'W/"1"',
    }),
  };

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    const employer = await createEmployer(db);
    foreign.employer = await createEmployer(db);
    foreign.user = (await createUser(db, 'employee', { organisationId: foreign.employer })).id;
    foreign.employee = await createEmployee(db, foreign.employer, { userId: foreign.user });
    [{ id: foreign.episode }] = await db.query<{ id: string }[]>(
      `INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, contract_hours, version)
       VALUES ($1, $2, 'NL', DATE '2026-11-02', 38, 1) RETURNING id`,
      [foreign.employee, foreign.employer],
    );
    [{ id: foreign.notification }] = await db.query<{ id: string }[]>(
      `INSERT INTO notification (recipient_user_id, kind, subject_key) VALUES ($1, 'questionnaire_assigned', 'x') RETURNING id`,
      [foreign.user],
    );
    [{ id: foreign.employeeImport }] = await db.query<{ id: string }[]>(
      `INSERT INTO employee_import (employer_id, uploaded_by, file_sha256, status) VALUES ($1, $2, 'x', 'completed') RETURNING id`,
      [foreign.employer, foreign.user],
    );
    await db.query(
      `INSERT INTO plan_version (episode_id, number, start_date, target_full_return, drafted_by, version)
       VALUES ($1, 1, DATE '2026-11-30', DATE '2027-01-11', $2, 1)`,
      [foreign.episode, foreign.user],
    );
    [{ id: foreign.intervention }] = await db.query<{ id: string }[]>(
      `INSERT INTO workplace_intervention (episode_id, kind, description, owner, created_by, version)
       VALUES ($1, 'equipment', 'Chair', 'HR', $2, 1) RETURNING id`,
      [foreign.episode, foreign.user],
    );
    [{ id: foreign.checkpoint }] = await db.query<{ id: string }[]>(
      `INSERT INTO checkpoint (episode_id, template_id, rule_key, occurrence, category, kind, anchor,
                               computed_due_on, due_on, participants, version)
       SELECT $1, id, 'nl_problem_analysis', 1, 'statutory', 'deadline', 'sickness_day_1',
              DATE '2026-12-14', DATE '2026-12-14', '{hr,occupational_doctor,employee}', 1
         FROM checkpoint_template WHERE code = 'nl_poortwachter' AND version = 1 RETURNING id`,
      [foreign.episode],
    );
    [{ id: foreign.assignment }] = await db.query<{ id: string }[]>(
      `INSERT INTO questionnaire_assignment (episode_id, instrument, assigned_by) VALUES ($1, 'nrs_pain', $2) RETURNING id`,
      [foreign.episode, foreign.user],
    );
    const [{ id: practice }] = await db.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Own practice', 1) RETURNING id`,
    );
    const [{ id: service }] = await db.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, version) VALUES ('occupational_health_service', 'Own service', 1) RETURNING id`,
    );
    await db.query(
      `INSERT INTO service_contract (health_service_id, employer_id, valid_from, version) VALUES ($1, $2, DATE '2020-01-01', 1)`,
      [service, employer],
    );
    const memberships: Record<Exclude<Role, 'admin'>, string> = {
      hr: employer,
      employee: employer,
      physio: practice,
      occupational_doctor: service,
      analyst: service,
      manager: service,
    };
    for (const [role, organisationId] of Object.entries(memberships) as [
      Exclude<Role, 'admin'>,
      string,
    ][]) {
      tokens[role] = await accessTokenFor(t.app, await createUser(db, role, { organisationId }));
    }
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('covers every route that takes an id', () => {
    const withId = listRoutes(t.app)
      .filter((route) => route.path.includes(':'))
      .map((route) => `${route.method} ${route.path}`);
    expect(withId.length).toBeGreaterThanOrEqual(7);
    expect(withId.filter((key) => !(key in cases))).toEqual([]);
  });

  it('answers 403 or 404 to every other role, and changes nothing', async () => {
    const before = await db.query(`SELECT id, name, version FROM organisation WHERE id = $1`, [
      foreign.employer,
    ]);
    const leaks: string[] = [];
    for (const [key, build] of Object.entries(cases)) {
      const method = key.split(' ')[0].toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      for (const [role, token] of Object.entries(tokens)) {
        const { path, body, ifMatch } = build();
        let call = http()[method](path).set('Authorization', `Bearer ${token}`);
        if (ifMatch) call = call.set('If-Match', ifMatch);
        const response = await (body ? call.send(body) : call);
        if (![403, 404].includes(response.status))
          leaks.push(`${key} as ${role}: ${response.status}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(
      await db.query(`SELECT id, name, version FROM organisation WHERE id = $1`, [
        foreign.employer,
      ]),
    ).toEqual(before);
    const [user] = await db.query<{ status: string; role: string }[]>(
      `SELECT status, role FROM app_user WHERE id = $1`,
      [foreign.user],
    );
    expect(user).toEqual({ status: 'active', role: 'employee' });
    const [employee] = await db.query<{ job_title: string; active: boolean }[]>(
      `SELECT job_title, active FROM employee WHERE id = $1`,
      [foreign.employee],
    );
    expect(employee).toEqual({ job_title: 'Teacher', active: true });
    expect(
      await db.query(`SELECT 1 FROM complaint WHERE episode_id = $1`, [foreign.episode]),
    ).toEqual([]);
    expect(
      await db.query(
        `SELECT status, to_char(due_on, 'YYYY-MM-DD') AS due_on, version FROM checkpoint WHERE id = $1`,
        [foreign.checkpoint],
      ),
    ).toEqual([{ status: 'planned', due_on: '2026-12-14', version: 1 }]);
    for (const table of ['checkpoint_signoff', 'checkpoint_move']) {
      expect(
        await db.query(`SELECT 1 FROM ${table} WHERE checkpoint_id = $1`, [foreign.checkpoint]),
      ).toEqual([]);
    }
    expect(
      await db.query(`SELECT 1 FROM episode_milestone WHERE episode_id = $1`, [foreign.episode]),
    ).toEqual([]);
    expect(
      await db.query(`SELECT 1 FROM care_team_member WHERE episode_id = $1`, [foreign.episode]),
    ).toEqual([]);
    for (const table of ['triage_assessment', 'pathway_recommendation', 'work_status_period']) {
      expect(
        await db.query(`SELECT 1 FROM ${table} WHERE episode_id = $1`, [foreign.episode]),
      ).toEqual([]);
    }
    expect(
      await db.query(`SELECT read_at FROM notification WHERE id = $1`, [foreign.notification]),
    ).toEqual([{ read_at: null }]);
    expect(
      await db.query(
        `SELECT completed_at, cancelled_at FROM questionnaire_assignment WHERE episode_id = $1`,
        [foreign.episode],
      ),
    ).toEqual([{ completed_at: null, cancelled_at: null }]);
    expect(
      await db.query(`SELECT number, status, version FROM plan_version WHERE episode_id = $1`, [
        foreign.episode,
      ]),
    ).toEqual([{ number: 1, status: 'draft', version: 1 }]);
    expect(
      await db.query(`SELECT 1 FROM progress_entry WHERE episode_id = $1`, [foreign.episode]),
    ).toEqual([]);
    expect(
      await db.query(`SELECT status, version FROM workplace_intervention WHERE episode_id = $1`, [
        foreign.episode,
      ]),
    ).toEqual([{ status: 'planned', version: 1 }]);
    expect(
      await db.query(`SELECT 1 FROM questionnaire_response WHERE episode_id = $1`, [
        foreign.episode,
      ]),
    ).toEqual([]);
  });
});
