import { describe, expect, it } from '@jest/globals';
import { diffPlans, diffValues } from './plan-diff.js';

describe('plan diff', () => {
  it('names each changed leaf with its path', () => {
    expect(
      diffValues(
        {
          workTrack: [{ from: '2026-12-01', percentOfContract: 50 }],
          targetFullReturn: '2027-01-11',
        },
        {
          workTrack: [{ from: '2026-12-01', percentOfContract: 60 }],
          targetFullReturn: '2027-01-25',
        },
      ),
    ).toEqual([
      { path: 'targetFullReturn', from: '2027-01-11', to: '2027-01-25' },
      { path: 'workTrack[0].percentOfContract', from: 50, to: 60 },
    ]);
  });

  it('reports added and removed entries and fields with null on the missing side', () => {
    expect(diffValues({ weeks: [1], a: 1 }, { weeks: [1, 2], b: 2 })).toEqual([
      { path: 'a', from: 1, to: null },
      { path: 'b', from: null, to: 2 },
      { path: 'weeks[1]', from: null, to: 2 },
    ]);
    expect(diffValues({ list: ['x', 'y'] }, { list: ['x'] })).toEqual([
      { path: 'list[1]', from: 'y', to: null },
    ]);
  });

  it('finds nothing between equal versions, and a whole value when its type changed', () => {
    const plan = { reviewDates: ['2026-12-14'], workTrack: [{ tasksAvoided: ['lifting'] }] };
    expect(diffValues(plan, structuredClone(plan))).toEqual([]);
    expect(diffValues({ maxLiftKg: 5 }, { maxLiftKg: { kg: 5 } })).toEqual([
      { path: 'maxLiftKg', from: 5, to: { kg: 5 } },
    ]);
  });

  it('compares only the fields asked for', () => {
    const before = { number: 1, status: 'approved', startDate: '2026-12-01', workTrack: [] };
    const after = { number: 2, status: 'draft', startDate: '2026-12-08', workTrack: [] };
    expect(diffPlans(before, after, ['startDate', 'workTrack'])).toEqual([
      { path: 'startDate', from: '2026-12-01', to: '2026-12-08' },
    ]);
  });

  it('gives every field of a first version as added, whole, and leaves out those without a value', () => {
    const first = {
      number: 1,
      startDate: '2026-12-01',
      targetFullReturn: null,
      workTrack: [{ from: '2026-12-01', percentOfContract: 50 }],
      reviewDates: [],
    };
    expect(
      diffPlans(null, first, ['startDate', 'targetFullReturn', 'workTrack', 'reviewDates']),
    ).toEqual([
      { path: 'startDate', from: null, to: '2026-12-01' },
      { path: 'workTrack', from: null, to: [{ from: '2026-12-01', percentOfContract: 50 }] },
      { path: 'reviewDates', from: null, to: [] },
    ]);
    expect(diffPlans(null, first, ['workTrack']).map((change) => change.path)).toEqual([
      'workTrack',
    ]);
  });
});
