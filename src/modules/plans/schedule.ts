/**
 * Graded activity as a schedule (Lindström 1992, Staal 2004, Lambeek 2007): a baseline over three
 * sessions, a start quota of about 70% of its mean, then a linear, time-contingent rise to the
 * agreed target on the agreed date, whatever the pain of the day. The same shape grades work hours
 * from a share of the contract to full hours. The physiotherapist may edit any step afterwards.
 *
 * Pure: dates are calendar dates (YYYY-MM-DD), no clock, no I/O.
 */
import { addDays, daysBetween } from '../../common/dates/calendar.js';
import type { FieldError } from '../../common/errors/domain-error.js';

/** Share of the baseline mean the first quota asks for. */
export const START_QUOTA_SHARE = 0.7;
export const BASELINE_SESSIONS = 3;
/** A plan longer than this is a different conversation, not a schedule. */
export const MAX_SCHEDULE_WEEKS = 52;

export type Schedule<Step> = { ok: true; steps: Step[] } | { ok: false; errors: FieldError[] };

export interface QuotaStep {
  /** 0 is the start week; the last step falls on the target date. */
  week: number;
  from: string;
  quota: number;
}

export interface HoursStep {
  week: number;
  from: string;
  percentOfContract: number;
  hoursPerWeek: number;
}

/** The first quota: 70% of the baseline mean, rounded to a whole repetition (at least 1). */
export function startQuota(baseline: readonly number[]): number {
  const mean = baseline.reduce((sum, value) => sum + value, 0) / baseline.length;
  return Math.max(1, Math.round(mean * START_QUOTA_SHARE));
}

/** An exercise's weekly quotas from its baseline to `target` on `targetDate`. */
export function quotaSchedule(input: {
  baseline: readonly number[];
  target: number;
  startDate: string;
  targetDate: string;
}): Schedule<QuotaStep> & { startQuota?: number } {
  const errors: FieldError[] = [];
  const { baseline, target } = input;
  if (baseline.length !== BASELINE_SESSIONS) {
    errors.push({
      field: 'baseline',
      message: `baseline must hold the result of ${BASELINE_SESSIONS} sessions`,
    });
  } else if (baseline.some((value) => !Number.isFinite(value) || value < 0)) {
    errors.push({ field: 'baseline', message: 'baseline values must be 0 or more' });
  } else if (baseline.every((value) => value === 0)) {
    errors.push({
      field: 'baseline',
      message: 'a baseline of zero leaves nothing to grade from: measure a level the person can do',
    });
  }
  const first = errors.length ? undefined : startQuota(baseline);
  if (!Number.isFinite(target) || target <= 0) {
    errors.push({ field: 'target', message: 'target must be more than 0' });
  } else if (first !== undefined && target < first) {
    errors.push({
      field: 'target',
      message: `target must be at least the start quota (${first}): graded activity rises`,
    });
  }
  const weeks = scheduleWeeks(input.startDate, input.targetDate, errors);
  if (errors.length || first === undefined || weeks === undefined) return { ok: false, errors };
  return {
    ok: true,
    startQuota: first,
    steps: linear(weeks, input.startDate, input.targetDate, (share) => ({
      quota: Math.round(first + (target - first) * share),
    })),
  };
}

/** Weekly work hours from `startPercent` of the contract to `targetPercent` on `targetDate`. */
export function hoursSchedule(input: {
  contractHours: number;
  startPercent: number;
  targetPercent: number;
  startDate: string;
  targetDate: string;
}): Schedule<HoursStep> {
  const errors: FieldError[] = [];
  const { contractHours, startPercent, targetPercent } = input;
  if (!Number.isFinite(contractHours) || contractHours <= 0 || contractHours > 60) {
    errors.push({
      field: 'contractHours',
      message: 'contractHours must be more than 0 and at most 60',
    });
  }
  const startValid = Number.isFinite(startPercent) && startPercent >= 0 && startPercent <= 100;
  if (!startValid) {
    errors.push({ field: 'startPercent', message: 'startPercent must be between 0 and 100' });
  }
  if (!Number.isFinite(targetPercent) || targetPercent <= 0 || targetPercent > 100) {
    errors.push({
      field: 'targetPercent',
      message: 'targetPercent must be more than 0 and at most 100',
    });
  } else if (startValid && targetPercent < startPercent) {
    errors.push({
      field: 'targetPercent',
      message: 'targetPercent must be at least startPercent: hours are built up, not down',
    });
  }
  const weeks = scheduleWeeks(input.startDate, input.targetDate, errors);
  if (errors.length || weeks === undefined) return { ok: false, errors };
  return {
    ok: true,
    steps: linear(weeks, input.startDate, input.targetDate, (share) => {
      const percent = roundTo(startPercent + (targetPercent - startPercent) * share, 1);
      return {
        percentOfContract: percent,
        hoursPerWeek: roundTo((contractHours * percent) / 100, 2),
      };
    }),
  };
}

/** Whole weeks from start to target (a part week counts as one), or an error on `targetDate`. */
function scheduleWeeks(
  startDate: string,
  targetDate: string,
  errors: FieldError[],
): number | undefined {
  const days = daysBetween(startDate, targetDate);
  if (days <= 0) {
    errors.push({ field: 'targetDate', message: 'targetDate must be after the start date' });
    return undefined;
  }
  const weeks = Math.ceil(days / 7);
  if (weeks > MAX_SCHEDULE_WEEKS) {
    errors.push({
      field: 'targetDate',
      message: `targetDate must be at most ${MAX_SCHEDULE_WEEKS} weeks after the start date`,
    });
    return undefined;
  }
  return weeks;
}

/** Steps at week 0..weeks, each `share` of the way; the last one dated on the target date. */
function linear<Extra extends object>(
  weeks: number,
  startDate: string,
  targetDate: string,
  at: (share: number) => Extra,
): ({ week: number; from: string } & Extra)[] {
  return Array.from({ length: weeks + 1 }, (_, week) => ({
    week,
    from: week === weeks ? targetDate : addDays(startDate, 7 * week),
    ...at(week / weeks),
  }));
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
