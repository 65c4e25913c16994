import { describe, expect, it } from '@jest/globals';
import { hoursSchedule, quotaSchedule, startQuota } from './schedule.js';

describe('graded activity schedule', () => {
  it('starts at 70% of the baseline mean and rises linearly to the target in 6 weeks', () => {
    const schedule = quotaSchedule({
      baseline: [10, 12, 11],
      target: 20,
      startDate: '2026-11-30',
      targetDate: '2027-01-11',
    });
    expect(schedule).toEqual({
      ok: true,
      startQuota: 8,
      steps: [
        { week: 0, from: '2026-11-30', quota: 8 },
        { week: 1, from: '2026-12-07', quota: 10 },
        { week: 2, from: '2026-12-14', quota: 12 },
        { week: 3, from: '2026-12-21', quota: 14 },
        { week: 4, from: '2026-12-28', quota: 16 },
        { week: 5, from: '2027-01-04', quota: 18 },
        { week: 6, from: '2027-01-11', quota: 20 },
      ],
    });
  });

  it.each([
    [[10, 12, 11], 8],
    [[1, 1, 1], 1], // 0.7 rounds to 1
    [[1, 0, 0], 1], // never a quota of 0
    [[5, 5, 5], 4], // 3.5 rounds up
    [[20, 20, 21], 14], // 14.23
    [[100, 90, 95], 67], // 66.5 rounds up
  ])('start quota of baseline %j is %d', (baseline, quota) => {
    expect(startQuota(baseline)).toBe(quota);
  });

  it('builds hours from 0% to 100% of a 38 h contract over 8 weeks', () => {
    const schedule = hoursSchedule({
      contractHours: 38,
      startPercent: 0,
      targetPercent: 100,
      startDate: '2026-11-30',
      targetDate: '2027-01-25',
    });
    expect(
      schedule.ok && schedule.steps.map((s) => [s.from, s.percentOfContract, s.hoursPerWeek]),
    ).toEqual([
      ['2026-11-30', 0, 0],
      ['2026-12-07', 12.5, 4.75],
      ['2026-12-14', 25, 9.5],
      ['2026-12-21', 37.5, 14.25],
      ['2026-12-28', 50, 19],
      ['2027-01-04', 62.5, 23.75],
      ['2027-01-11', 75, 28.5],
      ['2027-01-18', 87.5, 33.25],
      ['2027-01-25', 100, 38],
    ]);
  });

  it('counts a part week as a week and lands on the target date itself', () => {
    const schedule = quotaSchedule({
      baseline: [6, 6, 6],
      target: 10,
      startDate: '2027-02-22',
      targetDate: '2027-03-10', // 16 days: 3 weeks, across the end of February
    });
    expect(schedule.ok && schedule.steps).toEqual([
      { week: 0, from: '2027-02-22', quota: 4 },
      { week: 1, from: '2027-03-01', quota: 6 },
      { week: 2, from: '2027-03-08', quota: 8 },
      { week: 3, from: '2027-03-10', quota: 10 },
    ]);
  });

  it('keeps a flat schedule when the target is the start quota', () => {
    const schedule = quotaSchedule({
      baseline: [10, 10, 10],
      target: 7,
      startDate: '2026-12-01',
      targetDate: '2026-12-15',
    });
    expect(schedule.ok && schedule.steps.map((s) => s.quota)).toEqual([7, 7, 7]);
  });

  const fieldsOf = (result: { ok: boolean; errors?: { field: string }[] }) =>
    result.ok ? [] : (result.errors ?? []).map((error) => error.field);

  it.each([
    ['a target date before the start', { targetDate: '2026-11-01' }, ['targetDate']],
    ['a target date on the start date', { targetDate: '2026-12-01' }, ['targetDate']],
    ['more than 52 weeks', { targetDate: '2027-12-10' }, ['targetDate']],
    ['a baseline of zero', { baseline: [0, 0, 0] }, ['baseline']],
    ['two baseline sessions', { baseline: [10, 12] }, ['baseline']],
    ['a negative baseline', { baseline: [10, -1, 12] }, ['baseline']],
    ['a target under the start quota', { target: 5 }, ['target']],
    ['a target of zero', { target: 0 }, ['target']],
    [
      'everything wrong at once',
      { baseline: [0, 0, 0], target: -1, targetDate: '2026-01-01' },
      ['baseline', 'target', 'targetDate'],
    ],
  ])('refuses %s, naming the field', (_case, change, fields) => {
    const result = quotaSchedule({
      baseline: [10, 12, 11],
      target: 20,
      startDate: '2026-12-01',
      targetDate: '2027-01-12',
      ...change,
    });
    expect(fieldsOf(result)).toEqual(fields);
  });

  it.each([
    ['a target date before the start', { targetDate: '2026-11-01' }, ['targetDate']],
    ['hours going down', { startPercent: 60, targetPercent: 50 }, ['targetPercent']],
    ['a start over 100%', { startPercent: 120 }, ['startPercent']],
    ['no contract hours', { contractHours: 0 }, ['contractHours']],
  ])('refuses an hours schedule with %s', (_case, change, fields) => {
    const result = hoursSchedule({
      contractHours: 38,
      startPercent: 0,
      targetPercent: 100,
      startDate: '2026-12-01',
      targetDate: '2027-01-26',
      ...change,
    });
    expect(fieldsOf(result)).toEqual(fields);
  });
});
