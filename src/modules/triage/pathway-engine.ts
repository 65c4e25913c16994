/**
 * The triage pathway rules of the source article (docs/domain.md section 4), as a table:
 *
 * 1. red flags present -> urgent (medical) referral, no physio-led pathway until cleared;
 * 2. specific complaint, high chronicity risk or low rehabilitation potential -> multidisciplinary;
 * 3. aspecific with rehabilitation potential and low-to-moderate risk -> physio-led (first choice);
 * 4. always: (adapted) movement with advice.
 *
 * Pure and deterministic (type imports and sibling pure modules only): no I/O, no clock, no Nest.
 * The same inputs give a deep-equal recommendation whatever order lists arrive in, so a stored
 * recommendation can be re-derived and explained later by the ids of the rules that fired.
 */
import type { BodyRegion } from '../episodes/entities/complaint.entity.js';
import {
  type ComponentCode,
  COMPONENT_CODES,
  type EvidenceGrade,
  evidenceGrade,
} from './evidence.js';
import { isEmergencyRedFlag, RED_FLAG_CODES } from './red-flags.js';

export type Pathway = 'urgent_referral' | 'multidisciplinary' | 'physio_led' | 'undetermined';
export type ChronicityRisk = 'low' | 'medium' | 'high';
export type RehabilitationPotential = 'good' | 'moderate' | 'low';
export type StartBackStratum = 'low' | 'medium' | 'high';

export interface TriageInputs {
  /** Regions of the complaint; empty when no complaint is recorded yet. */
  regions: readonly BodyRegion[];
  specificity: 'specific' | 'aspecific' | null;
  /** Red flag codes present in the latest screen. */
  redFlagsPresent: readonly string[];
  /** The occupational doctor cleared the red flags present. */
  redFlagsCleared: boolean;
  redFlagScreenDone: boolean;
  /** Stratum of the latest STarT Back. */
  startBackStratum: StartBackStratum | null;
  /** Total of the latest OMPSQ-10 (1-100; 50 or more is high risk). */
  ompsqTotal: number | null;
  rehabilitationPotential: RehabilitationPotential | null;
}

/** Inputs a pathway can wait for, in the order they are reported. */
export const TRIAGE_INPUTS = [
  'redFlagScreen',
  'complaint',
  'riskScreen',
  'rehabilitationPotential',
] as const;
export type TriageInput = (typeof TRIAGE_INPUTS)[number];

export interface RecommendedComponent {
  code: ComponentCode;
  /** Evidence grade for the complaint's regions (evidence.ts: the weakest across them). */
  grade: EvidenceGrade;
  /** The rule that added the component (the first one, when several would). */
  ruleId: PathwayRuleId;
}

export interface PathwayRecommendation {
  pathway: Pathway;
  /** From STarT Back and OMPSQ-10; null when neither was taken, or when red flags stop the triage. */
  chronicityRisk: ChronicityRisk | null;
  /** A red flag present and not cleared is an emergency (same-day emergency care). */
  emergency: boolean;
  /** In COMPONENT_CODES order, each once. Empty unless the pathway is multidisciplinary or physio-led. */
  components: RecommendedComponent[];
  /** Ids of every rule that fired, in evaluation (table) order. */
  firedRules: PathwayRuleId[];
  /**
   * Inputs not yet recorded whose value could still decide the pathway, in TRIAGE_INPUTS order.
   * Empty whenever the pathway is decided: no missing input can change a decided pathway.
   */
  missingInputs: TriageInput[];
}

export const PATHWAY_RULE_IDS = [
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
] as const;
export type PathwayRuleId = (typeof PATHWAY_RULE_IDS)[number];

/**
 * Rules run phase by phase: `red_flags` (an uncleared red flag ends the triage), `risk`
 * (chronicity risk from the instruments), `pathway` (which pathway), `components` (what it holds).
 */
export type RulePhase = 'red_flags' | 'risk' | 'pathway' | 'components';

/** The inputs as the rules see them: normalised, deduplicated, in canonical order. */
export interface TriageFacts {
  readonly regions: readonly BodyRegion[];
  /** A complaint is recorded: at least one region and its specificity. */
  readonly complaintRecorded: boolean;
  readonly specificity: 'specific' | 'aspecific' | null;
  readonly redFlags: readonly string[];
  readonly emergencyRedFlag: boolean;
  readonly redFlagsCleared: boolean;
  readonly startBackStratum: StartBackStratum | null;
  readonly ompsqTotal: number | null;
  readonly rehabilitationPotential: RehabilitationPotential | null;
}

/** What the rules decided so far; a rule's condition may read it. */
export interface TriageState {
  readonly pathway: Pathway | null;
  readonly chronicityRisk: ChronicityRisk | null;
}

export interface PathwayRule {
  readonly id: PathwayRuleId;
  readonly phase: RulePhase;
  /** What the rule says, for people (API listings, rationale). */
  readonly summary: string;
  readonly source: string;
  readonly when: (facts: TriageFacts, state: TriageState) => boolean;
  readonly then: {
    readonly pathway?: Pathway;
    readonly chronicityRisk?: ChronicityRisk;
    readonly emergency?: true;
    readonly components?: readonly ComponentCode[];
  };
}

/** OMPSQ-10 total from which the risk of long-term disability is high (Linton 2011). */
export const OMPSQ_HIGH_RISK_TOTAL = 50;

const ARTICLE = 'source article (domain.md section 4)';
const ompsqHigh = (facts: TriageFacts): boolean =>
  facts.ompsqTotal !== null && facts.ompsqTotal >= OMPSQ_HIGH_RISK_TOTAL;
const nonUrgentPathway = (state: TriageState): boolean =>
  state.pathway === 'multidisciplinary' || state.pathway === 'physio_led';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The rule table, in evaluation order. Ids are stable: stored recommendations refer to them, so a
 * changed rule gets a new id rather than a new meaning.
 */
export const PATHWAY_RULES: readonly PathwayRule[] = deepFreeze([
  {
    id: 'RF-1',
    phase: 'red_flags',
    summary: 'red flag present and not cleared -> urgent referral; no other pathway until cleared',
    source: `${ARTICLE}, rule 1`,
    when: (facts) => facts.redFlags.length > 0 && !facts.redFlagsCleared,
    // No components: advice to stay active and exercise presume serious pathology is excluded,
    // and that is exactly what is still open (a fracture or cauda equina must not be "activated").
    then: { pathway: 'urgent_referral' },
  },
  {
    id: 'RF-2',
    phase: 'red_flags',
    summary: 'emergency red flag (cauda equina, myelopathy, artery dissection) -> emergency',
    source: 'domain.md section 6 (red flags)',
    when: (facts) => facts.emergencyRedFlag && !facts.redFlagsCleared,
    then: { emergency: true },
  },
  {
    id: 'RF-3',
    phase: 'red_flags',
    summary: 'red flags cleared by the occupational doctor -> triage continues',
    source: `${ARTICLE}, rule 1 ("until cleared")`,
    when: (facts) => facts.redFlags.length > 0 && facts.redFlagsCleared,
    then: {},
  },
  {
    id: 'RISK-1',
    phase: 'risk',
    summary: 'STarT Back high -> high chronicity risk',
    source: 'Hill 2008',
    when: (facts) => facts.startBackStratum === 'high',
    then: { chronicityRisk: 'high' },
  },
  {
    id: 'RISK-2',
    phase: 'risk',
    summary: 'OMPSQ-10 total >= 50 -> high chronicity risk',
    source: 'Linton 2011',
    when: (facts) => ompsqHigh(facts),
    then: { chronicityRisk: 'high' },
  },
  {
    id: 'RISK-3',
    phase: 'risk',
    summary: 'STarT Back medium (and OMPSQ-10 < 50 or not taken) -> medium chronicity risk',
    source: 'Hill 2008',
    when: (facts) => facts.startBackStratum === 'medium' && !ompsqHigh(facts),
    then: { chronicityRisk: 'medium' },
  },
  {
    id: 'RISK-4',
    phase: 'risk',
    summary: 'STarT Back low and/or OMPSQ-10 < 50, neither high nor medium -> low chronicity risk',
    source: 'Hill 2008; Linton 2011',
    when: (facts) =>
      (facts.startBackStratum === 'low' ||
        (facts.startBackStratum === null && facts.ompsqTotal !== null)) &&
      !ompsqHigh(facts),
    then: { chronicityRisk: 'low' },
  },
  {
    id: 'MD-1',
    phase: 'pathway',
    summary: 'specific complaint -> multidisciplinary',
    source: `${ARTICLE}, rule 2`,
    when: (facts) => facts.complaintRecorded && facts.specificity === 'specific',
    then: { pathway: 'multidisciplinary' },
  },
  {
    id: 'MD-2',
    phase: 'pathway',
    summary: 'high chronicity risk -> multidisciplinary',
    source: `${ARTICLE}, rule 2`,
    when: (_facts, state) => state.chronicityRisk === 'high',
    then: { pathway: 'multidisciplinary' },
  },
  {
    id: 'MD-3',
    phase: 'pathway',
    summary: 'low rehabilitation potential -> multidisciplinary',
    source: `${ARTICLE}, rule 2`,
    when: (facts) => facts.rehabilitationPotential === 'low',
    then: { pathway: 'multidisciplinary' },
  },
  {
    id: 'PL-1',
    phase: 'pathway',
    summary:
      'aspecific complaint, good or moderate rehabilitation potential, low or medium risk -> physio-led',
    source: `${ARTICLE}, rule 3`,
    when: (facts, state) =>
      facts.complaintRecorded &&
      facts.specificity === 'aspecific' &&
      (facts.rehabilitationPotential === 'good' || facts.rehabilitationPotential === 'moderate') &&
      (state.chronicityRisk === 'low' || state.chronicityRisk === 'medium'),
    then: { pathway: 'physio_led' },
  },
  {
    id: 'MD-4',
    phase: 'components',
    summary: 'multidisciplinary -> psychological therapy and multidisciplinary treatment',
    source: `${ARTICLE}, rule 2`,
    when: (_facts, state) => state.pathway === 'multidisciplinary',
    then: { components: ['psychological_therapy', 'multidisciplinary_treatment'] },
  },
  {
    id: 'MD-5',
    phase: 'components',
    summary: 'multidisciplinary and specific complaint -> surgical consult where indicated',
    source: `${ARTICLE}, rule 2`,
    when: (facts, state) =>
      state.pathway === 'multidisciplinary' &&
      facts.complaintRecorded &&
      facts.specificity === 'specific',
    then: { components: ['surgical_consult'] },
  },
  {
    id: 'PL-2',
    phase: 'components',
    summary: 'physio-led -> graded activity (time-contingent activation)',
    source: `${ARTICLE}, rule 3; Lindström 1992, Staal 2004, Lambeek 2007`,
    when: (_facts, state) => state.pathway === 'physio_led',
    then: { components: ['graded_activity'] },
  },
  {
    id: 'RTW-1',
    phase: 'components',
    summary: 'work-related episode -> return-to-work programme with workplace intervention',
    source: 'Corp 2021 (17 European guidelines)',
    when: (_facts, state) => nonUrgentPathway(state),
    then: { components: ['return_to_work_programme', 'workplace_intervention'] },
  },
  {
    id: 'ALWAYS-1',
    phase: 'components',
    // Exercise therapy is the "movement": without it every recommended plan would fail the plan
    // check "no active component".
    summary: '(adapted) movement with advice -> stay-active advice, exercise therapy, education',
    source: `${ARTICLE}, rule 4; Foster 2018`,
    when: (_facts, state) => nonUrgentPathway(state),
    then: { components: ['stay_active_advice', 'exercise_therapy', 'advice_education'] },
  },
] satisfies PathwayRule[]);

const RED_FLAG_ORDER: readonly string[] = RED_FLAG_CODES;
const REGION_ORDER: readonly BodyRegion[] = ['neck', 'shoulder', 'upper_back', 'low_back'];
const SPECIFICITIES = ['specific', 'aspecific'] as const;
const STRATA = ['low', 'medium', 'high'] as const;
const POTENTIALS = ['good', 'moderate', 'low'] as const;

/**
 * Recommends a pathway and its components for the inputs, and says which rules fired.
 *
 * - An uncleared red flag ends the triage at `urgent_referral` (RF-1), without components and
 *   without a risk estimate: nothing else may be started until the doctor has cleared it.
 * - Until the red-flag screen is done the pathway is `undetermined`: whatever else is known, a red
 *   flag would override it. The chronicity risk is still reported.
 * - Otherwise a pathway rule decides as soon as the inputs it reads are known (a specific complaint
 *   is multidisciplinary whatever the risk screen says); when none can, `undetermined` with the
 *   missing inputs.
 *
 * Red flag codes outside the catalogue still count as red flags (a flag from an older catalogue
 * is not a reason to skip a referral). Inputs come from stored, validated data: a value outside
 * its domain is a programming error and throws RangeError.
 */
export function recommendPathway(inputs: TriageInputs): PathwayRecommendation {
  const facts = toFacts(inputs);
  const screenDone = inputs.redFlagScreenDone || facts.redFlags.length > 0;
  let pathway: Pathway | null = null;
  let chronicityRisk: ChronicityRisk | null = null;
  let emergency = false;
  const fired: PathwayRuleId[] = [];
  const components = new Map<ComponentCode, PathwayRuleId>();

  for (const phase of ['red_flags', 'risk', 'pathway', 'components'] as const) {
    for (const rule of PATHWAY_RULES) {
      if (rule.phase !== phase || !rule.when(facts, { pathway, chronicityRisk })) continue;
      fired.push(rule.id);
      pathway = rule.then.pathway ?? pathway;
      chronicityRisk = rule.then.chronicityRisk ?? chronicityRisk;
      emergency ||= rule.then.emergency === true;
      for (const code of rule.then.components ?? []) {
        if (!components.has(code)) components.set(code, rule.id);
      }
    }

    if (phase === 'red_flags' && pathway === 'urgent_referral') {
      return {
        pathway,
        chronicityRisk: null,
        emergency,
        components: [],
        firedRules: fired,
        missingInputs: [],
      };
    }
    if (phase === 'pathway' && (!screenDone || pathway === null)) {
      // Undetermined: the pathway rules that fired decide nothing yet, so they are not reported.
      const missing: TriageInput[] = [];
      if (!screenDone) missing.push('redFlagScreen');
      if (pathway === null) {
        if (!facts.complaintRecorded) missing.push('complaint');
        if (chronicityRisk === null) missing.push('riskScreen');
        if (facts.rehabilitationPotential === null) missing.push('rehabilitationPotential');
      }
      return {
        pathway: 'undetermined',
        chronicityRisk,
        emergency: false,
        components: [],
        firedRules: fired.filter((id) => ruleById(id).phase !== 'pathway'),
        missingInputs: missing,
      };
    }
  }

  return {
    pathway: pathway ?? 'undetermined',
    chronicityRisk,
    emergency,
    components: COMPONENT_CODES.filter((code) => components.has(code)).map((code) => ({
      code,
      grade: evidenceGrade(code, facts.regions),
      ruleId: components.get(code) as PathwayRuleId,
    })),
    firedRules: fired,
    missingInputs: [],
  };
}

function ruleById(id: PathwayRuleId): PathwayRule {
  return PATHWAY_RULES.find((rule) => rule.id === id) as PathwayRule;
}

function toFacts(inputs: TriageInputs): TriageFacts {
  const regions = [...new Set(inputs.regions)];
  for (const region of regions) {
    if (!REGION_ORDER.includes(region)) throw new RangeError('regions holds an unknown region');
  }
  checkOneOf('specificity', inputs.specificity, SPECIFICITIES);
  checkOneOf('startBackStratum', inputs.startBackStratum, STRATA);
  checkOneOf('rehabilitationPotential', inputs.rehabilitationPotential, POTENTIALS);
  const ompsq = inputs.ompsqTotal;
  if (ompsq !== null && (!Number.isInteger(ompsq) || ompsq < 1 || ompsq > 100)) {
    throw new RangeError('ompsqTotal must be a whole number from 1 to 100');
  }
  if (!Array.isArray(inputs.redFlagsPresent)) {
    throw new RangeError('redFlagsPresent must be a list of red flag codes');
  }
  // Catalogue order first, then codes outside the catalogue alphabetically: order-independent.
  const redFlags = [...new Set(inputs.redFlagsPresent)].sort(
    (a, b) => flagRank(a) - flagRank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const orderedRegions = REGION_ORDER.filter((region) => regions.includes(region));
  return {
    regions: orderedRegions,
    complaintRecorded: orderedRegions.length > 0 && inputs.specificity !== null,
    specificity: inputs.specificity,
    redFlags,
    emergencyRedFlag: redFlags.some((code) => isEmergencyRedFlag(code)),
    redFlagsCleared: inputs.redFlagsCleared === true,
    startBackStratum: inputs.startBackStratum,
    ompsqTotal: ompsq,
    rehabilitationPotential: inputs.rehabilitationPotential,
  };
}

function flagRank(code: string): number {
  const rank = RED_FLAG_ORDER.indexOf(code);
  return rank === -1 ? RED_FLAG_ORDER.length : rank;
}

function checkOneOf(name: string, value: unknown, allowed: readonly string[]): void {
  if (value !== null && !(typeof value === 'string' && allowed.includes(value))) {
    throw new RangeError(`${name} must be null or one of ${allowed.join(', ')}`);
  }
}
