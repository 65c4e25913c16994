/**
 * Request bodies of graded activity plans, as a physiotherapist drafts them: one exercise from
 * supine (baseline 10, 12, 11 sessions: start quota 8, target 20) and the work track in weeks from
 * Monday 30 November 2026 to full return on 11 January 2027.
 */

/** Bridging, an exercise of the movement track. */
export const bridging = (overrides: object = {}) => ({
  name: 'Bridging',
  plane: 'sagittal',
  coordination: 'simple',
  amplitude: 'medium',
  speed: 'slow',
  loadKg: 0,
  startPosition: 'supine_unloaded',
  unit: 'repetitions',
  baseline: [10, 12, 11],
  target: 20,
  painFreeSessionsToProgress: 3,
  ...overrides,
});

/** A week of the work track from `from` at a share of the contract hours. */
export const workWeek = (from: string, percentOfContract: number, overrides: object = {}) => ({
  from,
  percentOfContract,
  tasksAllowed: [],
  tasksAvoided: [],
  ...overrides,
});

/** A plan draft: bridging, 50% from 30 November and 75% from 14 December. */
export const planDraft = (overrides: object = {}) => ({
  startDate: '2026-11-30',
  targetFullReturn: '2027-01-11',
  components: ['graded_activity', 'advice_education'],
  movementTrack: [bridging()],
  workTrack: [workWeek('2026-11-30', 50), workWeek('2026-12-14', 75)],
  reviewDates: [],
  ...overrides,
});
