import { describe, expect, it } from '@jest/globals';
import {
  INSTRUMENT_CODES,
  INSTRUMENTS,
  OMPSQ_10_ITEMS,
  OMPSQ_10_REVERSED_ITEMS,
  PSFS_ACTIVITY_RULES,
  START_BACK_BOTHERSOMENESS,
  type InstrumentCode,
  isInstrumentCode,
  ndiBand,
  odiBand,
  scoreInstrument,
  startBackStratum,
  validateAnswers,
  workAbilityCategory,
} from './instruments.js';

/** `{ item_1: a, item_2: b, ... }` from a list; `null` entries are left out (not answered). */
function items(values: (number | string | null)[], prefix = 'item_'): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  values.forEach((value, index) => {
    if (value !== null) answers[`${prefix}${index + 1}`] = value;
  });
  return answers;
}

/** STarT Back answers: items 1-8 agreed when listed in `agreed`, item 9 as given. */
function startBack(agreed: number[], item9: string = 'not_at_all'): Record<string, unknown> {
  const answers = items(Array.from({ length: 8 }, (_, i) => (agreed.includes(i + 1) ? 1 : 0)));
  answers.item_9 = item9;
  return answers;
}

function errorsOf(code: string, answers: unknown): { field: string; message: string }[] {
  const result = validateAnswers(code, answers);
  return result.ok ? [] : result.errors;
}

function fieldsOf(code: string, answers: unknown): string[] {
  return errorsOf(code, answers).map((error) => error.field);
}

describe('INSTRUMENTS', () => {
  it('defines every instrument under its own code, with unique lower-case item codes', () => {
    expect(Object.keys(INSTRUMENTS).sort()).toEqual([...INSTRUMENT_CODES].sort());
    for (const code of INSTRUMENT_CODES) {
      const definition = INSTRUMENTS[code];
      expect(definition.code).toBe(code);
      expect(definition.version).not.toBe('');
      expect(definition.source).not.toBe('');
      expect(definition.regions.length).toBeGreaterThan(0);
      const codes = definition.items.map((item) => item.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const itemCode of codes) expect(itemCode).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it('has the published item counts and answer ranges', () => {
    const shape = (code: InstrumentCode) =>
      INSTRUMENTS[code].items.map((item) =>
        item.kind === 'integer'
          ? `${item.min}-${item.max}${item.reversed ? 'r' : ''}`
          : item.options.map((o) => `${o.value}=${o.score}`).join(','),
      );
    expect(shape('start_back')).toEqual([
      ...Array<string>(8).fill('0-1'),
      'not_at_all=0,slightly=0,moderately=0,very_much=1,extremely=1',
    ]);
    expect(shape('ompsq_10')).toEqual([
      '1-10',
      '0-10',
      '0-10r',
      '0-10r',
      '0-10',
      '0-10',
      '0-10',
      '0-10r',
      '0-10',
      '0-10',
    ]);
    expect(shape('odi')).toEqual(Array<string>(10).fill('0-5'));
    expect(shape('ndi')).toEqual(Array<string>(10).fill('0-5'));
    expect(shape('nrs_pain')).toEqual(['0-10']);
    // PSFS items are the activities the person names: none fixed, 3-5 rated 0-10.
    expect(shape('psfs')).toEqual([]);
    expect(INSTRUMENTS.psfs.activities).toEqual({
      min: 3,
      max: 5,
      ratingMin: 0,
      ratingMax: 10,
      nameMaxLength: 120,
    });
    expect(shape('work_ability')).toEqual(['0-10']);
  });

  it('reverses exactly light work for an hour, sleep and the chance of working (OMPSQ-10)', () => {
    const reversed = INSTRUMENTS.ompsq_10.items
      .filter((item) => item.kind === 'integer' && item.reversed)
      .map((item) => item.code);
    expect(reversed.sort()).toEqual(['light_work_hour', 'sleep', 'work_chance']);
    expect([...OMPSQ_10_REVERSED_ITEMS].sort()).toEqual(reversed);
    expect(INSTRUMENTS.ompsq_10.items.map((item) => item.code)).toEqual([...OMPSQ_10_ITEMS]);
  });

  it('states region applicability', () => {
    expect(INSTRUMENTS.start_back.regions).toEqual(['low_back']);
    expect(INSTRUMENTS.odi.regions).toEqual(['low_back']);
    expect(INSTRUMENTS.ndi.regions).toEqual(['neck']);
    for (const code of ['ompsq_10', 'nrs_pain', 'psfs', 'work_ability'] as const) {
      expect([...INSTRUMENTS[code].regions].sort()).toEqual(
        ['low_back', 'neck', 'shoulder', 'upper_back'].sort(),
      );
    }
  });

  it('holds codes and scores only: no questionnaire wording', () => {
    expect(JSON.stringify(INSTRUMENTS.start_back.items)).not.toMatch(/ /);
    expect(JSON.stringify(INSTRUMENTS.odi.items)).not.toMatch(/ /);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(INSTRUMENTS)).toBe(true);
    expect(Object.isFrozen(INSTRUMENTS.odi.items)).toBe(true);
    expect(Object.isFrozen(INSTRUMENTS.odi.items[0])).toBe(true);
    expect(Object.isFrozen(PSFS_ACTIVITY_RULES)).toBe(true);
  });

  it('recognises instrument codes', () => {
    for (const code of INSTRUMENT_CODES) expect(isInstrumentCode(code)).toBe(true);
    for (const value of ['ODI', 'oswestry', '', 'toString', 3, null, undefined]) {
      expect(isInstrumentCode(value)).toBe(false);
    }
  });
});

describe('STarT Back (Hill 2008)', () => {
  it('total 3 is low, total 4 with subscale <= 3 is medium', () => {
    expect(scoreInstrument('start_back', startBack([1, 2, 3]))).toEqual({
      instrument: 'start_back',
      scored: true,
      total: 3,
      psychosocial: 0,
      stratum: 'low',
    });
    expect(scoreInstrument('start_back', startBack([1, 2, 3, 5]))).toEqual({
      instrument: 'start_back',
      scored: true,
      total: 4,
      psychosocial: 1,
      stratum: 'medium',
    });
  });

  it('total <= 3 is low even with a subscale of 3', () => {
    expect(scoreInstrument('start_back', startBack([5, 6, 7]))).toMatchObject({
      total: 3,
      psychosocial: 3,
      stratum: 'low',
    });
  });

  it('subscale 3 is medium and subscale 4 is high once total >= 4', () => {
    expect(scoreInstrument('start_back', startBack([1, 5, 6, 7]))).toMatchObject({
      total: 4,
      psychosocial: 3,
      stratum: 'medium',
    });
    expect(scoreInstrument('start_back', startBack([5, 6, 7, 8]))).toMatchObject({
      total: 4,
      psychosocial: 4,
      stratum: 'high',
    });
    expect(scoreInstrument('start_back', startBack([1, 2, 3, 4, 5, 6, 7]))).toMatchObject({
      total: 7,
      psychosocial: 3,
      stratum: 'medium',
    });
  });

  it("scores item 9 only for 'very_much' and 'extremely'", () => {
    // Items 5-7 agreed (3 points): 'moderately' keeps total and subscale at 3 (low);
    // 'very_much' makes both 4 (high).
    expect(scoreInstrument('start_back', startBack([5, 6, 7], 'moderately'))).toMatchObject({
      total: 3,
      psychosocial: 3,
      stratum: 'low',
    });
    expect(scoreInstrument('start_back', startBack([5, 6, 7], 'very_much'))).toMatchObject({
      total: 4,
      psychosocial: 4,
      stratum: 'high',
    });
    const item9 = Object.fromEntries(
      START_BACK_BOTHERSOMENESS.map((answer) => {
        const result = scoreInstrument('start_back', startBack([], answer));
        return [answer, result.scored ? result.total : 'not scored'];
      }),
    );
    expect(item9).toEqual({
      not_at_all: 0,
      slightly: 0,
      moderately: 0,
      very_much: 1,
      extremely: 1,
    });
  });

  it('scores 0 to 9 with a subscale of 0 to 5', () => {
    expect(scoreInstrument('start_back', startBack([]))).toMatchObject({
      total: 0,
      psychosocial: 0,
      stratum: 'low',
    });
    expect(
      scoreInstrument('start_back', startBack([1, 2, 3, 4, 5, 6, 7, 8], 'extremely')),
    ).toMatchObject({ total: 9, psychosocial: 5, stratum: 'high' });
    expect(scoreInstrument('start_back', startBack([1, 2, 3, 4]))).toMatchObject({
      total: 4,
      psychosocial: 0,
      stratum: 'medium',
    });
  });

  it('stratifies every total/subscale pair by the published rule', () => {
    for (let psychosocial = 0; psychosocial <= 5; psychosocial++) {
      for (let total = psychosocial; total <= psychosocial + 4; total++) {
        const expected = total <= 3 ? 'low' : psychosocial >= 4 ? 'high' : 'medium';
        expect(startBackStratum(total, psychosocial)).toBe(expected);
      }
    }
  });

  it('needs every item', () => {
    const answers = startBack([1]);
    delete answers.item_4;
    expect(scoreInstrument('start_back', answers)).toEqual({
      instrument: 'start_back',
      scored: false,
      reason: 'invalid_answers',
      errors: [{ field: 'answers.item_4', message: 'is required' }],
    });
  });
});

describe('OMPSQ-10 (Linton 2011)', () => {
  // Hand-computed: duration 5, pain_level 6, light_work_hour 4 -> 10-4 = 6, sleep 7 -> 10-7 = 3,
  // tense_anxious 5, depressed 4, pain_persist_risk 6, work_chance 8 -> 10-8 = 2,
  // stop_activities 7, no_normal_work 6: 5+6+6+3+5+4+6+2+7+6 = 50.
  const fifty = {
    duration: 5,
    pain_level: 6,
    light_work_hour: 4,
    sleep: 7,
    tense_anxious: 5,
    depressed: 4,
    pain_persist_risk: 6,
    work_chance: 8,
    stop_activities: 7,
    no_normal_work: 6,
  };

  it('total 50 is high risk', () => {
    expect(scoreInstrument('ompsq_10', fifty)).toEqual({
      instrument: 'ompsq_10',
      scored: true,
      total: 50,
      highRisk: true,
    });
  });

  it('total 49 is not: sleeping better (7 -> 8) lowers the reversed item from 3 to 2', () => {
    expect(scoreInstrument('ompsq_10', { ...fifty, sleep: 8 })).toEqual({
      instrument: 'ompsq_10',
      scored: true,
      total: 49,
      highRisk: false,
    });
  });

  it('each reversed item counts 10 - x, the others x', () => {
    const base = scoreInstrument('ompsq_10', fifty);
    if (!base.scored) throw new Error('not scored');
    for (const item of OMPSQ_10_ITEMS) {
      const raw = fifty[item];
      const result = scoreInstrument('ompsq_10', { ...fifty, [item]: raw - 1 });
      if (!result.scored) throw new Error('not scored');
      const reversed = (OMPSQ_10_REVERSED_ITEMS as readonly string[]).includes(item);
      expect(result.total - base.total).toBe(reversed ? 1 : -1);
    }
  });

  it('ranges from 1 to 100', () => {
    const minimum = {
      ...Object.fromEntries(OMPSQ_10_ITEMS.map((item) => [item, 0])),
      duration: 1,
      light_work_hour: 10,
      sleep: 10,
      work_chance: 10,
    };
    expect(scoreInstrument('ompsq_10', minimum)).toMatchObject({ total: 1, highRisk: false });
    const maximum = {
      ...Object.fromEntries(OMPSQ_10_ITEMS.map((item) => [item, 10])),
      light_work_hour: 0,
      sleep: 0,
      work_chance: 0,
    };
    expect(scoreInstrument('ompsq_10', maximum)).toMatchObject({ total: 100, highRisk: true });
  });

  it('scores duration 1-10: 0 is out of range', () => {
    expect(errorsOf('ompsq_10', { ...fifty, duration: 0 })).toEqual([
      { field: 'answers.duration', message: 'must be from 1 to 10' },
    ]);
    expect(errorsOf('ompsq_10', { ...fifty, sleep: 11 })).toEqual([
      { field: 'answers.sleep', message: 'must be from 0 to 10' },
    ]);
  });
});

describe('ODI v2.1a (Fairbank & Pynsent 2000)', () => {
  it('scores 8 answered sections: sum / (5 x 8) x 100', () => {
    // 3+2+4+1+0+2+3+1 = 16; 16 / 40 x 100 = 40 -> moderate (40 is the top of 21-40).
    expect(scoreInstrument('odi', items([3, 2, 4, 1, 0, 2, 3, 1, null, null]))).toEqual({
      instrument: 'odi',
      scored: true,
      percent: 40,
      percentDisplay: 40,
      band: 'moderate',
      answered: 8,
    });
  });

  it('does not score 7 answered sections', () => {
    expect(scoreInstrument('odi', items([3, 2, 4, 1, 0, 2, 3, null, null, null]))).toEqual({
      instrument: 'odi',
      scored: false,
      reason: 'too_many_missing',
      answered: 7,
      minimumAnswered: 8,
    });
  });

  it('keeps the exact percent and rounds to one decimal for display (9 answered)', () => {
    // 1+1+1+1+1+1+1+1+2 = 10; 10 / 45 x 100 = 22.222... -> 22.2, moderate.
    const result = scoreInstrument('odi', items([1, 1, 1, 1, 1, 1, 1, 1, 2, null]));
    expect(result).toMatchObject({ scored: true, percentDisplay: 22.2, band: 'moderate' });
    if (!result.scored) throw new Error('not scored');
    expect(result.percent).toBeCloseTo(200 / 9, 12);
    // 26 / 45 x 100 = 57.777... -> 57.8 (half up).
    const second = scoreInstrument('odi', items([3, 3, 3, 3, 3, 3, 3, 3, 2, null]));
    expect(second).toMatchObject({ percentDisplay: 57.8, band: 'severe' });
  });

  it('treats null as not answered', () => {
    const answers = { ...items([5, 5, 5, 5, 5, 5, 5, 5]), item_9: null, item_10: null };
    expect(scoreInstrument('odi', answers)).toMatchObject({ percent: 100, answered: 8 });
  });

  it('counts the higher of two ticked statements', () => {
    const answers = { ...items([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), item_3: [2, 4] };
    expect(validateAnswers('odi', answers)).toEqual({
      ok: true,
      answers: { ...items([0, 0, 4, 0, 0, 0, 0, 0, 0, 0]) },
    });
    expect(scoreInstrument('odi', answers)).toMatchObject({ percent: 8, band: 'minimal' });
    expect(errorsOf('odi', { item_1: [] })).toEqual([
      { field: 'answers.item_1', message: 'must tick 1 to 6 answers' },
    ]);
    expect(fieldsOf('odi', { item_1: [0, 1, 2, 3, 4, 5, 5] })).toEqual(['answers.item_1']);
    expect(validateAnswers('odi', { item_1: [0, 1, 2, 3, 4, 5] })).toEqual({
      ok: true,
      answers: { item_1: 5 },
    });
    expect(fieldsOf('odi', { item_1: [2, 6] })).toEqual(['answers.item_1.1']);
    expect(fieldsOf('ndi', { ...items([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), item_3: [2, 4] })).toEqual([
      'answers.item_3',
    ]);
  });

  it('bands at the published boundaries (10 answered: percent = 2 x sum)', () => {
    const band = (sum: number) => {
      const values = Array.from({ length: 10 }, (_, i) => Math.min(5, Math.max(0, sum - 5 * i)));
      const result = scoreInstrument('odi', items(values));
      if (!result.scored) throw new Error('not scored');
      expect(result.percent).toBe(sum * 2);
      return result.band;
    };
    expect([0, 10, 11, 20, 21, 30, 31, 40, 41, 50].map(band)).toEqual([
      'minimal',
      'minimal',
      'moderate',
      'moderate',
      'severe',
      'severe',
      'crippled',
      'crippled',
      'bed_bound',
      'bed_bound',
    ]);
  });

  it('bands by the exact value: 20.x is still minimal, 21 moderate', () => {
    expect(odiBand(20)).toBe('minimal');
    expect(odiBand(20.9)).toBe('minimal');
    expect(odiBand(21)).toBe('moderate');
    expect(odiBand(40.9)).toBe('moderate');
    expect(odiBand(41)).toBe('severe');
    expect(odiBand(60.9)).toBe('severe');
    expect(odiBand(61)).toBe('crippled');
    expect(odiBand(80.9)).toBe('crippled');
    expect(odiBand(81)).toBe('bed_bound');
    expect(odiBand(100)).toBe('bed_bound');
  });

  it('never produces a percent between the integer band boundaries (8-10 sections)', () => {
    for (let answered = 8; answered <= 10; answered++) {
      for (let sum = 0; sum <= 5 * answered; sum++) {
        const values = Array.from({ length: 10 }, (_, i) =>
          i < answered ? Math.min(5, Math.max(0, sum - 5 * i)) : null,
        );
        const result = scoreInstrument('odi', items(values));
        if (!result.scored) throw new Error('not scored');
        expect(result.percent).toBeCloseTo((sum / (5 * answered)) * 100, 10);
        for (const boundary of [20, 40, 60, 80]) {
          const inGap = result.percent > boundary && result.percent < boundary + 1;
          expect(inGap).toBe(false);
        }
      }
    }
  });

  it('8 answered: 20 is minimal, 22.5 moderate', () => {
    expect(scoreInstrument('odi', items([2, 2, 2, 2, 0, 0, 0, 0]))).toMatchObject({
      percent: 20,
      band: 'minimal',
    });
    expect(scoreInstrument('odi', items([2, 2, 2, 2, 1, 0, 0, 0]))).toMatchObject({
      percent: 22.5,
      band: 'moderate',
    });
  });

  it('refuses an empty answer set', () => {
    expect(errorsOf('odi', {})).toEqual([
      { field: 'answers', message: 'must answer at least one item' },
    ]);
  });
});

describe('NDI (Vernon & Mior 1991)', () => {
  it('scores all 10 items: raw 0-50, percent = raw x 2', () => {
    // 1+2+0+3+1+2+0+1+2+2 = 14 -> 28%, mild.
    expect(scoreInstrument('ndi', items([1, 2, 0, 3, 1, 2, 0, 1, 2, 2]))).toEqual({
      instrument: 'ndi',
      scored: true,
      raw: 14,
      percent: 28,
      percentDisplay: 28,
      band: 'mild',
      answered: 10,
    });
  });

  it('divides by 45 when one item is missing, and scales raw to 0-50', () => {
    // 9 items summing to 18: percent 18 / 45 x 100 = 40; raw 18 x 50/45 = 20 -> moderate.
    expect(scoreInstrument('ndi', items([2, 2, 2, 2, 2, 2, 2, 2, 2, null]))).toEqual({
      instrument: 'ndi',
      scored: true,
      raw: 20,
      percent: 40,
      percentDisplay: 40,
      band: 'moderate',
      answered: 9,
    });
    // Sum 4 of 45: raw 4.44 (none, below 5), percent 8.89 -> 8.9.
    const four = scoreInstrument('ndi', items([null, 1, 1, 1, 1, 0, 0, 0, 0, 0]));
    expect(four).toMatchObject({ band: 'none', percentDisplay: 8.9, answered: 9 });
    if (!four.scored) throw new Error('not scored');
    expect(four.raw).toBeCloseTo(40 / 9, 12);
    expect(four.percent).toBeCloseTo(80 / 9, 12);
    // Sum 5 of 45: raw 5.56 -> mild.
    expect(scoreInstrument('ndi', items([null, 1, 1, 1, 1, 1, 0, 0, 0, 0]))).toMatchObject({
      band: 'mild',
      percentDisplay: 11.1,
    });
  });

  it('does not score two or more missing items', () => {
    expect(scoreInstrument('ndi', items([2, 2, 2, 2, 2, 2, 2, 2, null, null]))).toEqual({
      instrument: 'ndi',
      scored: false,
      reason: 'too_many_missing',
      answered: 8,
      minimumAnswered: 9,
    });
  });

  it('bands the raw score at 5, 15, 25 and 35', () => {
    const band = (sum: number) => {
      const values = Array.from({ length: 10 }, (_, i) => Math.min(5, Math.max(0, sum - 5 * i)));
      const result = scoreInstrument('ndi', items(values));
      if (!result.scored) throw new Error('not scored');
      expect(result.raw).toBe(sum);
      expect(result.percent).toBe(sum * 2);
      return result.band;
    };
    expect([0, 4, 5, 14, 15, 24, 25, 34, 35, 50].map(band)).toEqual([
      'none',
      'none',
      'mild',
      'mild',
      'moderate',
      'moderate',
      'severe',
      'severe',
      'complete',
      'complete',
    ]);
    expect(ndiBand(4.99)).toBe('none');
    expect(ndiBand(14.44)).toBe('mild');
    expect(ndiBand(34.44)).toBe('severe');
  });

  it('bands the scaled raw score when one item is missing (31 of 45 -> 34.4, 32 -> 35.6)', () => {
    const nine = (sum: number) =>
      items([null, ...Array.from({ length: 9 }, (_, i) => Math.min(5, Math.max(0, sum - 5 * i)))]);
    expect(scoreInstrument('ndi', nine(31))).toMatchObject({ band: 'severe' });
    expect(scoreInstrument('ndi', nine(32))).toMatchObject({ band: 'complete' });
    expect(scoreInstrument('ndi', nine(45))).toMatchObject({ raw: 50, percent: 100 });
  });
});

describe('NRS pain', () => {
  it('is the answer itself', () => {
    expect(scoreInstrument('nrs_pain', { score: 0 })).toEqual({
      instrument: 'nrs_pain',
      scored: true,
      score: 0,
    });
    expect(scoreInstrument('nrs_pain', { score: 10 })).toMatchObject({ score: 10 });
    expect(fieldsOf('nrs_pain', { score: 11 })).toEqual(['answers.score']);
    expect(fieldsOf('nrs_pain', {})).toEqual(['answers.score']);
  });
});

describe('PSFS (Stratford 1995)', () => {
  const ID_A = '1b0e0d2a-7c3f-4b8e-9a51-2f6d0c8e4a10';
  const ID_B = '2c1f1e3b-8d40-4c9f-8b62-3a7e1d9f5b21';
  const named = (...ratings: number[]) =>
    ratings.map((rating, index) => ({ name: `Activity ${index + 1}`, rating }));

  it('takes the mean of 3 activities, exact and rounded for display', () => {
    // (4 + 5 + 7) / 3 = 5.333...
    const result = scoreInstrument('psfs', { activities: named(4, 5, 7) });
    expect(result).toMatchObject({ scored: true, meanDisplay: 5.3, activities: 3 });
    if (!result.scored) throw new Error('not scored');
    expect(result.mean).toBeCloseTo(16 / 3, 12);
  });

  it('takes the mean of 5 activities, named or rated again by id', () => {
    expect(
      scoreInstrument('psfs', {
        activities: [
          { activityId: ID_A, rating: 2 },
          { activityId: ID_B, rating: 4 },
          ...named(6, 8, 10),
        ],
      }),
    ).toEqual({ instrument: 'psfs', scored: true, mean: 6, meanDisplay: 6, activities: 5 });
  });

  it('keeps each activity as given: ids lower-cased, names trimmed to one line of single spaces', () => {
    const result = validateAnswers('psfs', {
      activities: [
        { activityId: ID_A.toUpperCase(), rating: 3 },
        { name: '  Carry a  10 kg\tcrate ', rating: 5 },
        { name: 'Sit through a meeting', rating: 0 },
      ],
    });
    expect(result).toEqual({
      ok: true,
      answers: {
        activities: [
          { activityId: ID_A, rating: 3 },
          { name: 'Carry a 10 kg crate', rating: 5 },
          { name: 'Sit through a meeting', rating: 0 },
        ],
      },
    });
  });

  it.each([
    ['2 activities', { activities: named(4, 6) }, ['answers.activities']],
    ['6 activities', { activities: named(1, 2, 3, 4, 5, 6) }, ['answers.activities']],
    ['no list', {}, ['answers.activities']],
    ['a list that is not one', { activities: 'walk' }, ['answers.activities']],
    [
      'the unnamed form of before',
      { activity_1: 4, activity_2: 6, activity_3: 7 },
      ['answers.activity_1', 'answers.activity_2', 'answers.activity_3', 'answers.activities'],
    ],
    [
      'an activity neither named nor picked',
      { activities: [{ rating: 3 }, ...named(4, 5)] },
      ['answers.activities.0'],
    ],
    [
      'an activity both named and picked',
      { activities: [{ activityId: ID_A, name: 'Walk', rating: 3 }, ...named(4, 5)] },
      ['answers.activities.0'],
    ],
    [
      'a rating out of range, or not whole',
      { activities: [{ name: 'Walk', rating: 11 }, { name: 'Sit', rating: 2.5 }, ...named(1)] },
      ['answers.activities.0.rating', 'answers.activities.1.rating'],
    ],
    [
      'a rating missing',
      { activities: [{ name: 'Walk' }, ...named(4, 5)] },
      ['answers.activities.0.rating'],
    ],
    [
      'an id that is not a UUID',
      { activities: [{ activityId: 'walk', rating: 3 }, ...named(4, 5)] },
      ['answers.activities.0.activityId'],
    ],
    [
      'an empty name, a name too long, a name that is not text',
      {
        activities: [
          { name: '   ', rating: 3 },
          { name: 'x'.repeat(121), rating: 3 },
          { name: 7, rating: 3 },
        ],
      },
      ['answers.activities.0.name', 'answers.activities.1.name', 'answers.activities.2.name'],
    ],
    [
      'a control character in a name',
      { activities: [{ name: 'Walk\u0007', rating: 3 }, ...named(4, 5)] },
      ['answers.activities.0.name'],
    ],
    [
      'the same activity twice, by id or by name ignoring case and spaces',
      {
        activities: [
          { activityId: ID_A, rating: 3 },
          { activityId: ID_A.toUpperCase(), rating: 4 },
          { name: 'Walk  to work', rating: 5 },
          { name: 'walk to WORK', rating: 6 },
        ],
      },
      ['answers.activities.1.activityId', 'answers.activities.3.name'],
    ],
    [
      'an unknown field of an activity',
      { activities: [{ name: 'Walk', rating: 3, painful: true }, ...named(4, 5)] },
      ['answers.activities.0.painful'],
    ],
    [
      'an activity that is not an object',
      { activities: ['Walk', ...named(4, 5)] },
      ['answers.activities.0'],
    ],
  ])('refuses %s, naming the field', (_case, answers, fields) => {
    expect(fieldsOf('psfs', answers)).toEqual(fields);
  });

  it('never repeats a name in an error message (names are clinical)', () => {
    const name = 'CANARY-2b7e lifting after the hernia operation';
    const errors = errorsOf('psfs', {
      activities: [
        { name, rating: 12 },
        { name, rating: 3 },
      ],
    });
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(errors)).not.toContain('CANARY');
  });

  it('refuses a list wider than the PSFS before looking at its entries', () => {
    const wide = Array.from({ length: 1_000 }, () => ({ rating: 'x' }));
    expect(errorsOf('psfs', { activities: wide })).toEqual([
      {
        field: 'answers.activities',
        message: 'must rate 3 to 5 activities, each with an activityId or a name and a rating',
      },
    ]);
  });
});

describe('Work Ability Score', () => {
  it('categorises poor 0-5, moderate 6-7, good 8-9, excellent 10', () => {
    const category = (score: number) => {
      const result = scoreInstrument('work_ability', { score });
      if (!result.scored) throw new Error('not scored');
      expect(result.score).toBe(score);
      return result.category;
    };
    expect(Array.from({ length: 11 }, (_, score) => category(score))).toEqual([
      'poor',
      'poor',
      'poor',
      'poor',
      'poor',
      'poor',
      'moderate',
      'moderate',
      'good',
      'good',
      'excellent',
    ]);
    expect(workAbilityCategory(5)).toBe('poor');
    expect(workAbilityCategory(6)).toBe('moderate');
  });
});

describe('validateAnswers', () => {
  it('returns the answers to store: answered items only, in item order', () => {
    expect(validateAnswers('ndi', { item_2: 3, item_1: 1, item_3: null })).toEqual({
      ok: true,
      answers: { item_1: 1, item_2: 3 },
    });
  });

  it('names the field of an unknown item code', () => {
    expect(errorsOf('odi', { ...items([1, 1, 1, 1, 1, 1, 1, 1]), item_11: 1 })).toEqual([
      { field: 'answers.item_11', message: 'is not an item of odi' },
    ]);
    expect(fieldsOf('nrs_pain', { score: 3, pain: 3 })).toEqual(['answers.pain']);
  });

  it('does not take inherited property names for item codes', () => {
    const answers = JSON.parse('{"score": 3, "__proto__": 1, "constructor": 2, "toString": 3}');
    expect(fieldsOf('nrs_pain', answers)).toEqual([
      'answers.__proto__',
      'answers.constructor',
      'answers.toString',
    ]);
  });

  it('names the field of an out-of-range answer', () => {
    expect(errorsOf('odi', items([1, 1, 6, 1, 1, 1, 1, 1]))).toEqual([
      { field: 'answers.item_3', message: 'must be from 0 to 5' },
    ]);
    expect(errorsOf('ndi', items([-1]))).toEqual([
      { field: 'answers.item_1', message: 'must be from 0 to 5' },
    ]);
    expect(errorsOf('start_back', { ...startBack([]), item_2: 2 })).toEqual([
      { field: 'answers.item_2', message: 'must be from 0 to 1' },
    ]);
  });

  it('names the field of a non-integer answer', () => {
    for (const value of [2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(errorsOf('work_ability', { score: value })).toEqual([
        { field: 'answers.score', message: 'must be a whole number' },
      ]);
    }
  });

  it('names the field of an answer of the wrong type', () => {
    for (const value of ['3', true, {}, [3]]) {
      expect(errorsOf('nrs_pain', { score: value })).toEqual([
        { field: 'answers.score', message: 'must be a number' },
      ]);
    }
    const item9 = 'must be one of not_at_all, slightly, moderately, very_much, extremely';
    for (const value of [3, 'very much', 'VERY_MUCH', null]) {
      const expected =
        value === null
          ? { field: 'answers.item_9', message: 'is required' }
          : { field: 'answers.item_9', message: item9 };
      expect(errorsOf('start_back', { ...startBack([]), item_9: value })).toEqual([expected]);
    }
    expect(errorsOf('start_back', { ...startBack([]), item_1: 'agree' })).toEqual([
      { field: 'answers.item_1', message: 'must be a number' },
    ]);
  });

  it('names every missing required item', () => {
    expect(fieldsOf('ompsq_10', { duration: 3 })).toEqual(
      OMPSQ_10_ITEMS.filter((item) => item !== 'duration').map((item) => `answers.${item}`),
    );
  });

  it('reports every problem at once, in item order then unknown codes', () => {
    expect(
      fieldsOf('start_back', { ...startBack([]), item_1: 2, item_3: 'x', extra: 1, item_9: 1 }),
    ).toEqual(['answers.item_1', 'answers.item_3', 'answers.item_9', 'answers.extra']);
  });

  it('refuses answers that are not an object keyed by item code', () => {
    for (const answers of [null, undefined, [], [1, 2], 'item_1=1', 3]) {
      expect(errorsOf('nrs_pain', answers)).toEqual([
        { field: 'answers', message: 'must be an object keyed by item code' },
      ]);
    }
  });

  it('refuses an unknown instrument on the instrument field', () => {
    for (const code of ['oswestry', '', 'constructor']) {
      expect(errorsOf(code, { score: 1 })).toEqual([
        { field: 'instrument', message: 'is not a known instrument' },
      ]);
    }
    expect(scoreInstrument('nope' as InstrumentCode, { score: 1 })).toMatchObject({
      scored: false,
      reason: 'invalid_answers',
      errors: [{ field: 'instrument' }],
    });
  });

  it('never repeats a submitted value in a message', () => {
    const secret = 'radicular-pain-L5';
    for (const code of INSTRUMENT_CODES) {
      const answers = Object.fromEntries(
        INSTRUMENTS[code].items.map((item) => [item.code, secret]),
      );
      for (const error of errorsOf(code, answers)) expect(error.message).not.toContain(secret);
    }
  });

  it('never throws on odd input', () => {
    const odd: unknown[] = [
      null,
      undefined,
      0,
      -1,
      1e308,
      Number.NaN,
      '',
      '1',
      true,
      [],
      [null],
      [[1]],
      {},
      { valueOf: () => 1 },
      Symbol('x'),
      () => 1,
      10n,
    ];
    for (const code of [...INSTRUMENT_CODES, 'unknown']) {
      for (const value of odd) {
        expect(() => validateAnswers(code, value)).not.toThrow();
        const answers = Object.fromEntries(INSTRUMENTS.odi.items.map((item) => [item.code, value]));
        expect(() => validateAnswers(code, answers)).not.toThrow();
        expect(() => scoreInstrument(code as InstrumentCode, answers)).not.toThrow();
        expect(() => scoreInstrument(code as InstrumentCode, { score: value })).not.toThrow();
      }
    }
  });
});
