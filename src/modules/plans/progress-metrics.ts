/**
 * What the progress entries say against the plan: how often the quotas were reached, whether the
 * person is behind schedule (two consecutive weeks under quota or under the planned hours), and
 * whether the outcome instruments moved by at least their minimal important change. Pure.
 */
import { addDays, daysBetween } from '../../common/dates/calendar.js';
import {
  type ChangeClass,
  MIC_RULES,
  type MicInstrumentCode,
  minimalImportantChange,
} from '../instruments/instruments.js';

export interface PlannedExercise {
  schedule?: readonly { from: string; quota: number }[];
}

export interface PlannedSchedule {
  movementTrack: readonly PlannedExercise[];
  workTrack: readonly { from: string; percentOfContract: number }[];
  contractHours: number;
}

export interface SessionRecord {
  sessionDate: string;
  quotas: readonly { exercise: number; reached: number }[];
}

export interface HoursRecord {
  weekStart: string;
  hoursWorked: number;
}

export interface WeekStatus {
  weekStart: string;
  /** null: no session that week. */
  underQuota: boolean | null;
  /** null: no hours recorded that week, or no work planned yet. */
  underHours: boolean | null;
}

export interface ProgressMetrics {
  /** Share of exercise sessions that reached the planned quota, in %; null before any. */
  quotaAdherencePercent: number | null;
  weeks: WeekStatus[];
  /** Two consecutive weeks under quota or under the planned hours. */
  behindSchedule: boolean;
  /** The same on hours alone: the part HR and the employee see. */
  behindOnHours: boolean;
}

/** The Monday of the week a date falls in. */
export function weekOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
  return addDays(date, -weekday);
}

/** The step in force on `date`: the last one starting on or before it. */
function inForce<T extends { from: string }>(steps: readonly T[], date: string): T | undefined {
  let current: T | undefined;
  for (const step of steps) if (step.from <= date) current = step;
  return current;
}

export function plannedHours(plan: PlannedSchedule, weekStart: string): number | undefined {
  // The week counts at the level in force by its end: a step starting mid-week applies to it.
  const week = inForce(plan.workTrack, addDays(weekStart, 6));
  return week ? (plan.contractHours * week.percentOfContract) / 100 : undefined;
}

export function progressMetrics(
  plan: PlannedSchedule,
  sessions: readonly SessionRecord[],
  hours: readonly HoursRecord[],
): ProgressMetrics {
  let measured = 0;
  let reached = 0;
  const weeks = new Map<string, WeekStatus>();
  const week = (weekStart: string): WeekStatus => {
    let status = weeks.get(weekStart);
    if (!status) {
      status = { weekStart, underQuota: null, underHours: null };
      weeks.set(weekStart, status);
    }
    return status;
  };
  for (const session of sessions) {
    const status = week(weekOf(session.sessionDate));
    for (const { exercise, reached: done } of session.quotas) {
      const planned = inForce(plan.movementTrack[exercise]?.schedule ?? [], session.sessionDate);
      if (!planned) continue;
      measured += 1;
      const met = done >= planned.quota;
      if (met) reached += 1;
      status.underQuota = (status.underQuota ?? false) || !met;
    }
  }
  for (const entry of hours) {
    const planned = plannedHours(plan, entry.weekStart);
    if (planned === undefined) continue;
    week(entry.weekStart).underHours = entry.hoursWorked < planned;
  }
  const ordered = [...weeks.values()].sort((a, b) => a.weekStart.localeCompare(b.weekStart));
  return {
    quotaAdherencePercent: measured ? Math.round((reached / measured) * 1000) / 10 : null,
    weeks: ordered,
    behindSchedule: twoInARow(ordered, (w) => w.underQuota === true || w.underHours === true),
    behindOnHours: twoInARow(ordered, (w) => w.underHours === true),
  };
}

function twoInARow(weeks: readonly WeekStatus[], behind: (week: WeekStatus) => boolean): boolean {
  return weeks.some(
    (current, index) =>
      index > 0 &&
      behind(current) &&
      behind(weeks[index - 1]) &&
      daysBetween(weeks[index - 1].weekStart, current.weekStart) === 7,
  );
}

export interface OutcomeChange {
  instrument: MicInstrumentCode;
  baseline: { takenOn: string; value: number };
  latest: { takenOn: string; value: number };
  change: ChangeClass;
}

/** For each instrument with a minimal important change, the first and the latest measurement. */
export function outcomeChanges(
  responses: readonly { instrument: string; takenOn: string; score: Record<string, unknown> }[],
): OutcomeChange[] {
  const changes: OutcomeChange[] = [];
  for (const instrument of Object.keys(MIC_RULES) as MicInstrumentCode[]) {
    const field = MIC_RULES[instrument].value;
    const measured = responses
      .filter((r) => r.instrument === instrument && typeof r.score[field] === 'number')
      .sort((a, b) => a.takenOn.localeCompare(b.takenOn));
    if (measured.length < 2) continue;
    const first = measured[0];
    const last = measured[measured.length - 1];
    const [before, after] = [first.score[field] as number, last.score[field] as number];
    changes.push({
      instrument,
      baseline: { takenOn: first.takenOn, value: before },
      latest: { takenOn: last.takenOn, value: after },
      change: minimalImportantChange(instrument, before, after),
    });
  }
  return changes;
}
