import { describe, expect, it } from '@jest/globals';
import type { BodyRegion } from '../episodes/entities/complaint.entity.js';
import { COMPONENT_CODES, COMPONENTS, type EvidenceGrade } from './evidence.js';
import {
  PATHWAY_RULE_IDS,
  PATHWAY_RULES,
  type PathwayRecommendation,
  type PathwayRuleId,
  recommendPathway,
  type RecommendedComponent,
  TRIAGE_INPUTS,
  type TriageInputs,
} from './pathway-engine.js';

/** Aspecific low-back complaint, clean screen, low risk, good potential: the physio-led case. */
const BASE: TriageInputs = {
  regions: ['low_back'],
  specificity: 'aspecific',
  redFlagsPresent: [],
  redFlagsCleared: false,
  redFlagScreenDone: true,
  startBackStratum: 'low',
  ompsqTotal: 30,
  rehabilitationPotential: 'good',
};

/** Nothing recorded yet: a fresh referral. */
const NOTHING: TriageInputs = {
  regions: [],
  specificity: null,
  redFlagsPresent: [],
  redFlagsCleared: false,
  redFlagScreenDone: false,
  startBackStratum: null,
  ompsqTotal: null,
  rehabilitationPotential: null,
};

const c = (code: string, grade: EvidenceGrade, ruleId: PathwayRuleId): RecommendedComponent =>
  ({ code, grade, ruleId }) as RecommendedComponent;

const PHYSIO_LED_LOW_BACK = [
  c('stay_active_advice', 'strongest', 'ALWAYS-1'),
  c('exercise_therapy', 'strongest', 'ALWAYS-1'),
  c('graded_activity', 'strongest', 'PL-2'),
  c('advice_education', 'strongest', 'ALWAYS-1'),
  c('return_to_work_programme', 'strongest', 'RTW-1'),
  c('workplace_intervention', 'moderate', 'RTW-1'),
];
/** Neck, shoulder, upper back, or any mix with one of them: weaker work-directed evidence. */
const PHYSIO_LED_NECK = [
  c('stay_active_advice', 'strongest', 'ALWAYS-1'),
  c('exercise_therapy', 'strongest', 'ALWAYS-1'),
  c('graded_activity', 'strongest', 'PL-2'),
  c('advice_education', 'strongest', 'ALWAYS-1'),
  c('return_to_work_programme', 'moderate', 'RTW-1'),
  c('workplace_intervention', 'weak', 'RTW-1'),
];
const MULTIDISCIPLINARY_LOW_BACK = [
  c('stay_active_advice', 'strongest', 'ALWAYS-1'),
  c('exercise_therapy', 'strongest', 'ALWAYS-1'),
  c('advice_education', 'strongest', 'ALWAYS-1'),
  c('return_to_work_programme', 'strongest', 'RTW-1'),
  c('psychological_therapy', 'strong_specific_groups', 'MD-4'),
  c('multidisciplinary_treatment', 'strong_specific_groups', 'MD-4'),
  c('workplace_intervention', 'moderate', 'RTW-1'),
];
const MULTIDISCIPLINARY_NECK = [
  c('stay_active_advice', 'strongest', 'ALWAYS-1'),
  c('exercise_therapy', 'strongest', 'ALWAYS-1'),
  c('advice_education', 'strongest', 'ALWAYS-1'),
  c('return_to_work_programme', 'moderate', 'RTW-1'),
  c('psychological_therapy', 'strong_specific_groups', 'MD-4'),
  c('multidisciplinary_treatment', 'strong_specific_groups', 'MD-4'),
  c('workplace_intervention', 'weak', 'RTW-1'),
];
const MULTIDISCIPLINARY_SPECIFIC_LOW_BACK = [
  c('stay_active_advice', 'strongest', 'ALWAYS-1'),
  c('exercise_therapy', 'strongest', 'ALWAYS-1'),
  c('advice_education', 'strongest', 'ALWAYS-1'),
  c('return_to_work_programme', 'strongest', 'RTW-1'),
  c('psychological_therapy', 'strong_specific_groups', 'MD-4'),
  c('multidisciplinary_treatment', 'strong_specific_groups', 'MD-4'),
  c('surgical_consult', 'strong_specific_groups', 'MD-5'),
  c('workplace_intervention', 'moderate', 'RTW-1'),
];

const PHYSIO_LED_TAIL: PathwayRuleId[] = ['PL-1', 'PL-2', 'RTW-1', 'ALWAYS-1'];
const MD_TAIL: PathwayRuleId[] = ['MD-4', 'RTW-1', 'ALWAYS-1'];

interface Case {
  name: string;
  inputs: TriageInputs;
  expected: PathwayRecommendation;
}

const decided = (
  pathway: PathwayRecommendation['pathway'],
  chronicityRisk: PathwayRecommendation['chronicityRisk'],
  components: RecommendedComponent[],
  firedRules: PathwayRuleId[],
): PathwayRecommendation => ({
  pathway,
  chronicityRisk,
  emergency: false,
  components,
  firedRules,
  missingInputs: [],
});

const urgent = (emergency: boolean, firedRules: PathwayRuleId[]): PathwayRecommendation => ({
  pathway: 'urgent_referral',
  chronicityRisk: null,
  emergency,
  components: [],
  firedRules,
  missingInputs: [],
});

const undetermined = (
  chronicityRisk: PathwayRecommendation['chronicityRisk'],
  firedRules: PathwayRuleId[],
  missingInputs: PathwayRecommendation['missingInputs'],
): PathwayRecommendation => ({
  pathway: 'undetermined',
  chronicityRisk,
  emergency: false,
  components: [],
  firedRules,
  missingInputs,
});

const CASES: Case[] = [
  // Physio-led (source article rule 3).
  {
    name: 'aspecific low back, good potential, STarT low, OMPSQ 30 -> physio-led',
    inputs: BASE,
    expected: decided('physio_led', 'low', PHYSIO_LED_LOW_BACK, ['RISK-4', ...PHYSIO_LED_TAIL]),
  },
  {
    name: 'aspecific neck, OMPSQ 30 only (no STarT Back) -> physio-led, neck grades',
    inputs: { ...BASE, regions: ['neck'], startBackStratum: null },
    expected: decided('physio_led', 'low', PHYSIO_LED_NECK, ['RISK-4', ...PHYSIO_LED_TAIL]),
  },
  {
    name: 'aspecific shoulder, moderate potential, OMPSQ 40 -> physio-led, weaker work grades',
    inputs: {
      ...BASE,
      regions: ['shoulder'],
      startBackStratum: null,
      ompsqTotal: 40,
      rehabilitationPotential: 'moderate',
    },
    expected: decided('physio_led', 'low', PHYSIO_LED_NECK, ['RISK-4', ...PHYSIO_LED_TAIL]),
  },
  {
    name: 'STarT Back low, no OMPSQ -> low risk, physio-led',
    inputs: { ...BASE, ompsqTotal: null },
    expected: decided('physio_led', 'low', PHYSIO_LED_LOW_BACK, ['RISK-4', ...PHYSIO_LED_TAIL]),
  },
  {
    name: 'STarT Back medium, OMPSQ 30 -> medium risk, still physio-led',
    inputs: { ...BASE, startBackStratum: 'medium' },
    expected: decided('physio_led', 'medium', PHYSIO_LED_LOW_BACK, ['RISK-3', ...PHYSIO_LED_TAIL]),
  },
  {
    name: 'STarT Back medium, no OMPSQ, moderate potential -> medium risk, physio-led',
    inputs: {
      ...BASE,
      startBackStratum: 'medium',
      ompsqTotal: null,
      rehabilitationPotential: 'moderate',
    },
    expected: decided('physio_led', 'medium', PHYSIO_LED_LOW_BACK, ['RISK-3', ...PHYSIO_LED_TAIL]),
  },
  {
    name: 'OMPSQ 49 is not high: STarT low -> low risk, physio-led',
    inputs: { ...BASE, ompsqTotal: 49 },
    expected: decided('physio_led', 'low', PHYSIO_LED_LOW_BACK, ['RISK-4', ...PHYSIO_LED_TAIL]),
  },
  {
    name: 'OMPSQ 49 with STarT medium -> medium risk, physio-led',
    inputs: { ...BASE, startBackStratum: 'medium', ompsqTotal: 49 },
    expected: decided('physio_led', 'medium', PHYSIO_LED_LOW_BACK, ['RISK-3', ...PHYSIO_LED_TAIL]),
  },
  // Multidisciplinary (source article rule 2).
  {
    name: 'STarT Back high -> high risk, multidisciplinary',
    inputs: { ...BASE, startBackStratum: 'high' },
    expected: decided('multidisciplinary', 'high', MULTIDISCIPLINARY_LOW_BACK, [
      'RISK-1',
      'MD-2',
      ...MD_TAIL,
    ]),
  },
  {
    name: 'OMPSQ 50 with STarT low -> high risk, multidisciplinary',
    inputs: { ...BASE, ompsqTotal: 50 },
    expected: decided('multidisciplinary', 'high', MULTIDISCIPLINARY_LOW_BACK, [
      'RISK-2',
      'MD-2',
      ...MD_TAIL,
    ]),
  },
  {
    name: 'OMPSQ 60 overrides STarT medium -> high risk (RISK-3 does not fire)',
    inputs: { ...BASE, startBackStratum: 'medium', ompsqTotal: 60 },
    expected: decided('multidisciplinary', 'high', MULTIDISCIPLINARY_LOW_BACK, [
      'RISK-2',
      'MD-2',
      ...MD_TAIL,
    ]),
  },
  {
    name: 'STarT high and OMPSQ 75: both risk rules fire',
    inputs: { ...BASE, startBackStratum: 'high', ompsqTotal: 75 },
    expected: decided('multidisciplinary', 'high', MULTIDISCIPLINARY_LOW_BACK, [
      'RISK-1',
      'RISK-2',
      'MD-2',
      ...MD_TAIL,
    ]),
  },
  {
    name: 'neck, OMPSQ 50, no STarT Back -> multidisciplinary with neck grades',
    inputs: { ...BASE, regions: ['neck'], startBackStratum: null, ompsqTotal: 50 },
    expected: decided('multidisciplinary', 'high', MULTIDISCIPLINARY_NECK, [
      'RISK-2',
      'MD-2',
      ...MD_TAIL,
    ]),
  },
  {
    name: 'low rehabilitation potential, low risk -> multidisciplinary',
    inputs: { ...BASE, rehabilitationPotential: 'low' },
    expected: decided('multidisciplinary', 'low', MULTIDISCIPLINARY_LOW_BACK, [
      'RISK-4',
      'MD-3',
      ...MD_TAIL,
    ]),
  },
  {
    name: 'specific complaint, low risk, good potential -> multidisciplinary with surgical consult',
    inputs: { ...BASE, specificity: 'specific' },
    expected: decided('multidisciplinary', 'low', MULTIDISCIPLINARY_SPECIFIC_LOW_BACK, [
      'RISK-4',
      'MD-1',
      'MD-4',
      'MD-5',
      'RTW-1',
      'ALWAYS-1',
    ]),
  },
  {
    name: 'specific complaint without risk screen or potential -> multidisciplinary anyway',
    inputs: {
      ...BASE,
      specificity: 'specific',
      startBackStratum: null,
      ompsqTotal: null,
      rehabilitationPotential: null,
    },
    expected: decided('multidisciplinary', null, MULTIDISCIPLINARY_SPECIFIC_LOW_BACK, [
      'MD-1',
      'MD-4',
      'MD-5',
      'RTW-1',
      'ALWAYS-1',
    ]),
  },
  {
    name: 'specific, STarT high, low potential: every multidisciplinary reason fires',
    inputs: {
      ...BASE,
      specificity: 'specific',
      startBackStratum: 'high',
      rehabilitationPotential: 'low',
    },
    expected: decided('multidisciplinary', 'high', MULTIDISCIPLINARY_SPECIFIC_LOW_BACK, [
      'RISK-1',
      'MD-1',
      'MD-2',
      'MD-3',
      'MD-4',
      'MD-5',
      'RTW-1',
      'ALWAYS-1',
    ]),
  },
  {
    name: 'no complaint yet but OMPSQ 80 -> multidisciplinary, grades weakest over all regions',
    inputs: { ...BASE, regions: [], specificity: null, startBackStratum: null, ompsqTotal: 80 },
    expected: decided('multidisciplinary', 'high', MULTIDISCIPLINARY_NECK, [
      'RISK-2',
      'MD-2',
      ...MD_TAIL,
    ]),
  },
  // Red flags (source article rule 1).
  {
    name: 'red flag present, not cleared -> urgent referral, no components, no risk',
    inputs: { ...BASE, redFlagsPresent: ['fever'] },
    expected: urgent(false, ['RF-1']),
  },
  {
    name: 'red flag present with nothing else recorded -> urgent referral',
    inputs: { ...NOTHING, redFlagsPresent: ['night_pain'] },
    expected: urgent(false, ['RF-1']),
  },
  {
    name: 'red flag present on a high-risk specific complaint -> still urgent referral',
    inputs: {
      ...BASE,
      specificity: 'specific',
      startBackStratum: 'high',
      redFlagsPresent: ['major_trauma'],
    },
    expected: urgent(false, ['RF-1']),
  },
  {
    name: 'emergency flag (saddle anaesthesia) with another flag -> urgent emergency, no exercise',
    inputs: { ...BASE, redFlagsPresent: ['night_pain', 'saddle_anaesthesia'] },
    expected: urgent(true, ['RF-1', 'RF-2']),
  },
  {
    name: 'neck emergency flag (myelopathy gait) -> urgent emergency',
    inputs: {
      ...BASE,
      regions: ['neck'],
      startBackStratum: null,
      redFlagsPresent: ['myelopathy_gait'],
    },
    expected: urgent(true, ['RF-1', 'RF-2']),
  },
  {
    name: 'Canadian C-spine high risk is urgent, not an emergency',
    inputs: { ...BASE, regions: ['neck'], redFlagsPresent: ['canadian_c_spine_high_risk'] },
    expected: urgent(false, ['RF-1']),
  },
  {
    name: 'a flag outside the catalogue still counts as a red flag (not an emergency)',
    inputs: { ...BASE, redFlagsPresent: ['legacy_flag'] },
    expected: urgent(false, ['RF-1']),
  },
  {
    name: 'red flags cleared by the doctor -> triage continues to physio-led',
    inputs: { ...BASE, redFlagsPresent: ['fever'], redFlagsCleared: true },
    expected: decided('physio_led', 'low', PHYSIO_LED_LOW_BACK, [
      'RF-3',
      'RISK-4',
      ...PHYSIO_LED_TAIL,
    ]),
  },
  {
    name: 'emergency flag cleared, STarT high -> multidisciplinary, no emergency',
    inputs: {
      ...BASE,
      redFlagsPresent: ['saddle_anaesthesia'],
      redFlagsCleared: true,
      startBackStratum: 'high',
    },
    expected: decided('multidisciplinary', 'high', MULTIDISCIPLINARY_LOW_BACK, [
      'RF-3',
      'RISK-1',
      'MD-2',
      ...MD_TAIL,
    ]),
  },
  {
    name: 'cleared flags with the screen flag unset: the present flags prove a screen',
    inputs: {
      ...BASE,
      redFlagsPresent: ['fever'],
      redFlagsCleared: true,
      redFlagScreenDone: false,
    },
    expected: decided('physio_led', 'low', PHYSIO_LED_LOW_BACK, [
      'RF-3',
      'RISK-4',
      ...PHYSIO_LED_TAIL,
    ]),
  },
  {
    name: 'clearance without flags present changes nothing (RF-3 does not fire)',
    inputs: { ...BASE, redFlagsCleared: true },
    expected: decided('physio_led', 'low', PHYSIO_LED_LOW_BACK, ['RISK-4', ...PHYSIO_LED_TAIL]),
  },
  // Missing inputs.
  {
    name: 'nothing recorded -> undetermined, every input missing',
    inputs: NOTHING,
    expected: undetermined(
      null,
      [],
      ['redFlagScreen', 'complaint', 'riskScreen', 'rehabilitationPotential'],
    ),
  },
  {
    name: 'no red-flag screen, otherwise physio-led -> undetermined, only the screen missing',
    inputs: { ...BASE, redFlagScreenDone: false },
    expected: undetermined('low', ['RISK-4'], ['redFlagScreen']),
  },
  {
    name: 'no red-flag screen on a specific complaint -> undetermined (a flag would override)',
    inputs: { ...BASE, specificity: 'specific', redFlagScreenDone: false },
    expected: undetermined('low', ['RISK-4'], ['redFlagScreen']),
  },
  {
    name: 'no red-flag screen, no complaint, high risk -> only the screen is still needed',
    inputs: { ...NOTHING, ompsqTotal: 80 },
    expected: undetermined('high', ['RISK-2'], ['redFlagScreen']),
  },
  {
    name: 'no red-flag screen, aspecific, no risk screen -> screen and risk screen missing',
    inputs: { ...BASE, redFlagScreenDone: false, startBackStratum: null, ompsqTotal: null },
    expected: undetermined(null, [], ['redFlagScreen', 'riskScreen']),
  },
  {
    name: 'no risk instruments taken -> undetermined, risk screen missing',
    inputs: { ...BASE, startBackStratum: null, ompsqTotal: null },
    expected: undetermined(null, [], ['riskScreen']),
  },
  {
    name: 'no rehabilitation potential -> undetermined, potential missing',
    inputs: { ...BASE, rehabilitationPotential: null },
    expected: undetermined('low', ['RISK-4'], ['rehabilitationPotential']),
  },
  {
    name: 'STarT medium, no potential -> undetermined with medium risk',
    inputs: { ...BASE, startBackStratum: 'medium', rehabilitationPotential: null },
    expected: undetermined('medium', ['RISK-3'], ['rehabilitationPotential']),
  },
  {
    name: 'no complaint recorded, low risk, good potential -> undetermined, complaint missing',
    inputs: { ...BASE, regions: [], specificity: null },
    expected: undetermined('low', ['RISK-4'], ['complaint']),
  },
  {
    name: 'regions without specificity is no complaint yet',
    inputs: { ...BASE, regions: ['neck'], specificity: null },
    expected: undetermined('low', ['RISK-4'], ['complaint']),
  },
  {
    name: 'specificity without regions is no complaint yet either',
    inputs: { ...BASE, regions: [], specificity: 'specific' },
    expected: undetermined('low', ['RISK-4'], ['complaint']),
  },
  // Several regions: the weakest grade across them.
  {
    name: 'neck and low back, aspecific, low risk -> physio-led with the neck (weaker) grades',
    inputs: { ...BASE, regions: ['low_back', 'neck'] },
    expected: decided('physio_led', 'low', PHYSIO_LED_NECK, ['RISK-4', ...PHYSIO_LED_TAIL]),
  },
  {
    name: 'upper and low back, STarT high -> multidisciplinary with the upper-back grades',
    inputs: { ...BASE, regions: ['upper_back', 'low_back'], startBackStratum: 'high' },
    expected: decided('multidisciplinary', 'high', MULTIDISCIPLINARY_NECK, [
      'RISK-1',
      'MD-2',
      ...MD_TAIL,
    ]),
  },
  {
    name: 'a region listed twice counts once',
    inputs: { ...BASE, regions: ['low_back', 'low_back'] },
    expected: decided('physio_led', 'low', PHYSIO_LED_LOW_BACK, ['RISK-4', ...PHYSIO_LED_TAIL]),
  },
];

describe('recommendPathway: triage cases', () => {
  it('has a table of at least 24 cases with distinct names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(24);
    expect(new Set(CASES.map((triage) => triage.name)).size).toBe(CASES.length);
  });

  it.each(CASES)('$name', ({ inputs, expected }) => {
    expect(recommendPathway(inputs)).toEqual(expected);
  });
});

describe('recommendPathway: grades by region', () => {
  const gradeOf = (regions: BodyRegion[], code: string): EvidenceGrade | undefined =>
    recommendPathway({ ...BASE, regions }).components.find((component) => component.code === code)
      ?.grade;

  it('return-to-work programme: strongest for the low back, moderate for the neck', () => {
    expect(gradeOf(['low_back'], 'return_to_work_programme')).toBe('strongest');
    expect(gradeOf(['neck'], 'return_to_work_programme')).toBe('moderate');
  });

  it('workplace intervention: moderate for the low back, weak for the neck', () => {
    expect(gradeOf(['low_back'], 'workplace_intervention')).toBe('moderate');
    expect(gradeOf(['neck'], 'workplace_intervention')).toBe('weak');
  });
});

describe('recommendPathway: determinism', () => {
  it('the same inputs twice give deep-equal recommendations', () => {
    for (const triage of CASES) {
      expect(recommendPathway(triage.inputs)).toEqual(recommendPathway(triage.inputs));
    }
  });

  it('the order and repetition of red flags and regions do not matter', () => {
    const flags = ['night_pain', 'fever', 'saddle_anaesthesia', 'legacy_b', 'legacy_a'];
    const reference = recommendPathway({
      ...BASE,
      regions: ['neck', 'low_back'],
      redFlagsPresent: flags,
    });
    expect(reference).toEqual(urgent(true, ['RF-1', 'RF-2']));
    const shuffled = [
      ['legacy_a', 'saddle_anaesthesia', 'fever', 'legacy_b', 'night_pain'],
      [...flags].reverse(),
      [...flags, ...flags],
    ];
    for (const redFlagsPresent of shuffled) {
      expect(
        recommendPathway({ ...BASE, regions: ['low_back', 'neck', 'low_back'], redFlagsPresent }),
      ).toEqual(reference);
    }
    const cleared = recommendPathway({ ...BASE, redFlagsPresent: flags, redFlagsCleared: true });
    expect(
      recommendPathway({ ...BASE, redFlagsPresent: [...flags].reverse(), redFlagsCleared: true }),
    ).toEqual(cleared);
    expect(cleared.firedRules).toEqual(['RF-3', 'RISK-4', ...PHYSIO_LED_TAIL]);
  });

  it('does not change its inputs, and returns fresh arrays', () => {
    const inputs: TriageInputs = {
      ...BASE,
      regions: ['neck', 'low_back'],
      redFlagsPresent: ['fever', 'dizziness'],
      redFlagsCleared: true,
    };
    const copy = structuredClone(inputs);
    const first = recommendPathway(inputs);
    expect(inputs).toEqual(copy);
    first.components.pop();
    first.firedRules.push('MD-1');
    expect(recommendPathway(inputs)).toEqual(
      decided('physio_led', 'low', PHYSIO_LED_NECK, ['RF-3', 'RISK-4', ...PHYSIO_LED_TAIL]),
    );
  });
});

describe('recommendPathway: invariants over every combination of inputs', () => {
  const regionSets: BodyRegion[][] = [[], ['low_back'], ['neck'], ['shoulder', 'upper_back']];
  const all: { inputs: TriageInputs; result: PathwayRecommendation }[] = [];
  for (const regions of regionSets)
    for (const specificity of [null, 'specific', 'aspecific'] as const)
      for (const redFlagsPresent of [[], ['fever'], ['saddle_anaesthesia', 'fever']])
        for (const redFlagsCleared of [false, true])
          for (const redFlagScreenDone of [false, true])
            for (const startBackStratum of [null, 'low', 'medium', 'high'] as const)
              for (const ompsqTotal of [null, 49, 50])
                for (const rehabilitationPotential of [null, 'good', 'moderate', 'low'] as const) {
                  const inputs: TriageInputs = {
                    regions,
                    specificity,
                    redFlagsPresent,
                    redFlagsCleared,
                    redFlagScreenDone,
                    startBackStratum,
                    ompsqTotal,
                    rehabilitationPotential,
                  };
                  all.push({ inputs, result: recommendPathway(inputs) });
                }

  it('covers 6912 combinations', () => {
    expect(all).toHaveLength(6912);
  });

  it('urgent referral exactly when a red flag is present and not cleared; never components', () => {
    for (const { inputs, result } of all) {
      const urgentExpected = inputs.redFlagsPresent.length > 0 && !inputs.redFlagsCleared;
      expect(result.pathway === 'urgent_referral').toBe(urgentExpected);
      expect(result.emergency).toBe(
        urgentExpected && inputs.redFlagsPresent.includes('saddle_anaesthesia'),
      );
      if (urgentExpected) expect(result.components).toEqual([]);
    }
  });

  it('physio-led only for aspecific complaints with potential and low or medium risk', () => {
    for (const { inputs, result } of all) {
      if (result.pathway !== 'physio_led') continue;
      expect(inputs.specificity).toBe('aspecific');
      expect(inputs.regions.length).toBeGreaterThan(0);
      expect(['good', 'moderate']).toContain(inputs.rehabilitationPotential);
      expect(['low', 'medium']).toContain(result.chronicityRisk);
      expect(inputs.redFlagsPresent.length === 0 || inputs.redFlagsCleared).toBe(true);
    }
  });

  it('missing inputs exactly when undetermined; components exactly when a care pathway', () => {
    for (const { result } of all) {
      const care = result.pathway === 'physio_led' || result.pathway === 'multidisciplinary';
      expect(result.missingInputs.length > 0).toBe(result.pathway === 'undetermined');
      expect(result.components.length > 0).toBe(care);
    }
  });

  it('every care pathway holds an active and an advice component (the plan checks pass)', () => {
    for (const { result } of all) {
      if (result.components.length === 0) continue;
      const kinds = result.components.map((component) => COMPONENTS[component.code].kind);
      expect(kinds).toContain('active');
      expect(kinds).toContain('education');
      expect(kinds).not.toContain('passive');
      const codes = result.components.map((component) => component.code);
      expect(codes).toContain('return_to_work_programme');
      expect(codes.includes('surgical_consult')).toBe(
        result.pathway === 'multidisciplinary' && result.firedRules.includes('MD-1'),
      );
      if (result.pathway === 'multidisciplinary') expect(codes).toContain('psychological_therapy');
    }
  });

  it('lists rules, components and missing inputs once each, in table and catalogue order', () => {
    const inOrder = (values: readonly string[], order: readonly string[]): void => {
      const ranks = values.map((value) => order.indexOf(value));
      expect(ranks.every((rank) => rank >= 0)).toBe(true);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(new Set(values).size).toBe(values.length);
    };
    for (const { result } of all) {
      inOrder(result.firedRules, PATHWAY_RULE_IDS);
      inOrder(
        result.components.map((component) => component.code),
        COMPONENT_CODES,
      );
      inOrder(result.missingInputs, TRIAGE_INPUTS);
      for (const component of result.components) {
        expect(result.firedRules).toContain(component.ruleId);
      }
    }
  });

  it('no pathway rule is reported while the pathway is undetermined', () => {
    for (const { result } of all) {
      if (result.pathway !== 'undetermined') continue;
      for (const id of result.firedRules) expect(id).toMatch(/^(RF|RISK)-/);
    }
  });
});

describe('PATHWAY_RULES', () => {
  it('lists every rule id once, in evaluation order, phase by phase', () => {
    expect(PATHWAY_RULES.map((rule) => rule.id)).toEqual([...PATHWAY_RULE_IDS]);
    expect([...PATHWAY_RULE_IDS]).toEqual([
      'RF-1',
      'RF-2',
      'RF-3',
      'RISK-1',
      'RISK-2',
      'RISK-3',
      'RISK-4',
      'MD-1',
      'MD-2',
      'MD-3',
      'PL-1',
      'MD-4',
      'MD-5',
      'PL-2',
      'RTW-1',
      'ALWAYS-1',
    ]);
    const phases = PATHWAY_RULES.map((rule) => rule.phase);
    const order = ['red_flags', 'risk', 'pathway', 'components'];
    expect(phases.map((phase) => order.indexOf(phase))).toEqual(
      phases.map((phase) => order.indexOf(phase)).sort((a, b) => a - b),
    );
    for (const rule of PATHWAY_RULES) {
      expect(rule.summary.length).toBeGreaterThan(0);
      expect(rule.source.length).toBeGreaterThan(0);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(PATHWAY_RULES)).toBe(true);
    expect(Object.isFrozen(PATHWAY_RULES[0])).toBe(true);
    expect(Object.isFrozen(PATHWAY_RULES[0].then)).toBe(true);
    expect(() => {
      (PATHWAY_RULES[0] as { id: string }).id = 'X';
    }).toThrow(TypeError);
  });

  it('only component rules add components, and only catalogue components', () => {
    for (const rule of PATHWAY_RULES) {
      const components = rule.then.components ?? [];
      if (rule.phase !== 'components') expect(components).toEqual([]);
      for (const code of components) expect(COMPONENT_CODES).toContain(code);
    }
  });
});

describe('recommendPathway: inputs outside their domain are programming errors', () => {
  it.each<[string, Partial<TriageInputs>]>([
    ['an unknown region', { regions: ['knee' as BodyRegion] }],
    ['an unknown specificity', { specificity: 'vague' as 'specific' }],
    ['an unknown STarT Back stratum', { startBackStratum: 'severe' as 'high' }],
    ['an unknown potential', { rehabilitationPotential: 'great' as 'good' }],
    ['an OMPSQ total of 0', { ompsqTotal: 0 }],
    ['an OMPSQ total of 101', { ompsqTotal: 101 }],
    ['a fractional OMPSQ total', { ompsqTotal: 49.5 }],
    ['a NaN OMPSQ total', { ompsqTotal: Number.NaN }],
    ['red flags that are not a list', { redFlagsPresent: 'fever' as unknown as string[] }],
  ])('throws RangeError for %s', (_name, change) => {
    expect(() => recommendPathway({ ...BASE, ...change })).toThrow(RangeError);
  });

  it('accepts the OMPSQ bounds 1 and 100', () => {
    expect(recommendPathway({ ...BASE, ompsqTotal: 1 }).chronicityRisk).toBe('low');
    expect(recommendPathway({ ...BASE, ompsqTotal: 100 }).chronicityRisk).toBe('high');
  });
});
