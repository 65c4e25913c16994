import { describe, expect, it } from '@jest/globals';
import type { BodyRegion } from '../episodes/entities/complaint.entity.js';
import {
  EMERGENCY_CATEGORIES,
  isEmergencyRedFlag,
  isRedFlagCode,
  RED_FLAG_CATEGORIES,
  RED_FLAG_CODES,
  RED_FLAGS,
  redFlagsForRegions,
  validateRedFlagScreen,
} from './red-flags.js';

const codesFor = (regions: BodyRegion[]): string[] =>
  redFlagsForRegions(regions).map((flag) => flag.code);

/** A complete screen for the regions: every applicable flag false, except those in `present`. */
function screen(regions: BodyRegion[], present: string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    redFlagsForRegions(regions).map((flag) => [flag.code, present.includes(flag.code)]),
  );
}

const MALIGNANCY = [
  'history_of_cancer',
  'unexplained_weight_loss',
  'new_pain_after_50',
  'no_improvement_4_6_weeks',
  'night_pain',
];

describe('RED_FLAGS', () => {
  it('lists every code once, in RED_FLAG_CODES order, with a label, regions and category', () => {
    expect(RED_FLAGS.map((flag) => flag.code)).toEqual([...RED_FLAG_CODES]);
    expect(RED_FLAGS).toHaveLength(23);
    for (const flag of RED_FLAGS) {
      expect(flag.code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(flag.label.length).toBeGreaterThan(0);
      expect(flag.regions.length).toBeGreaterThan(0);
      expect(new Set(flag.regions).size).toBe(flag.regions.length);
      expect(RED_FLAG_CATEGORIES).toContain(flag.category);
    }
  });

  it('marks exactly cauda equina, myelopathy and artery dissection flags as emergencies', () => {
    expect([...EMERGENCY_CATEGORIES]).toEqual(['cauda_equina', 'myelopathy', 'artery_dissection']);
    expect(RED_FLAGS.filter((flag) => flag.emergency).map((flag) => flag.code)).toEqual([
      'saddle_anaesthesia',
      'bladder_bowel_dysfunction',
      'progressive_neurological_deficit',
      'myelopathy_gait',
      'myelopathy_clumsy_hands',
      'myelopathy_bladder_bowel',
      'sudden_unusual_headache_neck_pain',
      'dizziness',
      'diplopia',
      'speech_swallow_problems',
    ]);
    for (const flag of RED_FLAGS) {
      expect(flag.emergency).toBe(EMERGENCY_CATEGORIES.includes(flag.category));
    }
  });

  it('groups the flags by category as in domain.md section 6', () => {
    const byCategory = (category: string): string[] =>
      RED_FLAGS.filter((flag) => flag.category === category).map((flag) => flag.code);
    expect(byCategory('cauda_equina')).toEqual([
      'saddle_anaesthesia',
      'bladder_bowel_dysfunction',
      'progressive_neurological_deficit',
    ]);
    expect(byCategory('fracture')).toEqual(['major_trauma', 'long_term_steroids', 'age_over_70']);
    expect(byCategory('c_spine_trauma')).toEqual(['canadian_c_spine_high_risk']);
    expect(byCategory('myelopathy')).toEqual([
      'myelopathy_gait',
      'myelopathy_clumsy_hands',
      'myelopathy_bladder_bowel',
    ]);
    expect(byCategory('artery_dissection')).toEqual([
      'sudden_unusual_headache_neck_pain',
      'dizziness',
      'diplopia',
      'speech_swallow_problems',
    ]);
    expect(byCategory('malignancy')).toEqual(MALIGNANCY);
    expect(byCategory('infection')).toEqual([
      'fever',
      'iv_drug_use',
      'immunosuppression',
      'recent_spinal_surgery',
    ]);
  });

  it('is frozen, entries and region lists included', () => {
    expect(Object.isFrozen(RED_FLAGS)).toBe(true);
    expect(Object.isFrozen(RED_FLAGS[0])).toBe(true);
    expect(Object.isFrozen(RED_FLAGS[0].regions)).toBe(true);
    expect(() => (RED_FLAGS as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (RED_FLAGS[0] as { emergency: boolean }).emergency = false;
    }).toThrow(TypeError);
  });

  it('isRedFlagCode and isEmergencyRedFlag', () => {
    expect(isRedFlagCode('fever')).toBe(true);
    expect(isRedFlagCode('Fever')).toBe(false);
    expect(isRedFlagCode('toString')).toBe(false);
    expect(isRedFlagCode(1)).toBe(false);
    expect(isEmergencyRedFlag('saddle_anaesthesia')).toBe(true);
    expect(isEmergencyRedFlag('diplopia')).toBe(true);
    expect(isEmergencyRedFlag('canadian_c_spine_high_risk')).toBe(false);
    expect(isEmergencyRedFlag('fever')).toBe(false);
    expect(isEmergencyRedFlag('not_a_flag')).toBe(false);
  });
});

describe('redFlagsForRegions', () => {
  it('low back: cauda equina, fracture, malignancy, infection', () => {
    expect(codesFor(['low_back'])).toEqual([
      'saddle_anaesthesia',
      'bladder_bowel_dysfunction',
      'progressive_neurological_deficit',
      'major_trauma',
      'long_term_steroids',
      'age_over_70',
      ...MALIGNANCY,
      'fever',
      'iv_drug_use',
      'immunosuppression',
      'recent_spinal_surgery',
    ]);
  });

  it('upper back: fracture, malignancy and infection (whole spine), no cauda equina', () => {
    expect(codesFor(['upper_back'])).toEqual([
      'major_trauma',
      'long_term_steroids',
      'age_over_70',
      ...MALIGNANCY,
      'fever',
      'iv_drug_use',
      'immunosuppression',
      'recent_spinal_surgery',
    ]);
  });

  it('neck: Canadian C-spine, myelopathy, artery dissection, malignancy, infection', () => {
    expect(codesFor(['neck'])).toEqual([
      'canadian_c_spine_high_risk',
      'myelopathy_gait',
      'myelopathy_clumsy_hands',
      'myelopathy_bladder_bowel',
      'sudden_unusual_headache_neck_pain',
      'dizziness',
      'diplopia',
      'speech_swallow_problems',
      ...MALIGNANCY,
      'fever',
      'iv_drug_use',
      'immunosuppression',
      'recent_spinal_surgery',
    ]);
  });

  it('shoulder: trauma, malignancy and infection, nothing spinal', () => {
    expect(codesFor(['shoulder'])).toEqual([
      'major_trauma',
      ...MALIGNANCY,
      'fever',
      'iv_drug_use',
      'immunosuppression',
    ]);
  });

  it('several regions: the union, each flag once, in catalogue order whatever the region order', () => {
    const union = codesFor(['low_back', 'neck']);
    expect(union).toEqual(codesFor(['neck', 'low_back']));
    expect(new Set(union).size).toBe(union.length);
    expect(union).toEqual(
      RED_FLAG_CODES.filter(
        (code) => codesFor(['neck']).includes(code) || codesFor(['low_back']).includes(code),
      ),
    );
    // Neck and low back together cover the whole catalogue.
    expect(union).toEqual([...RED_FLAG_CODES]);
    expect(codesFor(['neck', 'shoulder', 'upper_back', 'low_back'])).toEqual([...RED_FLAG_CODES]);
    expect(codesFor(['low_back', 'low_back'])).toEqual(codesFor(['low_back']));
  });

  it('no regions: no flags', () => {
    expect(codesFor([])).toEqual([]);
  });
});

describe('validateRedFlagScreen', () => {
  it('a complete screen with every flag false: ok, nothing present, no emergency', () => {
    expect(validateRedFlagScreen(['low_back'], screen(['low_back']))).toEqual({
      ok: true,
      present: [],
      emergency: false,
    });
  });

  it('returns the flags present in catalogue order, whatever the answer order', () => {
    const answers = screen(['low_back'], ['night_pain', 'major_trauma']);
    const reversed = Object.fromEntries(Object.entries(answers).reverse());
    const expected = { ok: true, present: ['major_trauma', 'night_pain'], emergency: false };
    expect(validateRedFlagScreen(['low_back'], answers)).toEqual(expected);
    expect(validateRedFlagScreen(['low_back'], reversed)).toEqual(expected);
  });

  it('an emergency flag present makes the screen an emergency', () => {
    expect(
      validateRedFlagScreen(['low_back'], screen(['low_back'], ['saddle_anaesthesia', 'fever'])),
    ).toEqual({ ok: true, present: ['saddle_anaesthesia', 'fever'], emergency: true });
    expect(validateRedFlagScreen(['neck'], screen(['neck'], ['diplopia']))).toEqual({
      ok: true,
      present: ['diplopia'],
      emergency: true,
    });
    expect(
      validateRedFlagScreen(['neck'], screen(['neck'], ['canadian_c_spine_high_risk'])),
    ).toEqual({ ok: true, present: ['canadian_c_spine_high_risk'], emergency: false });
  });

  it('several regions need every flag of each, and accept any of them', () => {
    const regions: BodyRegion[] = ['neck', 'low_back'];
    expect(validateRedFlagScreen(regions, screen(regions, ['myelopathy_gait']))).toEqual({
      ok: true,
      present: ['myelopathy_gait'],
      emergency: true,
    });
    const result = validateRedFlagScreen(regions, screen(['neck']));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((error) => error.field)).toEqual([
      'answers.saddle_anaesthesia',
      'answers.bladder_bowel_dysfunction',
      'answers.progressive_neurological_deficit',
      'answers.major_trauma',
      'answers.long_term_steroids',
      'answers.age_over_70',
    ]);
  });

  it('every applicable flag must be answered: absent and null are unanswered, never "no"', () => {
    const answers = screen(['shoulder']);
    delete answers.fever;
    answers.night_pain = null;
    expect(validateRedFlagScreen(['shoulder'], answers)).toEqual({
      ok: false,
      errors: [
        { field: 'answers.night_pain', message: 'night_pain must be answered (true or false)' },
        { field: 'answers.fever', message: 'fever must be answered (true or false)' },
      ],
    });
  });

  it('an empty object: every applicable flag reported, in catalogue order', () => {
    const result = validateRedFlagScreen(['shoulder'], {});
    expect(result).toEqual({
      ok: false,
      errors: codesFor(['shoulder']).map((code) => ({
        field: `answers.${code}`,
        message: `${code} must be answered (true or false)`,
      })),
    });
  });

  it('non-boolean answers are errors that never repeat the value', () => {
    const secret = 'SECRET-ANSWER-42';
    for (const value of [secret, 1, 0, 'true', [true], { value: true }]) {
      const answers = { ...screen(['shoulder']), fever: value };
      const result = validateRedFlagScreen(['shoulder'], answers);
      expect(result).toEqual({
        ok: false,
        errors: [{ field: 'answers.fever', message: 'fever must be true or false' }],
      });
    }
    const result = validateRedFlagScreen(['shoulder'], { ...screen(['shoulder']), fever: secret });
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('codes outside the catalogue are errors', () => {
    expect(
      validateRedFlagScreen(['shoulder'], { ...screen(['shoulder']), back_ache: true }),
    ).toEqual({
      ok: false,
      errors: [{ field: 'answers.back_ache', message: 'is not a known red flag' }],
    });
  });

  it('catalogue codes that do not apply to the regions are errors, even when false', () => {
    expect(
      validateRedFlagScreen(['neck'], {
        ...screen(['neck']),
        saddle_anaesthesia: false,
        age_over_70: true,
      }),
    ).toEqual({
      ok: false,
      errors: [
        {
          field: 'answers.saddle_anaesthesia',
          message: "saddle_anaesthesia does not apply to the complaint's regions",
        },
        {
          field: 'answers.age_over_70',
          message: "age_over_70 does not apply to the complaint's regions",
        },
      ],
    });
  });

  it('reports missing, wrong and unknown answers together', () => {
    const answers: Record<string, unknown> = { ...screen(['shoulder']), fever: 'x', other: false };
    delete answers.major_trauma;
    const result = validateRedFlagScreen(['shoulder'], answers);
    expect(result.ok ? [] : result.errors.map((error) => error.field)).toEqual([
      'answers.major_trauma',
      'answers.fever',
      'answers.other',
    ]);
  });

  it('inherited properties are not answers', () => {
    const answers = Object.create({ fever: false }) as Record<string, unknown>;
    Object.assign(answers, screen(['shoulder']));
    delete answers.fever;
    expect(validateRedFlagScreen(['shoulder'], answers)).toEqual({
      ok: false,
      errors: [{ field: 'answers.fever', message: 'fever must be answered (true or false)' }],
    });
  });

  it('no regions: one error on regions', () => {
    expect(validateRedFlagScreen([], { fever: true })).toEqual({
      ok: false,
      errors: [{ field: 'regions', message: 'must name at least one body region' }],
    });
    expect(validateRedFlagScreen(null as unknown as BodyRegion[], {})).toEqual({
      ok: false,
      errors: [{ field: 'regions', message: 'must name at least one body region' }],
    });
  });

  it('unknown regions: an error per unknown region, answers not judged', () => {
    expect(validateRedFlagScreen(['neck', 'knee' as BodyRegion, 'hip' as BodyRegion], {})).toEqual({
      ok: false,
      errors: [
        { field: 'regions.1', message: 'is not a body region' },
        { field: 'regions.2', message: 'is not a body region' },
      ],
    });
  });

  it('answers that are not an object: one error on answers', () => {
    for (const answers of [null, undefined, 'fever', 3, true, [true, false]]) {
      expect(validateRedFlagScreen(['low_back'], answers)).toEqual({
        ok: false,
        errors: [{ field: 'answers', message: 'must be an object keyed by red flag code' }],
      });
    }
  });
});
