import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEmployee } from '../factories/employees.js';
import { createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

interface Planned {
  ruleKey: string;
  occurrence: number;
  title: string;
  category: string;
  kind: string;
  anchor: string;
  dueOn: string;
  opensOn: string | null;
  participants: string[];
  templateCode: string;
  templateVersion: number;
  legalSource: string;
}

/** The sixteen six-weekly evaluations of a Dutch plan of action, days 98 to 728 of 2026-03-02. */
const NL_EVALUATIONS_FROM_2026_03_02 = [
  '2026-06-07', // day 98 = end of week 14
  '2026-07-19',
  '2026-08-30',
  '2026-10-11',
  '2026-11-22',
  '2027-01-03',
  '2027-02-14',
  '2027-03-28',
  '2027-05-09',
  '2027-06-20',
  '2027-08-01',
  '2027-09-12',
  '2027-10-24',
  '2027-12-05',
  '2028-01-16',
  '2028-02-27', // day 728 = end of week 104 (2028 is a leap year)
];

describe('deadline planner', () => {
  let t: TestApp;
  let w: CareWorld;
  let manager: TestUser;
  let managerToken: string;

  beforeAll(async () => {
    t = await startTestApi();
    w = await careWorld(t);
    const [{ id: practice }] = await w.db.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Practice', 1) RETURNING id`,
    );
    manager = await createUser(w.db, 'manager', { organisationId: practice });
    managerToken = await accessTokenFor(t.app, manager);
  });
  afterAll(async () => {
    await t.app.close();
  });

  const plan = (query: Record<string, string>, user: TestUser = w.hr) =>
    w
      .http()
      .get('/planner/timeline')
      .query(query)
      .set(user === manager ? { Authorization: `Bearer ${managerToken}` } : w.as(user));
  const planned = async (query: Record<string, string>) => {
    const response = await plan(query);
    expect(response.status).toBe(200);
    return response.body as Planned[];
  };
  const dates = (list: Planned[]) =>
    list.map((c) => [c.ruleKey, c.occurrence, c.dueOn, c.opensOn] as const);

  it('plans the Dutch Poortwachter timeline from the first sick day, counted by hand', async () => {
    // Day 1 is Monday 2 March 2026; "by the end of week N" is day 7N.
    const list = await planned({ jurisdiction: 'NL', firstSickDay: '2026-03-02' });
    const expected: [string, number, string, string | null][] = [
      ['nl_absence_report', 1, '2026-03-08', null], // day 7
      ['nl_problem_analysis', 1, '2026-04-12', null], // week 6 = day 42
      ['nl_plan_of_action', 1, '2026-04-26', null], // week 8 = day 56
      ...NL_EVALUATIONS_FROM_2026_03_02.map(
        (due, index) =>
          ['nl_plan_evaluation', index + 1, due, null] as [string, number, string, null],
      ),
      ['nl_week_42_notification', 1, '2026-12-21', null], // day 295, a Monday
      ['nl_first_year_evaluation', 1, '2027-02-28', '2027-01-11'], // weeks 46-52: days 316-364
      ['nl_current_assessment', 1, '2027-11-28', null], // week 91 = day 637
      ['nl_wia_application', 1, '2027-12-12', null], // week 93 = day 651
      ['nl_wage_continuation_end', 1, '2028-02-27', null], // week 104 = day 728
    ];
    expect(dates(list)).toEqual(
      [...expected].sort(
        (a, b) => a[2].localeCompare(b[2]) || a[0].localeCompare(b[0]) || a[1] - b[1],
      ),
    );
    // Each entry carries what the template says about it.
    expect(list.find((c) => c.ruleKey === 'nl_problem_analysis')).toEqual({
      ruleKey: 'nl_problem_analysis',
      occurrence: 1,
      title: 'Problem analysis by the company doctor',
      category: 'statutory',
      kind: 'deadline',
      anchor: 'sickness_day_1',
      dueOn: '2026-04-12',
      opensOn: null,
      participants: ['occupational_doctor', 'employee'],
      templateCode: 'nl_poortwachter',
      templateVersion: 1,
      legalSource: expect.stringContaining('BW 7:629'),
    });
  });

  it.each([
    {
      what: 'a Saturday first sick day: the 42nd-week notification moves to the Monday',
      firstSickDay: '2026-03-07',
      key: 'nl_week_42_notification',
      dueOn: '2026-12-28', // day 295 is Saturday 26 December
    },
    {
      what: 'the problem analysis of a first sick day at the end of February',
      firstSickDay: '2028-02-28',
      key: 'nl_problem_analysis',
      dueOn: '2028-04-09', // 2028-02-28 + 41 days, through 29 February
    },
  ])('NL: $what', async ({ firstSickDay, key, dueOn }) => {
    const list = await planned({ jurisdiction: 'NL', firstSickDay });
    expect(list.find((c) => c.ruleKey === key)?.dueOn).toBe(dueOn);
  });

  it('plans the Belgian trajectory from its events, and the clinical reviews from the plan', async () => {
    const list = await planned({
      jurisdiction: 'BE',
      firstSickDay: '2026-03-02',
      trajectoryRequested: '2026-06-15',
      decisionA: '2026-07-31',
      decisionB: '2026-08-31',
      planOffered: '2026-09-30',
      planStart: '2026-04-20',
      plannedFullReturn: '2026-07-13',
    });
    expect(list.map((c) => [c.ruleKey, c.dueOn, c.kind, c.anchor])).toEqual([
      ['be_inform_occupational_doctor', '2026-03-30', 'deadline', 'sickness_day_1'], // day 29
      ['clinical_week_2', '2026-05-03', 'deadline', 'plan_start'], // day 14 of the plan
      ['clinical_week_6', '2026-05-31', 'deadline', 'plan_start'], // day 42
      ['be_trajectory_possible', '2026-06-02', 'earliest', 'sickness_day_1'], // 3 months
      ['clinical_week_12', '2026-07-12', 'deadline', 'plan_start'], // day 84
      ['clinical_full_return', '2026-07-13', 'deadline', 'planned_full_return'],
      ['be_reintegration_assessment', '2026-08-03', 'deadline', 'trajectory_requested'], // +49
      ['be_plan_after_decision_a', '2026-10-02', 'deadline', 'decision_a'], // +63
      ['be_plan_acceptance', '2026-10-14', 'deadline', 'plan_offered'], // +14
      // Six months after 31 August: February has no 31st, so its last day.
      ['be_plan_after_decision_b', '2027-02-28', 'deadline', 'decision_b'],
    ]);
    expect(list.find((c) => c.ruleKey === 'clinical_week_2')).toMatchObject({
      category: 'clinical',
      templateCode: 'clinical_reviews',
      participants: ['hr', 'physio', 'occupational_doctor', 'employee'],
    });
    // Without the trajectory events, only the first two statutory steps.
    const bare = await planned({ jurisdiction: 'BE', firstSickDay: '2025-11-30' });
    expect(dates(bare)).toEqual([
      ['be_inform_occupational_doctor', 1, '2025-12-28', null],
      ['be_trajectory_possible', 1, '2026-02-28', null], // 30 November + 3 months
    ]);
    // The first day the Belgian templates cover.
    const first = await planned({ jurisdiction: 'BE', firstSickDay: '2022-10-01' });
    expect(first[0]).toMatchObject({
      ruleKey: 'be_inform_occupational_doctor',
      dueOn: '2022-10-29',
    });
  });

  it.each<{ what: string; query: Record<string, string>; status: number; field: string }>([
    {
      what: 'a Belgian first sick day before the KB of 2022 applies',
      query: { jurisdiction: 'BE', firstSickDay: '2022-09-30' },
      status: 422,
      field: 'firstSickDay',
    },
    {
      what: 'a Dutch first sick day before the Poortwachter templates',
      query: { jurisdiction: 'NL', firstSickDay: '2002-03-31' },
      status: 422,
      field: 'firstSickDay',
    },
    {
      what: 'a plan start before the clinical templates',
      query: { jurisdiction: 'NL', firstSickDay: '2026-03-02', planStart: '1999-12-31' },
      status: 422,
      field: 'planStart',
    },
    {
      what: 'a trajectory event on a Dutch timeline',
      query: { jurisdiction: 'NL', firstSickDay: '2026-03-02', trajectoryRequested: '2026-06-15' },
      status: 400,
      field: 'trajectoryRequested',
    },
    {
      what: 'a trajectory request before the first sick day',
      query: { jurisdiction: 'BE', firstSickDay: '2026-03-02', trajectoryRequested: '2026-03-01' },
      status: 400,
      field: 'trajectoryRequested',
    },
    {
      what: 'a decision before the request',
      query: {
        jurisdiction: 'BE',
        firstSickDay: '2026-03-02',
        trajectoryRequested: '2026-06-15',
        decisionA: '2026-06-14',
      },
      status: 400,
      field: 'decisionA',
    },
    {
      what: 'a planned full return without a plan start',
      query: { jurisdiction: 'NL', firstSickDay: '2026-03-02', plannedFullReturn: '2026-07-13' },
      status: 400,
      field: 'plannedFullReturn',
    },
    {
      what: 'a planned full return before the plan start',
      query: {
        jurisdiction: 'NL',
        firstSickDay: '2026-03-02',
        planStart: '2026-04-20',
        plannedFullReturn: '2026-04-19',
      },
      status: 400,
      field: 'plannedFullReturn',
    },
    {
      what: 'no first sick day',
      query: { jurisdiction: 'NL' },
      status: 400,
      field: 'firstSickDay',
    },
    {
      what: 'an impossible date',
      query: { jurisdiction: 'NL', firstSickDay: '2026-02-30' },
      status: 400,
      field: 'firstSickDay',
    },
    {
      what: 'another jurisdiction',
      query: { jurisdiction: 'FR', firstSickDay: '2026-03-02' },
      status: 400,
      field: 'jurisdiction',
    },
    {
      what: 'a person: the planner takes none',
      query: {
        jurisdiction: 'NL',
        firstSickDay: '2026-03-02',
        employeeId: '6f1c2a0e-4b7d-4c1e-9a55-2f7d8c1b3e90',
      },
      status: 400,
      field: 'employeeId',
    },
  ])('refuses $what, naming the field', async ({ query, status, field }) => {
    const response = await plan(query);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect([
      ...new Set((response.body.errors as { field: string }[]).map((error) => error.field)),
    ]).toEqual([field]);
  });

  it('answers HR, both clinicians and a manager alike, and refuses the employee', async () => {
    const query = { jurisdiction: 'NL', firstSickDay: '2026-03-02' };
    const hr = await plan(query, w.hr);
    expect(hr.status).toBe(200);
    for (const user of [w.physio, w.doctor, manager]) {
      const response = await plan(query, user);
      expect([user.role, response.status, response.body]).toEqual([user.role, 200, hr.body]);
    }
    const employee = await plan(query, w.employee);
    expect([employee.status, employee.body.code]).toEqual([403, 'forbidden']);
  });

  it('follows the template versions stored in the database, not a copy in the code', async () => {
    // A later version of the Dutch template, far in the future so no other test meets it.
    const rule = {
      key: 'nl_problem_analysis',
      title: 'Problem analysis (a later version of the law)',
      anchor: 'sickness_day_1',
      due: { day: 35 },
      participants: ['occupational_doctor', 'employee'],
    };
    const [{ id }] = await w.db.query<{ id: string }[]>(
      `INSERT INTO checkpoint_template (code, version, category, jurisdiction, legal_source, select_by,
                                        valid_from, valid_to, rules)
       VALUES ('nl_poortwachter', 900, 'statutory', 'NL', 'A later law', 'sickness_day_1',
               DATE '2090-01-01', NULL, $1::jsonb)
       RETURNING id`,
      [JSON.stringify([rule])],
    );
    try {
      const later = await planned({ jurisdiction: 'NL', firstSickDay: '2090-01-02' });
      expect(later).toEqual([
        expect.objectContaining({
          ruleKey: 'nl_problem_analysis',
          title: rule.title,
          dueOn: '2090-02-05', // day 35
          templateVersion: 900,
          legalSource: 'A later law',
        }),
      ]);
      const earlier = await planned({ jurisdiction: 'NL', firstSickDay: '2089-12-31' });
      expect(earlier).toHaveLength(24);
      expect(new Set(earlier.map((c) => c.templateVersion))).toEqual(new Set([1]));
    } finally {
      await w.db.query(`DELETE FROM checkpoint_template WHERE id = $1`, [id]);
    }
  });

  describe("agrees with an episode's own checkpoints for the same dates", () => {
    interface EpisodeCheckpoint extends Omit<Planned, 'anchor'> {
      computedDueOn: string;
      status: string;
    }
    const comparable = (c: Omit<Planned, 'anchor'>) => ({
      ruleKey: c.ruleKey,
      occurrence: c.occurrence,
      title: c.title,
      category: c.category,
      kind: c.kind,
      dueOn: c.dueOn,
      opensOn: c.opensOn,
      participants: c.participants,
      templateCode: c.templateCode,
      templateVersion: c.templateVersion,
      legalSource: c.legalSource,
    });

    it.each([
      {
        jurisdiction: 'NL',
        firstSickDay: '2025-05-10', // a Saturday: the 42nd-week notification moves
        milestones: {},
        planStart: '2025-06-16',
        plannedFullReturn: '2025-09-08',
      },
      {
        jurisdiction: 'BE',
        firstSickDay: '2025-01-31', // three months on: April has no 31st, so the 30th
        milestones: {
          trajectory_requested: '2025-05-12',
          decision_a: '2025-06-20',
          decision_b: '2025-08-31',
          plan_offered: '2025-09-15',
        },
        planStart: '2025-03-03',
        plannedFullReturn: '2025-05-26',
      },
    ])(
      '$jurisdiction: an episode opened with this absence, its events recorded and its plan approved',
      async ({ jurisdiction, firstSickDay, milestones, planStart, plannedFullReturn }) => {
        // The episode, through the API, as HR opens one.
        const opened = await w
          .http()
          .post('/episodes')
          .set(w.as(w.hr))
          .send({
            employeeId: await createEmployee(w.db, w.employer),
            jurisdiction,
            referralDate: firstSickDay,
            absenceStart: firstSickDay,
          });
        expect(opened.status).toBe(201);
        expect(opened.body.clockStart).toBe(firstSickDay);
        const episode = opened.body.id as string;
        await w
          .http()
          .put(`/episodes/${episode}/care-team`)
          .set(w.as(w.hr))
          .send({ physioUserId: w.physio.id, occupationalDoctorUserId: w.doctor.id })
          .expect(200);
        // The trajectory events as they happen: the decisions are the doctor's.
        for (const [kind, occurredOn] of Object.entries(milestones)) {
          const by = kind.startsWith('decision_') ? w.doctor : w.hr;
          await w
            .http()
            .put(`/episodes/${episode}/milestones`)
            .set(w.as(by))
            .send({ kind, occurredOn })
            .expect(200);
        }
        // The plan: drafted and submitted by the physiotherapist, approved by the doctor.
        const plans = (path = '') => `/episodes/${episode}/plans${path}`;
        await w
          .http()
          .post(plans())
          .set(w.as(w.physio))
          .send({
            startDate: planStart,
            targetFullReturn: plannedFullReturn,
            components: ['graded_activity', 'advice_education', 'return_to_work_programme'],
            movementTrack: [],
            workTrack: [
              { from: planStart, percentOfContract: 50, tasksAllowed: [], tasksAvoided: [] },
            ],
            reviewDates: [],
          })
          .expect(201);
        for (const [verb, user] of [
          ['submit', w.physio],
          ['approve', w.doctor],
        ] as const) {
          const current = await w.http().get(plans('/1')).set(w.as(user));
          await w
            .http()
            .post(plans(`/1/${verb}`))
            .set(w.as(user))
            .set('If-Match', current.headers.etag as string)
            .send({})
            .expect(200);
        }

        const own = await w.http().get(`/episodes/${episode}/checkpoints`).set(w.as(w.hr));
        expect(own.status).toBe(200);
        const checkpoints = own.body as EpisodeCheckpoint[];
        expect(
          checkpoints.every((c) => c.status === 'planned' && c.computedDueOn === c.dueOn),
        ).toBe(true);

        const query: Record<string, string> = {
          jurisdiction,
          firstSickDay,
          planStart,
          plannedFullReturn,
        };
        const field = {
          trajectory_requested: 'trajectoryRequested',
          decision_a: 'decisionA',
          decision_b: 'decisionB',
          plan_offered: 'planOffered',
        } as Record<string, string>;
        for (const [kind, occurredOn] of Object.entries(milestones))
          query[field[kind]] = occurredOn;
        const timeline = await planned(query);

        // Every kind of rule took part: statutory and clinical, and for Belgium every event.
        const anchors = new Set(timeline.map((c) => c.anchor));
        expect(anchors).toEqual(
          new Set([
            'sickness_day_1',
            'plan_start',
            'planned_full_return',
            ...Object.keys(milestones),
          ]),
        );
        expect(timeline.map(comparable)).toEqual(checkpoints.map(comparable));
      },
    );
  });
});
