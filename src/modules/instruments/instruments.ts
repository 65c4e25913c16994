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
 * Answers are an object keyed by item code, e.g. `{ item_1: 1, item_9: 'very_much' }`; the PSFS,
 * whose items are activities the person names, takes `{ activities: [{ activityId | name, rating }] }`.
 * User input is never thrown on: it yields field-keyed errors (`answers.item_3`) whose messages
 * never repeat the submitted value (answers are clinical data).
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
  /**
   * An instrument whose items are activities the person names (the PSFS) has no fixed items: it
   * says how many activities an administration rates, and how.
   */
  readonly activities?: PsfsActivityRules;
}

/** How a PSFS administration rates its activities (Stratford 1995). */
export interface PsfsActivityRules {
  readonly min: number;
  readonly max: number;
  /** 0: unable to perform the activity; 10: able to perform it at the level before the problem. */
  readonly ratingMin: number;
  readonly ratingMax: number;
  /** A name is a short functional description chosen with the person ("carry a 10 kg crate"). */
  readonly nameMaxLength: number;
}

export const PSFS_ACTIVITY_RULES: PsfsActivityRules = Object.freeze({
  min: 3,
  max: 5,
  ratingMin: 0,
  ratingMax: 10,
  nameMaxLength: 120,
});

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
  /**
   * Patient-Specific Functional Scale (Stratford 1995): 3-5 activities the person names at the
   * first administration, each rated 0-10; later administrations rate the same activities again.
   */
  psfs: {
    code: 'psfs',
    name: 'Patient-Specific Functional Scale',
    version: 'Stratford 1995',
    source: 'Stratford P et al. Physiother Can 1995;47:258-63',
    regions: ALL_REGIONS,
    items: [],
    minAnswered: PSFS_ACTIVITY_RULES.min,
    activities: PSFS_ACTIVITY_RULES,
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

/** Item answers as stored: answered items only, in item order, multi-ticks reduced to one value. */
export type ItemAnswers = Readonly<Record<string, number | string>>;

/**
 * One rated PSFS activity as sent: an activity of the episode rated before, by its id, or a new
 * one, by its name (which starts its own baseline).
 */
export type PsfsActivityAnswer =
  | { readonly activityId: string; readonly rating: number }
  | { readonly name: string; readonly rating: number };

/** PSFS answers: the activities rated at this administration, in the order given. */
export interface PsfsAnswers {
  readonly activities: readonly PsfsActivityAnswer[];
}

/** A PSFS activity as stored with an administration: its identity, its name and its rating. */
export interface StoredPsfsActivity {
  readonly activityId: string;
  readonly name: string;
  readonly rating: number;
}

export type InstrumentAnswers = ItemAnswers | PsfsAnswers;

export type AnswersValidation =
  { ok: true; answers: InstrumentAnswers } | { ok: false; errors: FieldError[] };

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
  if (code === 'psfs') return validatePsfsAnswers(answers as Record<string, unknown>);
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

  for (const key of Object.keys(given)) {
    if (!itemsByCode.has(key)) {
      errors.push({ field: `answers.${key}`, message: `is not an item of ${code}` });
    }
  }

  // Counted on what was given (valid or not), so a bad value is not also reported as missing.
  const answered = definition.items.filter(
    (item) => Object.hasOwn(given, item.code) && given[item.code] != null,
  ).length;
  if (!allRequired && answered < definition.minAnswered) {
    errors.push({ field: 'answers', message: 'must answer at least one item' });
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers: normalised };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Control characters (line breaks included): a name is one line of text.
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * A PSFS activity name as stored: trimmed, with every run of white space made one space. Two
 * names are the same activity when they are equal ignoring case (compared by the database).
 */
export function normalisePsfsActivityName(name: string): string {
  return name.trim().replace(/\s+/gu, ' ');
}

/**
 * PSFS answers: `{ activities: [...] }` with 3 to 5 entries, each `{ activityId, rating }` (an
 * activity rated before on the episode) or `{ name, rating }` (a new one), rated 0-10, no activity
 * twice. Whether an id belongs to the episode is the store's to check. The old form
 * (`activity_1` ... `activity_5`, unnamed) is refused: an activity without a name cannot be rated
 * again as the same one.
 */
function validatePsfsAnswers(given: Record<string, unknown>): AnswersValidation {
  const rules = PSFS_ACTIVITY_RULES;
  const errors: FieldError[] = [];
  for (const key of Object.keys(given)) {
    if (key === 'activities') continue;
    errors.push({
      field: `answers.${key}`,
      message: /^activity_\d+$/.test(key)
        ? 'is no longer accepted: send the rated activities in answers.activities, each with its activityId or name'
        : 'is not an item of psfs',
    });
  }
  const list = given.activities;
  const countMessage = `must rate ${rules.min} to ${rules.max} activities, each with an activityId or a name and a rating`;
  if (!Array.isArray(list)) {
    errors.push({ field: 'answers.activities', message: countMessage });
    return { ok: false, errors };
  }
  if (list.length < rules.min || list.length > rules.max) {
    errors.push({ field: 'answers.activities', message: countMessage });
    return { ok: false, errors };
  }
  const activities: PsfsActivityAnswer[] = [];
  const seenIds = new Set<string>();
  const seenNames = new Set<string>();
  list.forEach((entry: unknown, index) => {
    const field = `answers.activities.${index}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      errors.push({
        field,
        message: 'must be an object with an activityId or a name and a rating',
      });
      return;
    }
    const activity = entry as Record<string, unknown>;
    for (const key of Object.keys(activity)) {
      if (!['activityId', 'name', 'rating'].includes(key)) {
        errors.push({ field: `${field}.${key}`, message: 'is not a field of a rated activity' });
      }
    }
    const rating = checkInteger(
      {
        code: 'rating',
        kind: 'integer',
        min: rules.ratingMin,
        max: rules.ratingMax,
        reversed: false,
      },
      activity.rating,
      `${field}.rating`,
    );
    if ('error' in rating) errors.push(...rating.error);
    const hasId = activity.activityId !== undefined && activity.activityId !== null;
    const hasName = activity.name !== undefined && activity.name !== null;
    if (hasId === hasName) {
      errors.push({
        field,
        message: hasId
          ? 'must give either an activityId (an activity rated before) or a name (a new activity), not both'
          : 'needs an activityId (an activity rated before) or a name (a new activity)',
      });
      return;
    }
    if (hasId) {
      const id = activity.activityId;
      if (typeof id !== 'string' || !UUID.test(id)) {
        errors.push({ field: `${field}.activityId`, message: 'must be a UUID' });
        return;
      }
      const key = id.toLowerCase();
      if (seenIds.has(key)) {
        errors.push({
          field: `${field}.activityId`,
          message: 'rates an activity already rated above',
        });
        return;
      }
      seenIds.add(key);
      if (!('error' in rating)) activities.push({ activityId: key, rating: rating.value });
      return;
    }
    const raw = activity.name;
    if (typeof raw !== 'string') {
      errors.push({ field: `${field}.name`, message: 'must be a string' });
      return;
    }
    const name = normalisePsfsActivityName(raw);
    if (name.length === 0 || name.length > rules.nameMaxLength) {
      errors.push({
        field: `${field}.name`,
        message: `must be 1 to ${rules.nameMaxLength} characters`,
      });
      return;
    }
    if (CONTROL_CHARACTER.test(name)) {
      errors.push({ field: `${field}.name`, message: 'must be one line of text' });
      return;
    }
    const key = name.toLowerCase();
    if (seenNames.has(key)) {
      errors.push({ field: `${field}.name`, message: 'names an activity already rated above' });
      return;
    }
    seenNames.add(key);
    if (!('error' in rating)) activities.push({ name, rating: rating.value });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers: { activities } };
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
  if (code === 'psfs') return scorePsfs((answers as PsfsAnswers).activities);
  const definition = INSTRUMENTS[code];
  const given = answers as ItemAnswers;
  const scores = new Map<string, number>();
  for (const item of definition.items) {
    const answer = given[item.code];
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
    case 'work_ability':
      return { instrument: code, scored: true, score: sum, category: workAbilityCategory(sum) };
  }
}

/** PSFS: the mean of the activities' ratings (Stratford 1995). */
function scorePsfs(activities: readonly { rating: number }[]): PsfsScore {
  const mean =
    activities.reduce((total, activity) => total + activity.rating, 0) / activities.length;
  return {
    instrument: 'psfs',
    scored: true,
    mean,
    meanDisplay: roundOneDecimal(mean),
    activities: activities.length,
  };
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
