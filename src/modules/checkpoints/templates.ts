import type { CheckpointTemplateDefinition, Participant } from './timeline.js';

/**
 * The first version of each checkpoint template, as the migration that introduced them stored
 * them. The database is the source: a change in the law is a new version added there, with its
 * own validity dates, not a change here. These constants exist so tests can check the generator
 * against hand-computed dates and the stored rows against what was reviewed.
 */
const EVERYONE: Participant[] = ['hr', 'physio', 'occupational_doctor', 'employee'];
const TRIPARTITE: Participant[] = ['hr', 'occupational_doctor', 'employee'];

export const NL_POORTWACHTER_V1: CheckpointTemplateDefinition = {
  code: 'nl_poortwachter',
  version: 1,
  category: 'statutory',
  jurisdiction: 'NL',
  legalSource:
    'Wet verbetering poortwachter: BW 7:629 and 7:658a; Regeling procesgang eerste en tweede ziektejaar',
  selectBy: 'sickness_day_1',
  validFrom: '2002-04-01',
  validTo: null,
  rules: [
    {
      key: 'nl_absence_report',
      title: 'Absence reported to the occupational health service',
      anchor: 'sickness_day_1',
      due: { day: 7 },
      participants: ['hr'],
    },
    {
      key: 'nl_problem_analysis',
      title: 'Problem analysis by the company doctor',
      anchor: 'sickness_day_1',
      due: { day: 42 },
      participants: ['occupational_doctor', 'employee'],
    },
    {
      key: 'nl_plan_of_action',
      title: 'Plan of action signed',
      anchor: 'sickness_day_1',
      due: { day: 56 },
      participants: TRIPARTITE,
    },
    {
      key: 'nl_plan_evaluation',
      title: 'Evaluation of the plan of action',
      anchor: 'sickness_day_1',
      due: { day: 98 },
      repeat: { everyDays: 42, through: { day: 728 } },
      participants: TRIPARTITE,
    },
    {
      key: 'nl_week_42_notification',
      title: '42nd-week notification to UWV',
      anchor: 'sickness_day_1',
      due: { day: 295 },
      workingDay: true,
      participants: ['hr'],
    },
    {
      key: 'nl_first_year_evaluation',
      title: 'First-year evaluation',
      anchor: 'sickness_day_1',
      opens: { day: 316 },
      due: { day: 364 },
      participants: TRIPARTITE,
    },
    {
      key: 'nl_current_assessment',
      title: 'Current assessment by the company doctor',
      anchor: 'sickness_day_1',
      due: { day: 637 },
      participants: ['occupational_doctor', 'employee'],
    },
    {
      key: 'nl_wia_application',
      title: 'Deadline for the WIA application',
      anchor: 'sickness_day_1',
      due: { day: 651 },
      participants: ['hr', 'employee'],
    },
    {
      key: 'nl_wage_continuation_end',
      title: 'End of wage continuation',
      anchor: 'sickness_day_1',
      due: { day: 728 },
      participants: ['hr'],
    },
  ],
};

export const BE_REINTEGRATION_V1: CheckpointTemplateDefinition = {
  code: 'be_reintegration',
  version: 1,
  category: 'statutory',
  jurisdiction: 'BE',
  legalSource:
    'KB 11 September 2022 on re-integration (in force 1 October 2022); Codex welzijn op het werk / code du bien-être au travail I.4-72 ff.',
  selectBy: 'sickness_day_1',
  validFrom: '2022-10-01',
  validTo: null,
  rules: [
    {
      key: 'be_inform_occupational_doctor',
      title: 'Employer informs the occupational doctor (4 weeks of incapacity)',
      anchor: 'sickness_day_1',
      due: { day: 29 },
      participants: ['hr'],
    },
    {
      key: 'be_trajectory_possible',
      title: 'Employer may start a re-integration trajectory (3 months)',
      anchor: 'sickness_day_1',
      due: { monthsAfter: 3 },
      kind: 'earliest',
      participants: ['hr'],
    },
    {
      key: 'be_reintegration_assessment',
      title: 'Re-integration assessment by the occupational doctor',
      anchor: 'trajectory_requested',
      due: { daysAfter: 49 },
      participants: ['occupational_doctor', 'employee'],
    },
    {
      key: 'be_plan_after_decision_a',
      title: 'Re-integration plan after decision A',
      anchor: 'decision_a',
      due: { daysAfter: 63 },
      participants: TRIPARTITE,
    },
    {
      key: 'be_plan_after_decision_b',
      title: 'Re-integration plan after decision B',
      anchor: 'decision_b',
      due: { monthsAfter: 6 },
      participants: TRIPARTITE,
    },
    {
      key: 'be_plan_acceptance',
      title: 'Worker accepts or refuses the re-integration plan',
      anchor: 'plan_offered',
      due: { daysAfter: 14 },
      participants: ['employee'],
    },
  ],
};

export const CLINICAL_REVIEWS_V1: CheckpointTemplateDefinition = {
  code: 'clinical_reviews',
  version: 1,
  category: 'clinical',
  jurisdiction: null,
  legalSource:
    'Clinical guideline: outcome re-measurement and three-party review at weeks 2, 6 and 12 of the graded activity plan and at planned full return',
  selectBy: 'plan_start',
  validFrom: '2000-01-01',
  validTo: null,
  rules: [
    {
      key: 'clinical_week_2',
      title: 'Clinical review, week 2 of the plan',
      anchor: 'plan_start',
      due: { day: 14 },
      participants: EVERYONE,
    },
    {
      key: 'clinical_week_6',
      title: 'Clinical review, week 6 of the plan',
      anchor: 'plan_start',
      due: { day: 42 },
      participants: EVERYONE,
    },
    {
      key: 'clinical_week_12',
      title: 'Clinical review, week 12 of the plan',
      anchor: 'plan_start',
      due: { day: 84 },
      participants: EVERYONE,
    },
    {
      key: 'clinical_full_return',
      title: 'Review at the planned full return',
      anchor: 'planned_full_return',
      due: { day: 1 },
      participants: EVERYONE,
    },
  ],
};

export const FIRST_TEMPLATES = [NL_POORTWACHTER_V1, BE_REINTEGRATION_V1, CLINICAL_REVIEWS_V1];
