import { describe, expect, it } from '@jest/globals';
import {
  outcomeChanges,
  type PlannedSchedule,
  progressMetrics,
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

  it('classifies outcome changes with each instrument’s minimal important change', () => {
    const changes = outcomeChanges([
      { instrument: 'odi', takenOn: '2026-12-01', score: { percent: 40 } },
      { instrument: 'odi', takenOn: '2027-01-10', score: { percent: 24 } }, // -16: improved
      { instrument: 'nrs_pain', takenOn: '2026-12-01', score: { score: 5 } },
      { instrument: 'nrs_pain', takenOn: '2026-12-20', score: { score: 6 } }, // +1: unchanged
      { instrument: 'psfs', takenOn: '2026-12-01', score: { mean: 6 } },
      { instrument: 'psfs', takenOn: '2027-01-10', score: { mean: 3.5 } }, // -2.5: deteriorated
      { instrument: 'ndi', takenOn: '2026-12-01', score: { percent: 30 } }, // one only: left out
      { instrument: 'start_back', takenOn: '2026-12-01', score: { total: 4 } },
    ]);
    expect(changes.map((c) => [c.instrument, c.baseline.value, c.latest.value, c.change])).toEqual([
      ['odi', 40, 24, 'improved'],
      ['nrs_pain', 5, 6, 'unchanged'],
      ['psfs', 6, 3.5, 'deteriorated'],
    ]);
  });
});
