/**
 * The evidence catalogue of plan components (docs/domain.md section 4): what each component is and
 * how strong the evidence for it is, per body region. Each recommended or planned component
 * carries its grade so the physiotherapist and the occupational doctor see why it is there.
 *
 * Pure and dependency-free (type imports only): no I/O, no clock, no Nest. The pathway engine and
 * the plan checks read this one catalogue.
 *
 * Sources: Lancet Low Back Pain Series (Foster 2018); Corp 2021, a review of 17 European guidelines
 * for low back pain and neck pain; the source article (manual therapy only as an addition,
 * ergonomics overrated).
 */
import type { BodyRegion } from '../episodes/entities/complaint.entity.js';

export const COMPONENT_CODES = [
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
] as const;
export type ComponentCode = (typeof COMPONENT_CODES)[number];

/** From strongest to weakest; the order is used to compare grades. */
export const EVIDENCE_GRADES = ['strongest', 'strong_specific_groups', 'moderate', 'weak'] as const;
export type EvidenceGrade = (typeof EVIDENCE_GRADES)[number];

/**
 * What a component is, for the plan checks: `active` (exercise, graded activity: what "no active
 * component" looks for), `education` (advice), `passive` (manual therapy: only as an addition),
 * `psychological`, `multidisciplinary`, `workplace` (work-directed measures), `medical` (a doctor's
 * consult).
 */
export const COMPONENT_KINDS = [
  'active',
  'education',
  'passive',
  'psychological',
  'multidisciplinary',
  'workplace',
  'medical',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export interface Component {
  readonly code: ComponentCode;
  readonly kind: ComponentKind;
  /** The evidence behind the grades. */
  readonly source: string;
  /** Grade of the evidence per complaint region. */
  readonly grades: Readonly<Record<BodyRegion, EvidenceGrade>>;
  /** The condition the grade holds under, shown with it; null when it holds unconditionally. */
  readonly note: string | null;
}

const BODY_REGION_ORDER: readonly BodyRegion[] = ['neck', 'shoulder', 'upper_back', 'low_back'];

const SOURCE_CORE = 'Foster 2018 (Lancet Low Back Pain Series); Corp 2021 (17 European guidelines)';
const SOURCE_SPECIFIC_GROUPS = 'Corp 2021 (17 European guidelines): for specific groups';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The same grade for every region. */
const everywhere = (grade: EvidenceGrade): Record<BodyRegion, EvidenceGrade> => ({
  neck: grade,
  shoulder: grade,
  upper_back: grade,
  low_back: grade,
});

/**
 * Work-directed components: Corp 2021 recommends them for back-pain groups and more weakly for
 * neck pain. The back-pain guidelines behind that recommendation are low-back-pain guidelines, and
 * no guideline reviewed covers thoracic or shoulder pain, so only the low back gets the back-pain
 * grade; neck, shoulder and upper back get the weaker one until evidence says otherwise.
 */
const lowBackOnly = (
  lowBack: EvidenceGrade,
  elsewhere: EvidenceGrade,
): Record<BodyRegion, EvidenceGrade> => ({
  neck: elsewhere,
  shoulder: elsewhere,
  upper_back: elsewhere,
  low_back: lowBack,
});

/** Every plan component, keyed by code. Frozen: an evidence grade is not mutable at run time. */
export const COMPONENTS: Readonly<Record<ComponentCode, Component>> = deepFreeze({
  stay_active_advice: {
    code: 'stay_active_advice',
    kind: 'education',
    source: SOURCE_CORE,
    grades: everywhere('strongest'),
    note: null,
  },
  exercise_therapy: {
    code: 'exercise_therapy',
    kind: 'active',
    source: SOURCE_CORE,
    grades: everywhere('strongest'),
    note: null,
  },
  /** Time-contingent quotas (Lindström 1992, Staal 2004, Lambeek 2007): an exercise programme. */
  graded_activity: {
    code: 'graded_activity',
    kind: 'active',
    source: `${SOURCE_CORE}; graded activity: Lindström 1992, Staal 2004, Lambeek 2007`,
    grades: everywhere('strongest'),
    note: null,
  },
  advice_education: {
    code: 'advice_education',
    kind: 'education',
    source: SOURCE_CORE,
    grades: everywhere('strongest'),
    note: null,
  },
  return_to_work_programme: {
    code: 'return_to_work_programme',
    kind: 'workplace',
    source: `${SOURCE_CORE}; weaker for neck pain`,
    grades: lowBackOnly('strongest', 'moderate'),
    note: null,
  },
  psychological_therapy: {
    code: 'psychological_therapy',
    kind: 'psychological',
    source: SOURCE_SPECIFIC_GROUPS,
    grades: everywhere('strong_specific_groups'),
    note: 'moderate when combined with other treatment for everyone else',
  },
  multidisciplinary_treatment: {
    code: 'multidisciplinary_treatment',
    kind: 'multidisciplinary',
    source: SOURCE_SPECIFIC_GROUPS,
    grades: everywhere('strong_specific_groups'),
    note: null,
  },
  surgical_consult: {
    code: 'surgical_consult',
    kind: 'medical',
    source: SOURCE_SPECIFIC_GROUPS,
    grades: everywhere('strong_specific_groups'),
    note: 'where indicated',
  },
  manual_therapy: {
    code: 'manual_therapy',
    kind: 'passive',
    source: 'Corp 2021 (17 European guidelines); source article: only as an addition',
    grades: everywhere('moderate'),
    note: 'only combined with other treatment',
  },
  group_exercise: {
    code: 'group_exercise',
    kind: 'active',
    source: 'Corp 2021 (17 European guidelines): group exercise / back school',
    grades: everywhere('moderate'),
    note: null,
  },
  workplace_intervention: {
    code: 'workplace_intervention',
    kind: 'workplace',
    source: 'Corp 2021 (17 European guidelines): for back-pain groups; weaker for neck pain',
    grades: lowBackOnly('moderate', 'weak'),
    note: null,
  },
  ergonomic_adjustment: {
    code: 'ergonomic_adjustment',
    kind: 'workplace',
    source: 'Corp 2021 (17 European guidelines); source article: ergonomics overrated',
    grades: lowBackOnly('moderate', 'weak'),
    note: 'moderate evidence; not sufficient alone',
  },
} satisfies Record<ComponentCode, Component>);

export function isComponentCode(value: unknown): value is ComponentCode {
  return typeof value === 'string' && (COMPONENT_CODES as readonly string[]).includes(value);
}

/** The weaker of two grades. */
export function weakerGrade(a: EvidenceGrade, b: EvidenceGrade): EvidenceGrade {
  return EVIDENCE_GRADES.indexOf(a) >= EVIDENCE_GRADES.indexOf(b) ? a : b;
}

/**
 * The grade of a component for a complaint in these regions: the WEAKEST grade across them. A
 * recommendation is made for the whole complaint, so its grade must hold for every region of it: a
 * return-to-work programme for neck and low-back pain is backed only as strongly as it is for neck
 * pain. With no region recorded yet the complaint could be in any region, so the grade is the
 * weakest over all of them, for the same reason.
 *
 * Codes and regions come from the catalogue, not from users: anything else is a programming error
 * and throws RangeError.
 */
export function evidenceGrade(
  component: ComponentCode,
  regions: readonly BodyRegion[],
): EvidenceGrade {
  if (!isComponentCode(component)) {
    throw new RangeError(`${String(component)} is not a plan component`);
  }
  const grades = COMPONENTS[component].grades;
  const counted = regions.length > 0 ? regions : BODY_REGION_ORDER;
  let grade: EvidenceGrade = 'strongest';
  for (const region of counted) {
    if (!Object.hasOwn(grades, region)) {
      throw new RangeError(`${String(region)} is not a body region`);
    }
    grade = weakerGrade(grade, grades[region]);
  }
  return grade;
}
