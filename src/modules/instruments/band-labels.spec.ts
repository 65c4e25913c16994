import { describe, expect, it } from '@jest/globals';
import {
  employeeBandLabel,
  NDI_BAND_LABELS,
  ODI_BAND_LABELS,
  WORK_ABILITY_LABELS,
} from './band-labels.js';
import { type InstrumentCode, scoreInstrument } from './instruments.js';

/** Words of the published band names that describe a person rather than a limitation. */
const FAIRBANK_WORDS = /crippl|bed|bound|invalid|disab|handicap|complete/i;

const sections = (count: number, value: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`item_${i + 1}`, value]));

describe('employeeBandLabel', () => {
  it.each([
    // ODI: 10 sections of 0-5, percent = sum x 2.
    ['odi', sections(10, 0), 'minimal limitation'],
    ['odi', sections(10, 1), 'minimal limitation'], // 20%: the top of the band
    ['odi', { ...sections(10, 1), item_10: 2 }, 'moderate limitation'], // 22%
    ['odi', sections(10, 2), 'moderate limitation'], // 40%
    ['odi', sections(10, 3), 'severe limitation'], // 60%
    ['odi', sections(10, 4), 'very severe limitation'], // 80%: Fairbank's "crippled"
    ['odi', sections(10, 5), 'extreme limitation'], // 100%: Fairbank's "bed-bound"
    // NDI: raw 0-50.
    ['ndi', sections(10, 0), 'no limitation'],
    ['ndi', sections(10, 1), 'mild limitation'], // raw 10
    ['ndi', sections(10, 2), 'moderate limitation'], // raw 20
    ['ndi', sections(10, 3), 'severe limitation'], // raw 30
    ['ndi', sections(10, 4), 'very severe limitation'], // raw 40: Vernon's "complete"
    ['work_ability', { score: 3 }, 'low work ability'],
    ['work_ability', { score: 7 }, 'moderate work ability'],
    ['work_ability', { score: 9 }, 'good work ability'],
    ['work_ability', { score: 10 }, 'excellent work ability'],
  ] as [InstrumentCode, Record<string, unknown>, string][])(
    '%s %j reads "%s"',
    (instrument, answers, label) => {
      expect(employeeBandLabel(scoreInstrument(instrument, answers))).toBe(label);
    },
  );

  it('gives no band where the instrument has none to show, or no score', () => {
    expect(employeeBandLabel(scoreInstrument('nrs_pain', { score: 7 }))).toBeNull();
    expect(
      employeeBandLabel(
        scoreInstrument('psfs', {
          activities: [
            { name: 'Walk', rating: 3 },
            { name: 'Sit', rating: 4 },
            { name: 'Lift', rating: 5 },
          ],
        }),
      ),
    ).toBeNull();
    expect(
      employeeBandLabel(scoreInstrument('start_back', { ...sections(8, 1), item_9: 'extremely' })),
    ).toBeNull();
    // ODI with 7 sections answered: too many missing, no score.
    expect(employeeBandLabel(scoreInstrument('odi', sections(7, 5)))).toBeNull();
    expect(employeeBandLabel(scoreInstrument('odi', { item_1: 9 }))).toBeNull();
  });

  it('never uses the words of the published band names, and labels every band', () => {
    for (const labels of [ODI_BAND_LABELS, NDI_BAND_LABELS, WORK_ABILITY_LABELS]) {
      for (const label of Object.values(labels)) expect(label).not.toMatch(FAIRBANK_WORDS);
    }
    expect(Object.keys(ODI_BAND_LABELS).sort()).toEqual(
      ['bed_bound', 'crippled', 'minimal', 'moderate', 'severe'].sort(),
    );
    expect(Object.keys(NDI_BAND_LABELS).sort()).toEqual(
      ['complete', 'mild', 'moderate', 'none', 'severe'].sort(),
    );
  });
});
