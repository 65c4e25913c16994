import { describe, expect, it } from '@jest/globals';
import type { BodyRegion } from '../episodes/entities/complaint.entity.js';
import {
  COMPONENT_CODES,
  COMPONENTS,
  type ComponentCode,
  EVIDENCE_GRADES,
  type EvidenceGrade,
  evidenceGrade,
  isComponentCode,
  weakerGrade,
} from './evidence.js';

describe('COMPONENTS', () => {
  it('defines every component under its own code', () => {
    expect([...COMPONENT_CODES]).toEqual([
      'stay_active_advice',
      'exercise_therapy',
      'graded_activity',
      'advice_education',
      'return_to_work_programme',
      'psychological_therapy',
      'multidisciplinary_treatment',
      'surgical_consult',
      'manual_therapy',
      'group_exercise',
      'workplace_intervention',
      'ergonomic_adjustment',
    ]);
    expect(Object.keys(COMPONENTS)).toEqual([...COMPONENT_CODES]);
    for (const code of COMPONENT_CODES) {
      expect(COMPONENTS[code].code).toBe(code);
      expect(COMPONENTS[code].source.length).toBeGreaterThan(0);
      expect(Object.keys(COMPONENTS[code].grades).sort()).toEqual([
        'low_back',
        'neck',
        'shoulder',
        'upper_back',
      ]);
    }
  });

  it('gives each component the kind the plan checks look for', () => {
    const kinds = Object.fromEntries(COMPONENT_CODES.map((code) => [code, COMPONENTS[code].kind]));
    expect(kinds).toEqual({
      stay_active_advice: 'education',
      exercise_therapy: 'active',
      graded_activity: 'active',
      advice_education: 'education',
      return_to_work_programme: 'workplace',
      psychological_therapy: 'psychological',
      multidisciplinary_treatment: 'multidisciplinary',
      surgical_consult: 'medical',
      manual_therapy: 'passive',
      group_exercise: 'active',
      workplace_intervention: 'workplace',
      ergonomic_adjustment: 'workplace',
    });
  });

  it('carries the conditions of the evidence table', () => {
    expect(COMPONENTS.manual_therapy.note).toBe('only combined with other treatment');
    expect(COMPONENTS.ergonomic_adjustment.note).toBe('moderate evidence; not sufficient alone');
    expect(COMPONENTS.surgical_consult.note).toBe('where indicated');
    expect(COMPONENTS.exercise_therapy.note).toBeNull();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(COMPONENTS)).toBe(true);
    expect(Object.isFrozen(COMPONENTS.manual_therapy)).toBe(true);
    expect(Object.isFrozen(COMPONENTS.manual_therapy.grades)).toBe(true);
    expect(() => {
      (COMPONENTS.manual_therapy.grades as Record<string, string>).low_back = 'strongest';
    }).toThrow(TypeError);
    expect(evidenceGrade('manual_therapy', ['low_back'])).toBe('moderate');
  });

  it('isComponentCode', () => {
    expect(isComponentCode('manual_therapy')).toBe(true);
    expect(isComponentCode('massage')).toBe(false);
    expect(isComponentCode('constructor')).toBe(false);
    expect(isComponentCode(undefined)).toBe(false);
  });
});

describe('evidenceGrade', () => {
  const gradesFor = (regions: BodyRegion[]): Record<ComponentCode, EvidenceGrade> =>
    Object.fromEntries(
      COMPONENT_CODES.map((code) => [code, evidenceGrade(code, regions)]),
    ) as Record<ComponentCode, EvidenceGrade>;

  it('low back: the evidence table of domain.md section 4', () => {
    expect(gradesFor(['low_back'])).toEqual({
      stay_active_advice: 'strongest',
      exercise_therapy: 'strongest',
      graded_activity: 'strongest',
      advice_education: 'strongest',
      return_to_work_programme: 'strongest',
      psychological_therapy: 'strong_specific_groups',
      multidisciplinary_treatment: 'strong_specific_groups',
      surgical_consult: 'strong_specific_groups',
      manual_therapy: 'moderate',
      group_exercise: 'moderate',
      workplace_intervention: 'moderate',
      ergonomic_adjustment: 'moderate',
    });
  });

  it.each<BodyRegion>(['neck', 'shoulder', 'upper_back'])(
    '%s: work-directed components are graded lower than for the low back',
    (region) => {
      expect(gradesFor([region])).toEqual({
        stay_active_advice: 'strongest',
        exercise_therapy: 'strongest',
        graded_activity: 'strongest',
        advice_education: 'strongest',
        return_to_work_programme: 'moderate',
        psychological_therapy: 'strong_specific_groups',
        multidisciplinary_treatment: 'strong_specific_groups',
        surgical_consult: 'strong_specific_groups',
        manual_therapy: 'moderate',
        group_exercise: 'moderate',
        workplace_intervention: 'weak',
        ergonomic_adjustment: 'weak',
      });
    },
  );

  it('several regions: the weakest grade across them, whatever their order', () => {
    expect(evidenceGrade('return_to_work_programme', ['low_back', 'neck'])).toBe('moderate');
    expect(evidenceGrade('return_to_work_programme', ['neck', 'low_back'])).toBe('moderate');
    expect(evidenceGrade('workplace_intervention', ['low_back', 'shoulder'])).toBe('weak');
    expect(evidenceGrade('ergonomic_adjustment', ['upper_back', 'low_back'])).toBe('weak');
    expect(evidenceGrade('return_to_work_programme', ['low_back', 'low_back'])).toBe('strongest');
    expect(evidenceGrade('exercise_therapy', ['neck', 'shoulder', 'upper_back', 'low_back'])).toBe(
      'strongest',
    );
  });

  it('no region recorded: the weakest over all regions', () => {
    expect(gradesFor([])).toEqual(gradesFor(['neck', 'shoulder', 'upper_back', 'low_back']));
    expect(evidenceGrade('return_to_work_programme', [])).toBe('moderate');
    expect(evidenceGrade('workplace_intervention', [])).toBe('weak');
    expect(evidenceGrade('stay_active_advice', [])).toBe('strongest');
  });

  it('throws RangeError for codes outside the catalogue (programming errors)', () => {
    expect(() => evidenceGrade('massage' as ComponentCode, ['low_back'])).toThrow(RangeError);
    expect(() => evidenceGrade('manual_therapy', ['knee' as BodyRegion])).toThrow(RangeError);
    expect(() => evidenceGrade('manual_therapy', ['toString' as BodyRegion])).toThrow(RangeError);
  });
});

describe('weakerGrade', () => {
  it('orders strongest > strong for specific groups > moderate > weak', () => {
    expect([...EVIDENCE_GRADES]).toEqual([
      'strongest',
      'strong_specific_groups',
      'moderate',
      'weak',
    ]);
    expect(weakerGrade('strongest', 'weak')).toBe('weak');
    expect(weakerGrade('weak', 'strongest')).toBe('weak');
    expect(weakerGrade('strong_specific_groups', 'strongest')).toBe('strong_specific_groups');
    expect(weakerGrade('moderate', 'strong_specific_groups')).toBe('moderate');
    expect(weakerGrade('moderate', 'moderate')).toBe('moderate');
  });
});
