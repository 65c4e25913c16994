/**
 * When a change between two administrations of an outcome instrument counts: the one table of
 * thresholds the platform applies, and the rule that reads it. Pure and dependency-free.
 *
 * Two published figures decide it:
 * - the smallest detectable change (SDC; in the physiotherapy literature the minimal detectable
 *   change, MDC): below it, a difference cannot be told apart from measurement error in one person;
 * - the minimal important change (MIC): the smallest change patients experience as important,
 *   in points, and for some instruments also as a share of the score.
 *
 * A change is flagged (`improved` or `deteriorated`) only when it reaches the SDC **and** meets
 * the MIC rule (points, or the relative rule where one is published). A relative rule never flags
 * a change below the SDC: ODI 4 -> 2 is 50% better but 2 points, well within measurement error.
 *
 * With the values below the SDC is at least the MIC in points for every instrument, so in
 * practice the SDC decides; the relative rule is kept as published so that the table stays the
 * literature's and a future SDC can be entered without rewriting the rule.
 */

/** Instruments whose change between administrations is classified. */
export const OUTCOME_INSTRUMENTS = ['odi', 'ndi', 'nrs_pain', 'psfs'] as const;
export type OutcomeInstrument = (typeof OUTCOME_INSTRUMENTS)[number];
export type ChangeClass = 'improved' | 'deteriorated' | 'unchanged';

/**
 * What is compared: the instrument's score (ODI/NDI percent, NRS score, PSFS mean over the
 * activities rated both times) or, for the PSFS, one activity's rating.
 */
export type ChangeMeasure = OutcomeInstrument | 'psfs_activity';

export interface ChangeThreshold {
  /** Lower is better for disability and pain; higher for the PSFS (ability to do the activity). */
  readonly better: 'lower' | 'higher';
  readonly min: number;
  readonly max: number;
  /** The unit of the thresholds, as people read it. */
  readonly unit: string;
  readonly mic: {
    /** Absolute change that is important. */
    readonly points: number;
    /**
     * Relative change that is also important (a fraction of the worse of the two values), where
     * one is published.
     */
    readonly relative?: number;
    readonly source: string;
  };
  /** Smallest detectable change, in the same unit. */
  readonly sdc: { readonly points: number; readonly source: string };
}

/** Every threshold the platform applies to a change, with its source. */
export const CHANGE_THRESHOLDS: Readonly<Record<ChangeMeasure, ChangeThreshold>> = Object.freeze({
  odi: Object.freeze({
    better: 'lower',
    min: 0,
    max: 100,
    unit: 'ODI points (0-100)',
    // Ostelo RWJG, Deyo RA, Stratford P et al. Interpreting change scores for pain and functional
    // status in low back pain. Spine 2008;33:90-94: MIC 10 points, or 30% from baseline.
    mic: Object.freeze({ points: 10, relative: 0.3, source: 'Ostelo et al. 2008, Spine 33:90-94' }),
    // Davidson M, Keating JL. A comparison of five low back disability questionnaires: reliability
    // and responsiveness. Phys Ther 2002;82:8-24: MDC (90% confidence) of the Oswestry 10.5 points.
    sdc: Object.freeze({ points: 10.5, source: 'Davidson & Keating 2002, Phys Ther 82:8-24' }),
  }),
  ndi: Object.freeze({
    better: 'lower',
    min: 0,
    max: 100,
    unit: 'NDI percentage points (0-100; raw 0-50 x 2)',
    // The platform's rule (domain section 6): 10 percentage points (5 raw points). Published
    // estimates in mechanical neck pain range from 7.5 raw points (Young BA et al., Spine J
    // 2009;9:802-808, who advise using their MDC of about 10 points instead) to 19 percentage
    // points (Cleland JA, Childs JD, Whitman JM. Arch Phys Med Rehabil 2008;89:69-74).
    mic: Object.freeze({ points: 10, source: 'domain rule; Young et al. 2009, Spine J 9:802-808' }),
    // Stratford PW, Riddle DL, Binkley JM et al. Using the Neck Disability Index to make decisions
    // concerning individual patients. Physiother Can 1999;51:107-112: MDC (90% confidence)
    // 5 raw points, i.e. 10 percentage points.
    sdc: Object.freeze({ points: 10, source: 'Stratford et al. 1999, Physiother Can 51:107-112' }),
  }),
  nrs_pain: Object.freeze({
    better: 'lower',
    min: 0,
    max: 10,
    unit: 'NRS points (0-10)',
    // Farrar JT, Young JP, LaMoreaux L et al. Clinical importance of changes in chronic pain
    // intensity measured on an 11-point numerical pain rating scale. Pain 2001;94:149-158: about
    // 2 points or 30%; adopted for low back pain by Ostelo et al. 2008 (Spine 33:90-94).
    mic: Object.freeze({
      points: 2,
      relative: 0.3,
      source: 'Farrar et al. 2001, Pain 94:149-158; Ostelo et al. 2008, Spine 33:90-94',
    }),
    // Childs JD, Piva SR, Fritz JM. Responsiveness of the numeric pain rating scale in patients
    // with low back pain. Spine 2005;30:1331-1334: SEM 1.02, MDC 2 points.
    sdc: Object.freeze({ points: 2, source: 'Childs et al. 2005, Spine 30:1331-1334' }),
  }),
  psfs: Object.freeze({
    better: 'higher',
    min: 0,
    max: 10,
    unit: 'PSFS points, mean of the activities rated both times (0-10)',
    // Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on individual
    // patients: a report of a patient specific measure. Physiother Can 1995;47:258-263: MDC (90%
    // confidence) 2 points for the mean of the activities. No separate MIC is published there, so
    // the detectable change is the rule.
    mic: Object.freeze({ points: 2, source: 'Stratford et al. 1995, Physiother Can 47:258-263' }),
    sdc: Object.freeze({ points: 2, source: 'Stratford et al. 1995, Physiother Can 47:258-263' }),
  }),
  psfs_activity: Object.freeze({
    better: 'higher',
    min: 0,
    max: 10,
    unit: 'PSFS points, one activity (0-10)',
    // Stratford et al. 1995 (Physiother Can 47:258-263): MDC (90% confidence) 3 points for a
    // single activity.
    mic: Object.freeze({ points: 3, source: 'Stratford et al. 1995, Physiother Can 47:258-263' }),
    sdc: Object.freeze({ points: 3, source: 'Stratford et al. 1995, Physiother Can 47:258-263' }),
  }),
});

/** Tolerance for comparisons of derived scores (33.3 - 23.3 is 9.999999999999996 in binary). */
const EPSILON = 1e-9;

/**
 * Classifies the change from `before` to `after` on `measure`.
 *
 * The change counts when it reaches the SDC and the MIC: the MIC in points, or, where one is
 * published (ODI, NRS), the relative MIC: 30% of the worse of the two values. For an improvement
 * the worse value is the baseline, as published. Measuring a deterioration against the worse
 * (later) value makes the rule symmetric: a -> b is `deteriorated` exactly when b -> a is
 * `improved`, and a baseline of 0 needs no special case.
 *
 * Scores come from the scoring module, not from users: a non-finite or out-of-scale value is a
 * programming error and throws RangeError.
 */
export function classifyChange(measure: ChangeMeasure, before: number, after: number): ChangeClass {
  const rule = Object.hasOwn(CHANGE_THRESHOLDS, measure) ? CHANGE_THRESHOLDS[measure] : undefined;
  if (!rule) throw new RangeError(`no change threshold for ${String(measure)}`);
  return classifyWith(rule, before, after, measure);
}

/** The rule of `classifyChange` on any threshold (exported for its tests). */
export function classifyWith(
  rule: ChangeThreshold,
  before: number,
  after: number,
  label = 'score',
): ChangeClass {
  for (const value of [before, after]) {
    if (!Number.isFinite(value) || value < rule.min || value > rule.max) {
      throw new RangeError(`${label} change needs values from ${rule.min} to ${rule.max}`);
    }
  }
  const amount = Math.abs(after - before);
  if (amount === 0) return 'unchanged';
  const worse = rule.better === 'lower' ? Math.max(before, after) : Math.min(before, after);
  const detectable = amount >= rule.sdc.points - EPSILON;
  const important =
    amount >= rule.mic.points - EPSILON ||
    (rule.mic.relative !== undefined && amount >= rule.mic.relative * worse - EPSILON);
  if (!detectable || !important) return 'unchanged';
  const better = rule.better === 'lower' ? after < before : after > before;
  return better ? 'improved' : 'deteriorated';
}
