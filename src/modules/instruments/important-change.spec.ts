import { describe, expect, it } from '@jest/globals';
import {
  CHANGE_THRESHOLDS,
  type ChangeClass,
  type ChangeMeasure,
  type ChangeThreshold,
  classifyChange,
  classifyWith,
} from './important-change.js';

describe('CHANGE_THRESHOLDS', () => {
  it.each([
    // measure, MIC points, MIC relative, SDC, source of the MIC, source of the SDC
    ['odi', 10, 0.3, 10.5, 'Ostelo et al. 2008, Spine', 'Davidson & Keating 2002, Phys Ther'],
    ['ndi', 10, undefined, 10, 'domain rule', 'Stratford et al. 1999, Physiother Can'],
    ['nrs_pain', 2, 0.3, 2, 'Farrar et al. 2001, Pain', 'Childs et al. 2005, Spine'],
    ['psfs', 2, undefined, 2, 'Stratford et al. 1995', 'Stratford et al. 1995'],
    ['psfs_activity', 3, undefined, 3, 'Stratford et al. 1995', 'Stratford et al. 1995'],
  ] as const)(
    '%s: MIC %d points (relative %s), SDC %d points, each with its source',
    (measure, micPoints, relative, sdc, micSource, sdcSource) => {
      const rule = CHANGE_THRESHOLDS[measure];
      expect(rule.mic.points).toBe(micPoints);
      expect(rule.mic.relative).toBe(relative);
      expect(rule.sdc.points).toBe(sdc);
      expect(rule.mic.source).toContain(micSource);
      expect(rule.sdc.source).toContain(sdcSource);
    },
  );

  it('covers the four outcome instruments and the single PSFS activity, frozen', () => {
    expect(Object.keys(CHANGE_THRESHOLDS).sort()).toEqual(
      ['ndi', 'nrs_pain', 'odi', 'psfs', 'psfs_activity'].sort(),
    );
    expect(Object.isFrozen(CHANGE_THRESHOLDS)).toBe(true);
    for (const rule of Object.values(CHANGE_THRESHOLDS)) {
      expect(Object.isFrozen(rule)).toBe(true);
      expect(Object.isFrozen(rule.mic)).toBe(true);
      expect(Object.isFrozen(rule.sdc)).toBe(true);
    }
  });
});

describe('classifyChange', () => {
  const cases: [ChangeMeasure, number, number, ChangeClass, string][] = [
    // ODI: SDC 10.5 points; MIC 10 points or 30%.
    ['odi', 4, 2, 'unchanged', 'reported case: 50% better, but 2 points is measurement error'],
    ['odi', 20, 14, 'unchanged', '30% better, 6 points: below the SDC'],
    ['odi', 40, 30, 'unchanged', 'the MIC of 10 points, still below the SDC of 10.5'],
    ['odi', 50, 39.5, 'improved', 'exactly the SDC'],
    ['odi', 50, 39.6, 'unchanged', 'just below the SDC'],
    ['odi', 50, 39.4, 'improved', 'just above the SDC'],
    ['odi', 40, 28, 'improved', '12 points, the next change 10 sections can show'],
    ['odi', 39.5, 50, 'deteriorated', 'exactly the SDC, worse'],
    ['odi', 39.6, 50, 'unchanged', 'just below the SDC, worse'],
    ['odi', 2, 4, 'unchanged', 'the reported case backwards'],
    ['odi', (30 * 100) / 45, (20 * 100) / 45, 'improved', '9 sections: 22.2 points'],
    // NDI: SDC 10 percentage points (5 raw); MIC 10 percentage points.
    ['ndi', 40, 30, 'improved', 'exactly 10 points'],
    ['ndi', 40, 31, 'unchanged', 'just below'],
    ['ndi', 40, 29, 'improved', 'just above'],
    ['ndi', 30, 40, 'deteriorated', 'exactly 10 points, worse'],
    ['ndi', 31, 40, 'unchanged', 'just below, worse'],
    ['ndi', 10, 4, 'unchanged', '60% better, 6 points'],
    ['ndi', 33.3, 23.3, 'improved', 'exactly 10 in decimal, 9.999... in binary'],
    // NRS: SDC 2 points; MIC 2 points or 30%.
    ['nrs_pain', 1, 0, 'unchanged', 'reported case: 100% better, but 1 point'],
    ['nrs_pain', 3, 2, 'unchanged', '33% better, 1 point'],
    ['nrs_pain', 8, 6, 'improved', 'exactly 2 points'],
    ['nrs_pain', 2, 0, 'improved', 'exactly 2 points, to no pain'],
    ['nrs_pain', 8, 7, 'unchanged', 'just below'],
    ['nrs_pain', 8, 5, 'improved', 'above'],
    ['nrs_pain', 6.5, 4.55, 'unchanged', '30% of 6.5 is 1.95: below the SDC'],
    ['nrs_pain', 6, 8, 'deteriorated', 'exactly 2 points, worse'],
    ['nrs_pain', 7, 8, 'unchanged', 'just below, worse'],
    ['nrs_pain', 0, 1, 'unchanged', 'the reported case backwards'],
    // PSFS mean: SDC 2 points (higher is better).
    ['psfs', 5, 7, 'improved', 'exactly 2 points'],
    ['psfs', 5, 6.9, 'unchanged', 'just below'],
    ['psfs', 5, 7.1, 'improved', 'just above'],
    ['psfs', 5, 3, 'deteriorated', 'exactly 2 points, worse'],
    ['psfs', 5, 3.1, 'unchanged', 'just below, worse'],
    ['psfs', 2.5, 4, 'unchanged', '60% better, 1.5 points'],
    ['psfs', 13 / 3, 19 / 3, 'improved', 'means of three activities: exactly 2'],
    // One PSFS activity: SDC 3 points.
    ['psfs_activity', 4, 7, 'improved', 'exactly 3 points'],
    ['psfs_activity', 4, 6, 'unchanged', '2 points: enough for a mean, not for one activity'],
    ['psfs_activity', 4, 8, 'improved', 'above'],
    ['psfs_activity', 7, 4, 'deteriorated', 'exactly 3 points, worse'],
    ['psfs_activity', 7, 5, 'unchanged', 'just below, worse'],
  ];

  it.each(cases)('%s %d -> %d is %s (%s)', (measure, before, after, expected) => {
    expect(classifyChange(measure, before, after)).toBe(expected);
  });

  const grids: [ChangeMeasure, number[]][] = [
    ['odi', Array.from({ length: 51 }, (_, i) => i * 2)],
    ['ndi', Array.from({ length: 51 }, (_, i) => i * 2)],
    ['nrs_pain', Array.from({ length: 11 }, (_, i) => i)],
    ['psfs', Array.from({ length: 31 }, (_, i) => i / 3)],
    ['psfs_activity', Array.from({ length: 11 }, (_, i) => i)],
  ];

  it('never flags a change smaller than the SDC, whatever the relative rule says', () => {
    for (const [measure, values] of grids) {
      const sdc = CHANGE_THRESHOLDS[measure].sdc.points;
      for (const a of values)
        for (const b of values) {
          const change = classifyChange(measure, a, b);
          if (Math.abs(b - a) < sdc - 1e-9)
            expect([measure, a, b, change]).toEqual([measure, a, b, 'unchanged']);
        }
    }
  });

  it('is antisymmetric: a -> b improved exactly when b -> a deteriorated', () => {
    for (const [measure, values] of grids) {
      for (const a of values)
        for (const b of values) {
          const forward = classifyChange(measure, a, b);
          const backward = classifyChange(measure, b, a);
          const mirrored =
            forward === 'improved'
              ? 'deteriorated'
              : forward === 'deteriorated'
                ? 'improved'
                : 'unchanged';
          expect([measure, a, b, backward]).toEqual([measure, a, b, mirrored]);
        }
    }
  });

  it('calls no change unchanged, at 0 and at the top of the scale', () => {
    for (const measure of Object.keys(CHANGE_THRESHOLDS) as ChangeMeasure[]) {
      const { max } = CHANGE_THRESHOLDS[measure];
      for (const value of [0, max]) expect(classifyChange(measure, value, value)).toBe('unchanged');
    }
  });

  it('throws RangeError for values that are not scores (programming errors)', () => {
    expect(() => classifyChange('nrs_pain', 11, 5)).toThrow(RangeError);
    expect(() => classifyChange('odi', 50, -1)).toThrow(RangeError);
    expect(() => classifyChange('psfs', Number.NaN, 5)).toThrow(RangeError);
    expect(() => classifyChange('ndi', 10, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => classifyChange('start_back' as ChangeMeasure, 1, 2)).toThrow(RangeError);
    expect(() => classifyChange('toString' as ChangeMeasure, 1, 2)).toThrow(RangeError);
  });
});

describe('the relative MIC above the SDC', () => {
  // With the published values the SDC is at least the MIC in points, so the relative rule never
  // decides. A threshold whose SDC is below the MIC shows the rule: 30% counts only above the SDC.
  const rule: ChangeThreshold = {
    better: 'lower',
    min: 0,
    max: 100,
    unit: 'points',
    mic: { points: 10, relative: 0.3, source: 'test' },
    sdc: { points: 5, source: 'test' },
  };

  it.each([
    [20, 14, 'improved', '6 points: above the SDC, and 30%'],
    [20, 15, 'unchanged', '5 points: at the SDC, but 25% and under 10 points'],
    [10, 7, 'unchanged', '3 points: 30%, but below the SDC'],
    [14, 20, 'deteriorated', 'mirrored: 30% of the worse value'],
    [40, 30, 'improved', '10 points'],
    [40, 31, 'unchanged', '9 points, 22.5%'],
  ] as [number, number, ChangeClass, string][])(
    '%d -> %d is %s (%s)',
    (before, after, expected) => {
      expect(classifyWith(rule, before, after)).toBe(expected);
    },
  );
});
