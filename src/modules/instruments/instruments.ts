/**
 * Screening and outcome instruments (docs/domain.md section 6), scored exactly as published.
 *
 * Pure and dependency-free (type imports only): no I/O, no clock, no Nest. The API, the worker,
 * checkpoint agendas, reports and the FHIR export all score through this one module, so a rule is
 * written once and tested exhaustively.
 *
 * Licences: STarT Back (Keele) and the ODI (Mapi) are copyrighted questionnaires. Only item codes,
 * answer ranges and scoring rules live here, never item wording.
 *
 * Answers are an object keyed by item code, e.g. `{ item_1: 1, item_9: 'very_much' }`. User input is
 * never thrown on: it yields field-keyed errors (`answers.item_3`) whose messages never repeat the
 * submitted value (answers are clinical data).
 */
import type { FieldError } from '../../common/errors/domain-error.js';
import type { BodyRegion } from '../episodes/entities/complaint.entity.js';

export const INSTRUMENT_CODES = [
  'start_back',
  'ompsq_10',
  'odi',
  'ndi',
  'nrs_pain',
  'psfs',
  'work_ability',
] as const;
export type InstrumentCode = (typeof INSTRUMENT_CODES)[number];

/** An item answered with a whole number in `[min, max]`. */
export interface IntegerItem {
  readonly code: string;
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
  /** Scored as `min + max - answer` (OMPSQ-10: 10 - x), because a high answer means low risk. */
  readonly reversed: boolean;
  /**
   * ODI v2.1a: when several statements of a section are ticked, the highest counts. Such an item
   * also accepts a non-empty array of ticks, which validation reduces to its highest.
   */
  readonly multiTick?: 'highest';
}

/** An item answered with one of a fixed set of codes, each with its score. */
export interface ChoiceItem {
  readonly code: string;
  readonly kind: 'choice';
  readonly options: readonly { readonly value: string; readonly score: number }[];
}

export type ItemSpec = IntegerItem | ChoiceItem;

export interface InstrumentDefinition {
  readonly code: InstrumentCode;
  readonly name: string;
  /** Version of the published instrument whose scoring rules this entry implements. */
  readonly version: string;
  readonly source: string;
  /** Body regions the instrument is validated for. */
  readonly regions: readonly BodyRegion[];
  readonly items: readonly ItemSpec[];
  /**
   * How many items must be answered for the answers to be stored. When it equals the number of
   * items, each missing item is reported as required; otherwise the count is reported on `answers`.
   * ODI and NDI accept gaps (their scoring decides whether enough was answered).
   */
  readonly minAnswered: number;
}

const ALL_REGIONS: readonly BodyRegion[] = ['neck', 'shoulder', 'upper_back', 'low_back'];

const integerItem = (code: string, min: number, max: number, reversed = false): IntegerItem => ({
  code,
  kind: 'integer',
  min,
  max,
  reversed,
});

const numbered = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

/** STarT Back item 9 (bothersomeness): only the top two of the five answers score. */
export const START_BACK_BOTHERSOMENESS = [
  'not_at_all',
  'slightly',
  'moderately',
  'very_much',
  'extremely',
] as const;
export type StartBackBothersomeness = (typeof START_BACK_BOTHERSOMENESS)[number];

/** STarT Back psychosocial subscale: items 5-9 (Hill 2008). */
export const START_BACK_PSYCHOSOCIAL_ITEMS = ['item_5', 'item_6', 'item_7', 'item_8', 'item_9'];

/**
 * OMPSQ-10 item codes in the order of the published short form (Linton 2011: two items from each of
 * five factors: pain, function, distress, return-to-work expectancy, fear-avoidance).
 */
export const OMPSQ_10_ITEMS = [
  'duration',
  'pain_level',
  'light_work_hour',
  'sleep',
  'tense_anxious',
  'depressed',
  'pain_persist_risk',
  'work_chance',
  'stop_activities',
  'no_normal_work',
] as const;
/** The three OMPSQ-10 items scored 10 - x (docs/domain.md section 6.2). */
export const OMPSQ_10_REVERSED_ITEMS = ['light_work_hour', 'sleep', 'work_chance'] as const;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Every instrument the platform scores, keyed by code. Frozen: a scoring rule is not mutable. */
export const INSTRUMENTS: Readonly<Record<InstrumentCode, InstrumentDefinition>> = deepFreeze({
  /**
   * STarT Back Screening Tool (Hill 2008), low back. Items 1-8: disagree = 0, agree = 1. Item 9
   * (bothersomeness): 1 only for very much / extremely.
   */
  start_back: {
    code: 'start_back',
    name: 'STarT Back Screening Tool',
    version: '9-item (Hill 2008)',
    source: 'Hill JC et al. Arthritis Rheum 2008;59:632-41 (Keele University)',
    regions: ['low_back'],
    items: [
      ...numbered('item_', 8).map((code) => integerItem(code, 0, 1)),
      {
        code: 'item_9',
        kind: 'choice',
        options: START_BACK_BOTHERSOMENESS.map((value) => ({
          value,
          score: value === 'very_much' || value === 'extremely' ? 1 : 0,
        })),
      },
    ],
    minAnswered: 9,
  },
  /**
   * Örebro short form (Linton 2011), all regions. `duration` is the category 1-10 (0-1 week ... over
   * a year); the others are 0-10. `work_chance` is "3 months" (6 months in the Dutch version):
   * scored identically.
   */
  ompsq_10: {
    code: 'ompsq_10',
    name: 'Örebro Musculoskeletal Pain Screening Questionnaire, short form',
    version: 'OMPSQ-10 (Linton 2011)',
    source: 'Linton SJ, Nicholas M, MacDonald S. Spine 2011;36:1891-5',
    regions: ALL_REGIONS,
    items: OMPSQ_10_ITEMS.map((code) =>
      code === 'duration'
        ? integerItem(code, 1, 10)
        : integerItem(code, 0, 10, (OMPSQ_10_REVERSED_ITEMS as readonly string[]).includes(code)),
    ),
    minAnswered: 10,
  },
  /** Oswestry Disability Index v2.1a (Fairbank & Pynsent 2000; Mapi), low back. */
  odi: {
    code: 'odi',
    name: 'Oswestry Disability Index',
    version: '2.1a',
    source: 'Fairbank JCT, Pynsent PB. Spine 2000;25:2940-53 (Mapi Research Trust)',
    regions: ['low_back'],
    items: numbered('item_', 10).map((code) => ({
      ...integerItem(code, 0, 5),
      multiTick: 'highest',
    })),
    minAnswered: 1,
  },
  /** Neck Disability Index (Vernon & Mior 1991), neck. */
  ndi: {
    code: 'ndi',
    name: 'Neck Disability Index',
    version: 'Vernon & Mior 1991',
    source: 'Vernon H, Mior S. J Manipulative Physiol Ther 1991;14:409-15',
    regions: ['neck'],
    items: numbered('item_', 10).map((code) => integerItem(code, 0, 5)),
    minAnswered: 1,
  },
  /** Numeric pain rating scale, 0 (no pain) to 10. */
  nrs_pain: {
    code: 'nrs_pain',
    name: 'Numeric Rating Scale for pain',
    version: '11-point',
    source: 'NRS 0-10; MIC per Ostelo 2008 (Spine 2008;33:90-4)',
    regions: ALL_REGIONS,
    items: [integerItem('score', 0, 10)],
    minAnswered: 1,
  },
  /** Patient-Specific Functional Scale (Stratford 1995): 3-5 patient-chosen activities, 0-10. */
  psfs: {
    code: 'psfs',
    name: 'Patient-Specific Functional Scale',
    version: 'Stratford 1995',
    source: 'Stratford P et al. Physiother Can 1995;47:258-63',
    regions: ALL_REGIONS,
    items: numbered('activity_', 5).map((code) => integerItem(code, 0, 10)),
    minAnswered: 3,
  },
  /** Work Ability Score: the single first item of the Work Ability Index (Ilmarinen), 0-10. */
  work_ability: {
    code: 'work_ability',
    name: 'Work Ability Score',
    version: 'WAI item 1',
    source: 'Ilmarinen J. Work Ability Index, item 1; Ahlstrom L et al. SJWEH 2010;36:404-12',
    regions: ALL_REGIONS,
    items: [integerItem('score', 0, 10)],
    minAnswered: 1,
  },
} satisfies Record<InstrumentCode, InstrumentDefinition>);

export function isInstrumentCode(value: unknown): value is InstrumentCode {
  return typeof value === 'string' && (INSTRUMENT_CODES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/** Answers as stored: answered items only, in item order, multi-ticks reduced to one value. */
export type InstrumentAnswers = Readonly<Record<string, number | string>>;

export type AnswersValidation =
  { ok: true; answers: InstrumentAnswers } | { ok: false; errors: FieldError[] };

/** A PSFS activity beyond the fifth (`activity_6`...): reported as too many, not as unknown. */
const PSFS_SURPLUS_ACTIVITY_KEY = /^activity_(?:[6-9]|[1-9][0-9]+)$/;
const PSFS_MAX_ACTIVITIES = 5;

/**
 * Checks answers before they are stored and returns them normalised: `null` (or absent) means "not
 * answered"; unknown item codes, wrong types, non-integers, out-of-range values, missing required
 * items and a wrong number of PSFS activities are field-keyed errors (`answers.item_3`). An unknown
 * instrument is an error on `instrument`. Never throws on user input.
 */
export function validateAnswers(code: string, answers: unknown): AnswersValidation {
  if (!isInstrumentCode(code)) {
    return { ok: false, errors: [{ field: 'instrument', message: 'is not a known instrument' }] };
  }
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return {
      ok: false,
      errors: [{ field: 'answers', message: 'must be an object keyed by item code' }],
    };
  }
  const definition = INSTRUMENTS[code];
  const given = answers as Record<string, unknown>;
  const errors: FieldError[] = [];
  const normalised: Record<string, number | string> = {};
  const itemsByCode = new Map(definition.items.map((item) => [item.code, item]));
  const allRequired = definition.minAnswered === definition.items.length;

  for (const item of definition.items) {
    const field = `answers.${item.code}`;
    const value = Object.hasOwn(given, item.code) ? given[item.code] : undefined;
    if (value === undefined || value === null) {
      if (allRequired) errors.push({ field, message: 'is required' });
      continue;
    }
    const checked = checkAnswer(item, value, field);
    if ('error' in checked) errors.push(...checked.error);
    else normalised[item.code] = checked.value;
  }

  let surplusActivities = 0;
  for (const key of Object.keys(given)) {
    if (itemsByCode.has(key)) continue;
    if (code === 'psfs' && PSFS_SURPLUS_ACTIVITY_KEY.test(key)) {
      if (given[key] !== undefined && given[key] !== null) surplusActivities += 1;
      continue;
    }
    errors.push({ field: `answers.${key}`, message: `is not an item of ${code}` });
  }

  // Counted on what was given (valid or not), so a bad value is not also reported as missing.
  const answered = definition.items.filter(
    (item) => Object.hasOwn(given, item.code) && given[item.code] != null,
  ).length;
  if (code === 'psfs') {
    const total = answered + surplusActivities;
    if (total < definition.minAnswered || total > PSFS_MAX_ACTIVITIES) {
      errors.push({
        field: 'answers',
        message: `must rate ${definition.minAnswered} to ${PSFS_MAX_ACTIVITIES} activities (activity_1 to activity_${PSFS_MAX_ACTIVITIES})`,
      });
    }
  } else if (!allRequired && answered < definition.minAnswered) {
    errors.push({ field: 'answers', message: 'must answer at least one item' });
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers: normalised };
}

type Checked = { value: number | string } | { error: FieldError[] };

function checkAnswer(item: ItemSpec, value: unknown, field: string): Checked {
  if (item.kind === 'choice') {
    const allowed = item.options.map((option) => option.value);
    if (typeof value === 'string' && allowed.includes(value)) return { value };
    return { error: [{ field, message: `must be one of ${allowed.join(', ')}` }] };
  }
  if (item.multiTick === 'highest' && Array.isArray(value)) {
    const statements = item.max - item.min + 1;
    if (value.length === 0 || value.length > statements) {
      return { error: [{ field, message: `must tick 1 to ${statements} answers` }] };
    }
    const errors: FieldError[] = [];
    let highest = -Infinity;
    value.forEach((tick: unknown, index) => {
      const checked = checkInteger(item, tick, `${field}.${index}`);
      if ('error' in checked) errors.push(...checked.error);
      else highest = Math.max(highest, checked.value);
    });
    return errors.length > 0 ? { error: errors } : { value: highest };
  }
  return checkInteger(item, value, field);
}

function checkInteger(
  item: IntegerItem,
  value: unknown,
  field: string,
): { value: number } | { error: FieldError[] } {
  if (typeof value !== 'number') return { error: [{ field, message: 'must be a number' }] };
  if (!Number.isInteger(value)) return { error: [{ field, message: 'must be a whole number' }] };
  if (value < item.min || value > item.max) {
    return { error: [{ field, message: `must be from ${item.min} to ${item.max}` }] };
  }
  return { value };
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

export type StartBackStratum = 'low' | 'medium' | 'high';
export type OdiBand = 'minimal' | 'moderate' | 'severe' | 'crippled' | 'bed_bound';
export type NdiBand = 'none' | 'mild' | 'moderate' | 'severe' | 'complete';
export type WorkAbilityCategory = 'poor' | 'moderate' | 'good' | 'excellent';

export interface StartBackScore {
  instrument: 'start_back';
  scored: true;
  /** 0-9. */
  total: number;
  /** Items 5-9, 0-5. */
  psychosocial: number;
  stratum: StartBackStratum;
}
export interface Ompsq10Score {
  instrument: 'ompsq_10';
  scored: true;
  /** 1-100, reversed items included as 10 - x. */
  total: number;
  highRisk: boolean;
}
export interface OdiScore {
  instrument: 'odi';
  scored: true;
  /** Exact: sum / (5 x answered) x 100. Band and change are computed on this value. */
  percent: number;
  /** `percent` rounded half up to one decimal, for display only. */
  percentDisplay: number;
  band: OdiBand;
  answered: number;
}
export interface NdiScore {
  instrument: 'ndi';
  scored: true;
  /** On the 0-50 scale: the sum, or sum x 50/45 when one item is missing (= percent / 2). */
  raw: number;
  /** Exact: raw x 2, i.e. sum / (5 x answered) x 100. */
  percent: number;
  /** `percent` rounded half up to one decimal, for display only. */
  percentDisplay: number;
  /** From `raw` on the 0-50 scale. */
  band: NdiBand;
  answered: number;
}
export interface NrsPainScore {
  instrument: 'nrs_pain';
  scored: true;
  score: number;
}
export interface PsfsScore {
  instrument: 'psfs';
  scored: true;
  /** Exact mean of the rated activities (0-10). */
  mean: number;
  /** `mean` rounded half up to one decimal, for display only. */
  meanDisplay: number;
  activities: number;
}
export interface WorkAbilityScore {
  instrument: 'work_ability';
  scored: true;
  score: number;
  category: WorkAbilityCategory;
}

export type InstrumentScore =
  StartBackScore | Ompsq10Score | OdiScore | NdiScore | NrsPainScore | PsfsScore | WorkAbilityScore;

/** The answers did not pass `validateAnswers`. */
export interface InvalidAnswers<C extends InstrumentCode = InstrumentCode> {
  instrument: C;
  scored: false;
  reason: 'invalid_answers';
  errors: FieldError[];
}
/** Valid answers, but too few items answered for the published scoring (ODI < 8, NDI < 9). */
export interface TooManyMissing<C extends 'odi' | 'ndi' = 'odi' | 'ndi'> {
  instrument: C;
  scored: false;
  reason: 'too_many_missing';
  answered: number;
  minimumAnswered: number;
}

export type ScoreResult<C extends InstrumentCode = InstrumentCode> =
  | Extract<InstrumentScore, { instrument: C }>
  | InvalidAnswers<C>
  | (C extends 'odi' | 'ndi' ? TooManyMissing<C> : never);

/** ODI v2.1a: at least 8 of 10 sections answered, else no score. */
export const ODI_MIN_ANSWERED = 8;
/** NDI (Vernon & Mior 1991): one missing item is prorated (divide by 45); more is no score. */
export const NDI_MIN_ANSWERED = 9;

/**
 * Scores answers as published. Validates first (never throws on user input); a result with
 * `scored: false` says why. Exact values are kept for bands and change; `*Display` fields are
 * rounded to one decimal for people.
 */
export function scoreInstrument<C extends InstrumentCode>(
  code: C,
  answers: unknown,
): ScoreResult<C> {
  const validation = validateAnswers(code, answers);
  if (!validation.ok) {
    const invalid: InvalidAnswers = {
      instrument: code,
      scored: false,
      reason: 'invalid_answers',
      errors: validation.errors,
    };
    return invalid as ScoreResult<C>;
  }
  return scoreValid(code, validation.answers) as ScoreResult<C>;
}

function scoreValid(code: InstrumentCode, answers: InstrumentAnswers): ScoreResult {
  const definition = INSTRUMENTS[code];
  const scores = new Map<string, number>();
  for (const item of definition.items) {
    const answer = answers[item.code];
    if (answer !== undefined) scores.set(item.code, itemScore(item, answer));
  }
  const sum = [...scores.values()].reduce((total, score) => total + score, 0);
  const answered = scores.size;

  switch (code) {
    case 'start_back': {
      const psychosocial = START_BACK_PSYCHOSOCIAL_ITEMS.reduce(
        (total, item) => total + (scores.get(item) ?? 0),
        0,
      );
      return {
        instrument: code,
        scored: true,
        total: sum,
        psychosocial,
        stratum: startBackStratum(sum, psychosocial),
      };
    }
    case 'ompsq_10':
      // Linton 2011: a total of 50 or more identified most of those who went on to disability.
      return { instrument: code, scored: true, total: sum, highRisk: sum >= 50 };
    case 'odi': {
      if (answered < ODI_MIN_ANSWERED) {
        return tooManyMissing(code, answered, ODI_MIN_ANSWERED);
      }
      // Multiply before dividing so that exact values (20, 40...) stay exact in floating point.
      const percent = (sum * 100) / (5 * answered);
      return {
        instrument: code,
        scored: true,
        percent,
        percentDisplay: roundOneDecimal(percent),
        band: odiBand(percent),
        answered,
      };
    }
    case 'ndi': {
      if (answered < NDI_MIN_ANSWERED) {
        return tooManyMissing(code, answered, NDI_MIN_ANSWERED);
      }
      const percent = (sum * 100) / (5 * answered);
      const raw = (sum * 50) / (5 * answered);
      return {
        instrument: code,
        scored: true,
        raw,
        percent,
        percentDisplay: roundOneDecimal(percent),
        band: ndiBand(raw),
        answered,
      };
    }
    case 'nrs_pain':
      return { instrument: code, scored: true, score: sum };
    case 'psfs': {
      const mean = sum / answered;
      return {
        instrument: code,
        scored: true,
        mean,
        meanDisplay: roundOneDecimal(mean),
        activities: answered,
      };
    }
    case 'work_ability':
      return { instrument: code, scored: true, score: sum, category: workAbilityCategory(sum) };
  }
}

function itemScore(item: ItemSpec, answer: number | string): number {
  if (item.kind === 'choice') {
    return item.options.find((option) => option.value === answer)?.score ?? 0;
  }
  const value = answer as number;
  return item.reversed ? item.min + item.max - value : value;
}

function tooManyMissing<C extends 'odi' | 'ndi'>(
  instrument: C,
  answered: number,
  minimumAnswered: number,
): TooManyMissing<C> {
  return { instrument, scored: false, reason: 'too_many_missing', answered, minimumAnswered };
}

/** Half up to one decimal. Display only: bands and change always use the exact value. */
function roundOneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * STarT Back (Hill 2008): total <= 3 is low whatever the subscale; otherwise a psychosocial
 * subscale of 4 or 5 is high, and 0-3 medium.
 */
export function startBackStratum(total: number, psychosocial: number): StartBackStratum {
  if (total <= 3) return 'low';
  return psychosocial >= 4 ? 'high' : 'medium';
}

/*
 * Band rule, the same for ODI, NDI and Work Ability: the published bands are integer ranges
 * (ODI 0-20, 21-40, ...); a value belongs to the highest band whose published lower bound it
 * reaches, so 20.x is still `minimal` and 4.x is still `none`. Bands use the exact value, never
 * the rounded display value.
 *
 * For the ODI this never matters in practice: with 8, 9 or 10 sections answered no achievable
 * percent lies strictly between 20 and 21, 40 and 41, 60 and 61 or 80 and 81 (tested). For the NDI
 * it does matter when one item is missing (raw = sum x 50/45): raw 4.44 is `none`, 5.56 `mild`.
 */

/** Oswestry v2.1a bands (Fairbank & Pynsent 2000) on the exact percent. */
export function odiBand(percent: number): OdiBand {
  if (percent >= 81) return 'bed_bound';
  if (percent >= 61) return 'crippled';
  if (percent >= 41) return 'severe';
  if (percent >= 21) return 'moderate';
  return 'minimal';
}

/** NDI bands (Vernon & Mior 1991) on the raw score on the 0-50 scale. */
export function ndiBand(raw: number): NdiBand {
  if (raw >= 35) return 'complete';
  if (raw >= 25) return 'severe';
  if (raw >= 15) return 'moderate';
  if (raw >= 5) return 'mild';
  return 'none';
}

/** Work Ability Score categories: poor 0-5, moderate 6-7, good 8-9, excellent 10. */
export function workAbilityCategory(score: number): WorkAbilityCategory {
  if (score >= 10) return 'excellent';
  if (score >= 8) return 'good';
  if (score >= 6) return 'moderate';
  return 'poor';
}

// ---------------------------------------------------------------------------------------------
// Minimal important change
// ---------------------------------------------------------------------------------------------

export type MicInstrumentCode = 'odi' | 'ndi' | 'nrs_pain' | 'psfs';
export type ChangeClass = 'improved' | 'deteriorated' | 'unchanged';

export interface MicRule {
  /** Which value is compared: ODI/NDI percent, NRS score, PSFS mean. */
  readonly value: 'percent' | 'score' | 'mean';
  readonly better: 'lower' | 'higher';
  /** Absolute change that counts. */
  readonly points: number;
  /** Relative change that also counts (fraction of the worse of the two values), if published. */
  readonly relative?: number;
  readonly min: number;
  readonly max: number;
  readonly source: string;
}

/** Minimal important change per instrument (docs/domain.md section 6, "Change that counts"). */
export const MIC_RULES: Readonly<Record<MicInstrumentCode, MicRule>> = deepFreeze({
  odi: {
    value: 'percent',
    better: 'lower',
    points: 10,
    relative: 0.3,
    min: 0,
    max: 100,
    source: 'Ostelo 2008: 10 points or 30%',
  },
  ndi: {
    value: 'percent',
    better: 'lower',
    points: 10,
    min: 0,
    max: 100,
    source: '10 percentage points (5 raw points)',
  },
  nrs_pain: {
    value: 'score',
    better: 'lower',
    points: 2,
    relative: 0.3,
    min: 0,
    max: 10,
    source: 'Ostelo 2008: 2 points or 30%',
  },
  psfs: {
    value: 'mean',
    better: 'higher',
    points: 2,
    min: 0,
    max: 10,
    source: 'Stratford 1995: detectable change of the mean 2',
  },
});

/** Tolerance for comparisons of derived scores (33.3 - 23.3 is 9.999999999999996 in binary). */
const EPSILON = 1e-9;

/**
 * Classifies the change from `before` to `after` (ODI/NDI percent, NRS score, PSFS mean).
 *
 * A change counts when it reaches the absolute threshold, or, where one is published (ODI, NRS),
 * the relative one: 30% of the worse of the two values. For an improvement the worse value is the
 * baseline, as published (ODI 20 -> 14 improved). Measuring a deterioration against the worse
 * (later) value makes the rule symmetric: a -> b is `deteriorated` exactly when b -> a is
 * `improved` (ODI 14 -> 20 deteriorated), and a baseline of 0 needs no special case. Lower is
 * better for ODI, NDI and NRS; higher for PSFS.
 *
 * Scores come from `scoreInstrument`, not from users: a non-finite or out-of-scale value is a
 * programming error and throws RangeError.
 */
export function minimalImportantChange(
  code: MicInstrumentCode,
  before: number,
  after: number,
): ChangeClass {
  const rule: MicRule | undefined = Object.hasOwn(MIC_RULES, code) ? MIC_RULES[code] : undefined;
  if (!rule) throw new RangeError(`no minimal important change for ${String(code)}`);
  for (const value of [before, after]) {
    if (!Number.isFinite(value) || value < rule.min || value > rule.max) {
      throw new RangeError(
        `${code} change needs ${rule.value} values from ${rule.min} to ${rule.max}`,
      );
    }
  }
  const amount = Math.abs(after - before);
  if (amount === 0) return 'unchanged';
  const worse = rule.better === 'lower' ? Math.max(before, after) : Math.min(before, after);
  const important =
    amount >= rule.points - EPSILON ||
    (rule.relative !== undefined && amount >= rule.relative * worse - EPSILON);
  if (!important) return 'unchanged';
  const better = rule.better === 'lower' ? after < before : after > before;
  return better ? 'improved' : 'deteriorated';
}
