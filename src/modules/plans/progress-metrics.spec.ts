import { describe, expect, it } from '@jest/globals';
import {
  type Administration,
  outcomeChanges,
  type PlannedSchedule,
  progressMetrics,
  psfsActivityChanges,
  weekOf,
} from './progress-metrics.js';

/** Quota 8 from Monday 30 Nov, 10 from 7 Dec, 12 from 14 Dec; 50% then 75% of 38 h. */
const PLAN: PlannedSchedule = {
  contractHours: 38,
  movementTrack: [
    {
      schedule: [
        { from: '2026-11-30', quota: 8 },
        { from: '2026-12-07', quota: 10 },
        { from: '2026-12-14', quota: 12 },
      ],
    },
  ],
  workTrack: [
    { from: '2026-11-30', percentOfContract: 50 },
    { from: '2026-12-14', percentOfContract: 75 },
  ],
};

describe('progress against the plan', () => {
  it('finds the Monday of a week, across a month and a year', () => {
    expect(weekOf('2026-12-03')).toBe('2026-11-30');
    expect(weekOf('2026-11-30')).toBe('2026-11-30');
    expect(weekOf('2027-01-03')).toBe('2026-12-28');
  });

  it('counts the share of sessions at quota, against the quota in force that day', () => {
    const metrics = progressMetrics(
      PLAN,
      [
        { sessionDate: '2026-12-01', quotas: [{ exercise: 0, reached: 8 }] }, // quota 8: met
        { sessionDate: '2026-12-08', quotas: [{ exercise: 0, reached: 9 }] }, // quota 10: under
        { sessionDate: '2026-12-15', quotas: [{ exercise: 0, reached: 12 }] }, // quota 12: met
        { sessionDate: '2026-12-17', quotas: [{ exercise: 0, reached: 13 }] }, // met
      ],
      [],
    );
    expect(metrics.quotaAdherencePercent).toBe(75);
    expect(metrics.weeks.map((w) => [w.weekStart, w.underQuota])).toEqual([
      ['2026-11-30', false],
      ['2026-12-07', true],
      ['2026-12-14', false],
    ]);
    expect(metrics.behindSchedule).toBe(false);
  });

  it('flags two consecutive weeks under quota, not two apart', () => {
    const under = (date: string) => ({ sessionDate: date, quotas: [{ exercise: 0, reached: 1 }] });
    expect(
      progressMetrics(PLAN, [under('2026-12-01'), under('2026-12-08')], []).behindSchedule,
    ).toBe(true);
    expect(
      progressMetrics(PLAN, [under('2026-12-01'), under('2026-12-15')], []).behindSchedule,
    ).toBe(false);
  });

  it('flags two consecutive weeks under the planned hours, for HR too', () => {
    const metrics = progressMetrics(
      PLAN,
      [],
      [
        { weekStart: '2026-11-30', hoursWorked: 19 }, // planned 19: not under
        { weekStart: '2026-12-07', hoursWorked: 18 }, // planned 19: under
        { weekStart: '2026-12-14', hoursWorked: 20 }, // planned 28.5: under
      ],
    );
    expect(metrics.weeks.map((w) => w.underHours)).toEqual([false, true, true]);
    expect(metrics).toMatchObject({
      behindSchedule: true,
      behindOnHours: true,
      quotaAdherencePercent: null,
    });
  });

  it('mixes the two: a week under quota then a week under hours is behind schedule, not behind on hours', () => {
    const metrics = progressMetrics(
      PLAN,
      [{ sessionDate: '2026-12-02', quotas: [{ exercise: 0, reached: 3 }] }],
      [{ weekStart: '2026-12-07', hoursWorked: 10 }],
    );
    expect(metrics).toMatchObject({ behindSchedule: true, behindOnHours: false });
  });

  it('ignores sessions before the schedule starts and exercises the plan does not have', () => {
    const metrics = progressMetrics(
      PLAN,
      [
        { sessionDate: '2026-11-27', quotas: [{ exercise: 0, reached: 0 }] },
        { sessionDate: '2026-12-01', quotas: [{ exercise: 5, reached: 0 }] },
      ],
      [{ weekStart: '2026-11-23', hoursWorked: 0 }],
    );
    expect(metrics.quotaAdherencePercent).toBeNull();
    expect(metrics.behindSchedule).toBe(false);
  });

  const scored = (instrument: string, takenOn: string, score: Record<string, unknown>) =>
    ({ instrument, takenOn, answers: {}, score }) satisfies Administration;

  it('flags a change only when it is detectable and important, per instrument', () => {
    const changes = outcomeChanges([
      scored('odi', '2026-12-01', { percent: 40 }),
      scored('odi', '2027-01-10', { percent: 24 }), // -16: improved
      scored('nrs_pain', '2026-12-01', { score: 5 }),
      scored('nrs_pain', '2026-12-20', { score: 6 }), // +1: unchanged
      scored('ndi', '2026-12-01', { percent: 30 }), // one only: left out
      scored('start_back', '2026-12-01', { total: 4 }),
      scored('odi', '2026-12-20', { scored: false, reason: 'too_many_missing' }), // no score
    ]);
    expect(changes).toEqual([
      {
        instrument: 'odi',
        baseline: { takenOn: '2026-12-01', value: 40 },
        latest: { takenOn: '2027-01-10', value: 24 },
        difference: -16,
        change: 'improved',
        activitiesCompared: null,
      },
      {
        instrument: 'nrs_pain',
        baseline: { takenOn: '2026-12-01', value: 5 },
        latest: { takenOn: '2026-12-20', value: 6 },
        difference: 1,
        change: 'unchanged',
        activitiesCompared: null,
      },
    ]);
  });

  it.each([
    ['odi', 'percent', 4, 2],
    ['nrs_pain', 'score', 1, 0],
    ['odi', 'percent', 20, 14],
    ['nrs_pain', 'score', 3, 2],
  ])(
    'does not flag %s %s %d -> %d: smaller than the detectable change',
    (instrument, field, a, b) => {
      const [change] = outcomeChanges([
        scored(instrument, '2026-12-01', { [field]: a }),
        scored(instrument, '2026-12-21', { [field]: b }),
      ]);
      expect(change).toMatchObject({ instrument, difference: b - a, change: 'unchanged' });
    },
  );

  describe('PSFS', () => {
    const psfs = (takenOn: string, ...activities: [string, number][]): Administration => ({
      instrument: 'psfs',
      takenOn,
      answers: {
        activities: activities.map(([id, rating]) => ({
          activityId: id,
          name: `name of ${id}`,
          rating,
        })),
      },
      score: {
        mean: activities.reduce((sum, [, r]) => sum + r, 0) / activities.length,
      },
    });

    it('compares the means over the activities rated both times only', () => {
      const [change] = outcomeChanges([
        psfs('2026-12-01', ['a', 2], ['b', 3], ['c', 4], ['d', 9]),
        // d left out and e added: the stored means (4.5 and 6.5) would say +2 (improved).
        psfs('2027-01-10', ['a', 3], ['b', 4], ['c', 5], ['e', 10]),
      ]);
      expect(change).toEqual({
        instrument: 'psfs',
        baseline: { takenOn: '2026-12-01', value: 3 },
        latest: { takenOn: '2027-01-10', value: 4 },
        difference: 1,
        change: 'unchanged',
        activitiesCompared: 3,
      });
    });

    it('flags the mean of the same activities by its detectable change of 2', () => {
      const [up] = outcomeChanges([
        psfs('2026-12-01', ['a', 2], ['b', 3], ['c', 4]),
        psfs('2027-01-10', ['c', 6], ['a', 4], ['b', 5]), // order does not matter
      ]);
      expect(up).toMatchObject({ difference: 2, change: 'improved', activitiesCompared: 3 });
      const [down] = outcomeChanges([
        psfs('2026-12-01', ['a', 6], ['b', 6], ['c', 6]),
        psfs('2026-12-15', ['a', 6], ['b', 6], ['c', 6]),
        psfs('2027-01-10', ['a', 4], ['b', 5], ['c', 4]),
      ]);
      expect(down).toMatchObject({ difference: -1.7, change: 'unchanged' });
    });

    it('compares no mean when fewer than 3 activities were rated both times', () => {
      expect(
        outcomeChanges([
          psfs('2026-12-01', ['a', 2], ['b', 3], ['c', 4]),
          psfs('2027-01-10', ['a', 9], ['b', 9], ['e', 9]),
        ]),
      ).toEqual([]);
    });

    it('follows each activity from its own baseline, flagged by the single-activity change of 3', () => {
      const changes = psfsActivityChanges([
        psfs('2026-12-01', ['a', 2], ['b', 3], ['c', 4]),
        psfs('2026-12-20', ['a', 4], ['b', 3], ['c', 4], ['e', 1]),
        psfs('2027-01-10', ['a', 5], ['b', 5], ['e', 5]),
        scored('nrs_pain', '2026-12-01', { score: 5 }),
      ]);
      expect(changes).toEqual([
        {
          activityId: 'a',
          name: 'name of a',
          baseline: { takenOn: '2026-12-01', value: 2 },
          latest: { takenOn: '2027-01-10', value: 5 },
          difference: 3,
          change: 'improved',
        },
        {
          activityId: 'b',
          name: 'name of b',
          baseline: { takenOn: '2026-12-01', value: 3 },
          latest: { takenOn: '2027-01-10', value: 5 },
          difference: 2,
          change: 'unchanged',
        },
        {
          activityId: 'c',
          name: 'name of c',
          baseline: { takenOn: '2026-12-01', value: 4 },
          latest: { takenOn: '2026-12-20', value: 4 },
          difference: 0,
          change: 'unchanged',
        },
        {
          activityId: 'e',
          name: 'name of e',
          baseline: { takenOn: '2026-12-20', value: 1 },
          latest: { takenOn: '2027-01-10', value: 5 },
          difference: 4,
          change: 'improved',
        },
      ]);
    });

    it('gives an activity rated once its baseline only', () => {
      expect(psfsActivityChanges([psfs('2026-12-01', ['a', 2], ['b', 3], ['c', 4])])).toEqual(
        ['a', 'b', 'c'].map((id, index) => ({
          activityId: id,
          name: `name of ${id}`,
          baseline: { takenOn: '2026-12-01', value: index + 2 },
          latest: null,
          difference: null,
          change: null,
        })),
      );
    });
  });
});
