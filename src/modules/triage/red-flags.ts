/**
 * Red flags (docs/domain.md section 6.8): signs of serious pathology that must be excluded before a
 * movement-related complaint is treated as one. Any red flag present makes the episode an urgent
 * (medical) referral until the occupational doctor clears it (docs/domain.md section 4, rule 1).
 *
 * Pure and dependency-free (type imports only): no I/O, no clock, no Nest. The intake API, the
 * pathway engine and the FHIR export (red flag -> Flag) all read this one catalogue.
 *
 * Only codes and short English labels live here; the questions the physiotherapist asks are theirs.
 * Screen answers are clinical data: validation messages never repeat a submitted value.
 */
import type { FieldError } from '../../common/errors/domain-error.js';
import type { BodyRegion } from '../episodes/entities/complaint.entity.js';

export const RED_FLAG_CATEGORIES = [
  'cauda_equina',
  'fracture',
  'malignancy',
  'infection',
  'myelopathy',
  'c_spine_trauma',
  'artery_dissection',
] as const;
export type RedFlagCategory = (typeof RED_FLAG_CATEGORIES)[number];

/**
 * Categories whose flags are emergencies (same-day emergency care, not an ordinary urgent
 * referral): cauda equina syndrome, cervical myelopathy and cervical artery dissection can cause
 * permanent damage within hours to days. Every red flag is still an urgent referral.
 */
export const EMERGENCY_CATEGORIES: readonly RedFlagCategory[] = Object.freeze([
  'cauda_equina',
  'myelopathy',
  'artery_dissection',
]);

/** Every red flag code, in catalogue order (the order screens list them in). */
export const RED_FLAG_CODES = [
  // Low back: cauda equina syndrome.
  'saddle_anaesthesia',
  'bladder_bowel_dysfunction',
  'progressive_neurological_deficit',
  // Fracture.
  'major_trauma',
  'long_term_steroids',
  'age_over_70',
  // Neck: cervical spine injury after trauma.
  'canadian_c_spine_high_risk',
  // Neck: cervical myelopathy.
  'myelopathy_gait',
  'myelopathy_clumsy_hands',
  'myelopathy_bladder_bowel',
  // Neck: cervical artery dissection.
  'sudden_unusual_headache_neck_pain',
  'dizziness',
  'diplopia',
  'speech_swallow_problems',
  // Malignancy.
  'history_of_cancer',
  'unexplained_weight_loss',
  'new_pain_after_50',
  'no_improvement_4_6_weeks',
  'night_pain',
  // Infection.
  'fever',
  'iv_drug_use',
  'immunosuppression',
  'recent_spinal_surgery',
] as const;
export type RedFlagCode = (typeof RED_FLAG_CODES)[number];

export interface RedFlag {
  readonly code: RedFlagCode;
  /** Short English label for screens and exports (no questionnaire wording). */
  readonly label: string;
  /** Body regions of a complaint for which the flag is screened. */
  readonly regions: readonly BodyRegion[];
  readonly category: RedFlagCategory;
  /** Derived from the category (EMERGENCY_CATEGORIES), never set per flag. */
  readonly emergency: boolean;
}

/** The four regions in a fixed order: results never depend on the order a caller lists them in. */
const REGION_ORDER: readonly BodyRegion[] = ['neck', 'shoulder', 'upper_back', 'low_back'];
const LOW_BACK: readonly BodyRegion[] = ['low_back'];
const NECK: readonly BodyRegion[] = ['neck'];
const SPINE: readonly BodyRegion[] = ['neck', 'upper_back', 'low_back'];
/** Thoracic and lumbar spine: where osteoporotic (steroid, age) vertebral fractures occur. */
const THORACOLUMBAR: readonly BodyRegion[] = ['upper_back', 'low_back'];
/**
 * Regions screened for fracture after major trauma. The neck is screened with the Canadian C-spine
 * rule instead (its own validated decision rule for trauma), not with a second, vaguer trauma flag.
 */
const TRAUMA: readonly BodyRegion[] = ['shoulder', 'upper_back', 'low_back'];
/** Malignancy and infection can show up as pain in any region, the shoulder included. */
const ALL_REGIONS = REGION_ORDER;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Written as a record so that the compiler rejects a code without an entry; listed in
 * RED_FLAG_CODES order below.
 */
const DEFINITIONS: Record<
  RedFlagCode,
  { label: string; regions: readonly BodyRegion[]; category: RedFlagCategory }
> = {
  saddle_anaesthesia: {
    label: 'Saddle anaesthesia',
    regions: LOW_BACK,
    category: 'cauda_equina',
  },
  bladder_bowel_dysfunction: {
    label: 'New bladder or bowel dysfunction',
    regions: LOW_BACK,
    category: 'cauda_equina',
  },
  progressive_neurological_deficit: {
    label: 'Bilateral or progressive neurological deficit',
    regions: LOW_BACK,
    category: 'cauda_equina',
  },
  major_trauma: { label: 'Major trauma', regions: TRAUMA, category: 'fracture' },
  long_term_steroids: {
    label: 'Long-term corticosteroid use',
    regions: THORACOLUMBAR,
    category: 'fracture',
  },
  age_over_70: { label: 'Age over 70', regions: THORACOLUMBAR, category: 'fracture' },
  canadian_c_spine_high_risk: {
    label: 'Canadian C-spine rule: high-risk factor after trauma',
    regions: NECK,
    category: 'c_spine_trauma',
  },
  myelopathy_gait: {
    label: 'Myelopathy: gait disturbance',
    regions: NECK,
    category: 'myelopathy',
  },
  myelopathy_clumsy_hands: {
    label: 'Myelopathy: clumsy hands',
    regions: NECK,
    category: 'myelopathy',
  },
  myelopathy_bladder_bowel: {
    label: 'Myelopathy: bladder or bowel dysfunction',
    regions: NECK,
    category: 'myelopathy',
  },
  sudden_unusual_headache_neck_pain: {
    label: 'Sudden, unusual headache or neck pain',
    regions: NECK,
    category: 'artery_dissection',
  },
  dizziness: { label: 'Dizziness', regions: NECK, category: 'artery_dissection' },
  diplopia: { label: 'Double vision', regions: NECK, category: 'artery_dissection' },
  speech_swallow_problems: {
    label: 'Speech or swallowing problems',
    regions: NECK,
    category: 'artery_dissection',
  },
  history_of_cancer: {
    label: 'History of cancer',
    regions: ALL_REGIONS,
    category: 'malignancy',
  },
  unexplained_weight_loss: {
    label: 'Unexplained weight loss',
    regions: ALL_REGIONS,
    category: 'malignancy',
  },
  new_pain_after_50: {
    label: 'New pain after age 50',
    regions: ALL_REGIONS,
    category: 'malignancy',
  },
  no_improvement_4_6_weeks: {
    label: 'No improvement after 4-6 weeks',
    regions: ALL_REGIONS,
    category: 'malignancy',
  },
  night_pain: { label: 'Night pain', regions: ALL_REGIONS, category: 'malignancy' },
  fever: { label: 'Fever', regions: ALL_REGIONS, category: 'infection' },
  iv_drug_use: { label: 'Intravenous drug use', regions: ALL_REGIONS, category: 'infection' },
  immunosuppression: {
    label: 'Immunosuppression',
    regions: ALL_REGIONS,
    category: 'infection',
  },
  recent_spinal_surgery: {
    label: 'Recent spinal surgery',
    regions: SPINE,
    category: 'infection',
  },
};

/** The red-flag catalogue in catalogue order. Frozen: a screening rule is not mutable. */
export const RED_FLAGS: readonly RedFlag[] = deepFreeze(
  RED_FLAG_CODES.map((code) => ({
    code,
    label: DEFINITIONS[code].label,
    regions: REGION_ORDER.filter((region) => DEFINITIONS[code].regions.includes(region)),
    category: DEFINITIONS[code].category,
    emergency: EMERGENCY_CATEGORIES.includes(DEFINITIONS[code].category),
  })),
);

const RED_FLAGS_BY_CODE: ReadonlyMap<string, RedFlag> = new Map(
  RED_FLAGS.map((flag) => [flag.code, flag]),
);

export function isRedFlagCode(value: unknown): value is RedFlagCode {
  return typeof value === 'string' && RED_FLAGS_BY_CODE.has(value);
}

export function isBodyRegion(value: unknown): value is BodyRegion {
  return typeof value === 'string' && (REGION_ORDER as readonly string[]).includes(value);
}

/** Whether a red flag code is an emergency; false for a code that is not in the catalogue. */
export function isEmergencyRedFlag(code: string): boolean {
  return RED_FLAGS_BY_CODE.get(code)?.emergency ?? false;
}

/**
 * The flags to screen for a complaint in these regions: every flag applying to at least one of
 * them, once, in catalogue order. Values that are not body regions are ignored.
 */
export function redFlagsForRegions(regions: readonly BodyRegion[]): readonly RedFlag[] {
  return RED_FLAGS.filter((flag) => flag.regions.some((region) => regions.includes(region)));
}

export type RedFlagScreenValidation =
  { ok: true; present: RedFlagCode[]; emergency: boolean } | { ok: false; errors: FieldError[] };

/**
 * Checks a red-flag screen the physiotherapist submits for a complaint in `regions`: an object
 * `{ [code]: boolean }` answering every applicable flag. A flag left unanswered is an error, never
 * "absent": a screen that skipped a question has not excluded it. Codes outside the catalogue or
 * not applicable to the regions are errors too, so a screen cannot record flags nobody asked.
 *
 * Returns the flags present (catalogue order) and whether any of them is an emergency. Errors are
 * keyed by field (`answers.fever`) and never repeat the submitted value. Never throws on user input.
 */
export function validateRedFlagScreen(
  regions: readonly BodyRegion[],
  answers: unknown,
): RedFlagScreenValidation {
  if (!Array.isArray(regions) || regions.length === 0) {
    return {
      ok: false,
      errors: [{ field: 'regions', message: 'must name at least one body region' }],
    };
  }
  const regionErrors: FieldError[] = [];
  regions.forEach((region: unknown, index) => {
    if (!isBodyRegion(region)) {
      regionErrors.push({ field: `regions.${index}`, message: 'is not a body region' });
    }
  });
  // Without valid regions the applicable flags are unknown: answers cannot be judged yet.
  if (regionErrors.length > 0) return { ok: false, errors: regionErrors };

  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return {
      ok: false,
      errors: [{ field: 'answers', message: 'must be an object keyed by red flag code' }],
    };
  }
  const given = answers as Record<string, unknown>;
  const applicable = redFlagsForRegions(regions);
  const applicableCodes = new Set<string>(applicable.map((flag) => flag.code));
  const errors: FieldError[] = [];
  const present: RedFlagCode[] = [];

  for (const flag of applicable) {
    const field = `answers.${flag.code}`;
    const value = Object.hasOwn(given, flag.code) ? given[flag.code] : undefined;
    if (value === undefined || value === null) {
      errors.push({ field, message: `${flag.code} must be answered (true or false)` });
    } else if (typeof value !== 'boolean') {
      errors.push({ field, message: `${flag.code} must be true or false` });
    } else if (value) {
      present.push(flag.code);
    }
  }

  for (const key of Object.keys(given)) {
    if (applicableCodes.has(key)) continue;
    errors.push(
      isRedFlagCode(key)
        ? { field: `answers.${key}`, message: `${key} does not apply to the complaint's regions` }
        : { field: `answers.${key}`, message: 'is not a known red flag' },
    );
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, present, emergency: present.some((code) => isEmergencyRedFlag(code)) };
}
