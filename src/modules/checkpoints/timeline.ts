import { addDays, addMonths, workingDayFrom } from '../../common/dates/calendar.js';

/**
 * The dates a checkpoint can be counted from. `sickness_day_1` is the first day of the absence's
 * statutory clock (continued across a relapse by the Dutch 28-day and Belgian 14-day rules); the
 * Belgian trajectory dates are recorded on the episode as they happen; the plan dates come from
 * the approved plan.
 */
export const CHECKPOINT_ANCHORS = [
  'sickness_day_1',
  'trajectory_requested',
  'decision_a',
  'decision_b',
  'plan_offered',
  'plan_start',
  'planned_full_return',
] as const;
export type CheckpointAnchor = (typeof CHECKPOINT_ANCHORS)[number];
export type AnchorDates = Partial<Record<CheckpointAnchor, string | null>>;

/**
 * Days at full duty inside one sickness period that do not count towards its deadlines (NL: BW
 * 7:629 lid 10 adds sickness periods less than four weeks apart together, so the days worked in
 * between are not sickness days): from `from`, every date counted from the first sick day moves
 * `days` later.
 */
export interface ClockPause {
  from: string;
  days: number;
}

/** A date counted in sickness days, moved past the days at work before it. */
export function pastPauses(date: string, pauses: readonly ClockPause[]): string {
  let moved = date;
  for (const pause of [...pauses].sort((a, b) => a.from.localeCompare(b.from))) {
    if (moved >= pause.from) moved = addDays(moved, pause.days);
  }
  return moved;
}

export const PARTICIPANTS = ['hr', 'physio', 'occupational_doctor', 'employee'] as const;
export type Participant = (typeof PARTICIPANTS)[number];

export const CHECKPOINT_CATEGORIES = ['statutory', 'clinical'] as const;
export type CheckpointCategory = (typeof CHECKPOINT_CATEGORIES)[number];

/**
 * A date relative to an anchor, in the words the law uses:
 * - `day`: day N when the anchor is day 1 ("by the end of week 6" is day 42, the anchor plus 41);
 * - `daysAfter`: N days counted from the day after the anchor ("within 49 days, counted from the
 *   day after the request is received" is the anchor plus 49);
 * - `monthsAfter`: N calendar months after the anchor (a missing day becomes the month's last).
 */
export type RelativeDate = { day: number } | { daysAfter: number } | { monthsAfter: number };

export interface CheckpointRule {
  /** Stable key of the rule within its template, e.g. `nl_problem_analysis`. */
  key: string;
  /** What it is, in a few words (English; clients translate by key). */
  title: string;
  anchor: CheckpointAnchor;
  due: RelativeDate;
  /** First day the meeting may take place, for a window such as weeks 46-52. */
  opens?: RelativeDate;
  /**
   * `deadline` (the default): due by this date, escalated when overdue. `earliest`: the first day
   * something may happen (a Belgian trajectory after three months); reminded, never overdue.
   */
  kind?: 'deadline' | 'earliest';
  /** Falls on the first working day (Monday to Friday) on or after the computed date. */
  workingDay?: boolean;
  /** Repeats every `everyDays` after the first due date, through the `through` date. */
  repeat?: { everyDays: number; through: RelativeDate };
  /** Who takes part and signs off. */
  participants: Participant[];
}

export interface CheckpointTemplateDefinition {
  /** Template family, e.g. `nl_poortwachter`; a change in the law is a new version of it. */
  code: string;
  version: number;
  category: CheckpointCategory;
  /** Episodes of this jurisdiction only; null for every episode. */
  jurisdiction: 'BE' | 'NL' | null;
  legalSource: string;
  /** The version in force on the date of this anchor is the one an episode follows. */
  selectBy: CheckpointAnchor;
  validFrom: string;
  validTo: string | null;
  rules: CheckpointRule[];
}

export interface PlannedCheckpoint {
  templateCode: string;
  templateVersion: number;
  category: CheckpointCategory;
  ruleKey: string;
  /** 1 for a single checkpoint; 1, 2, 3... for the occurrences of a repeating rule. */
  occurrence: number;
  /** The anchor the date was counted from (recorded when a checkpoint moves). */
  anchor: CheckpointAnchor;
  dueOn: string;
  opensOn: string | null;
  kind: 'deadline' | 'earliest';
  participants: Participant[];
}

/** More occurrences than any rule needs (two years of six-weekly evaluations is 16). */
const MAX_OCCURRENCES = 60;

export function resolveDate(anchorDate: string, relative: RelativeDate): string {
  if ('day' in relative) return addDays(anchorDate, relative.day - 1);
  if ('daysAfter' in relative) return addDays(anchorDate, relative.daysAfter);
  return addMonths(anchorDate, relative.monthsAfter);
}

/** The template version of each family in force for an episode with these dates. */
export function templatesInForce(
  templates: readonly CheckpointTemplateDefinition[],
  jurisdiction: 'BE' | 'NL',
  anchors: AnchorDates,
): CheckpointTemplateDefinition[] {
  const byCode = new Map<string, CheckpointTemplateDefinition>();
  for (const template of templates) {
    if (template.jurisdiction !== null && template.jurisdiction !== jurisdiction) continue;
    const reference = anchors[template.selectBy];
    if (!reference || reference < template.validFrom) continue;
    if (template.validTo !== null && reference > template.validTo) continue;
    const current = byCode.get(template.code);
    if (!current || template.version > current.version) byCode.set(template.code, template);
  }
  return [...byCode.values()];
}

/**
 * Every checkpoint an episode should have, from the templates in force and the dates known so
 * far. A rule whose anchor date is not known yet (no trajectory request, no approved plan) gives
 * nothing until it is. Pure: the same templates and dates always give the same list.
 */
export function planCheckpoints(
  templates: readonly CheckpointTemplateDefinition[],
  jurisdiction: 'BE' | 'NL',
  anchors: AnchorDates,
  /** Days at work inside the sickness period, for rules counted from the first sick day. */
  pauses: readonly ClockPause[] = [],
): PlannedCheckpoint[] {
  const planned: PlannedCheckpoint[] = [];
  for (const template of templatesInForce(templates, jurisdiction, anchors)) {
    for (const rule of template.rules) {
      const anchorDate = anchors[rule.anchor];
      if (!anchorDate) continue;
      // Rules count sickness days from the first sick day: the days at work in between are
      // skipped. Repetitions and their end are counted in sickness days too.
      const counted = (date: string) =>
        rule.anchor === 'sickness_day_1' ? pastPauses(date, pauses) : date;
      const first = resolveDate(anchorDate, rule.due);
      const opensRaw = rule.opens ? resolveDate(anchorDate, rule.opens) : null;
      const opens = opensRaw ? counted(opensRaw) : null;
      const through = rule.repeat ? resolveDate(anchorDate, rule.repeat.through) : first;
      const every = rule.repeat?.everyDays ?? 0;
      for (let occurrence = 1; occurrence <= MAX_OCCURRENCES; occurrence++) {
        const sickDay = addDays(first, every * (occurrence - 1));
        if (sickDay > through) break;
        const raw = counted(sickDay);
        planned.push({
          templateCode: template.code,
          templateVersion: template.version,
          category: template.category,
          ruleKey: rule.key,
          occurrence,
          anchor: rule.anchor,
          dueOn: rule.workingDay ? workingDayFrom(raw) : raw,
          opensOn: occurrence === 1 ? opens : null,
          kind: rule.kind ?? 'deadline',
          participants: [...rule.participants],
        });
        if (!rule.repeat) break;
      }
    }
  }
  return planned.sort(
    (a, b) => a.dueOn.localeCompare(b.dueOn) || a.ruleKey.localeCompare(b.ruleKey),
  );
}
