/**
 * What the progress entries say against the plan: how often the quotas were reached, whether the
 * person is behind schedule (two consecutive weeks under quota or under the planned hours), and
 * whether the outcome instruments moved by a change that is both detectable and important. Pure.
 */
import { addDays, daysBetween } from '../../common/dates/calendar.js';
import {
  type ChangeClass,
  classifyChange,
  OUTCOME_INSTRUMENTS,
  type OutcomeInstrument,
} from '../instruments/important-change.js';
import { PSFS_ACTIVITY_RULES, type StoredPsfsActivity } from '../instruments/instruments.js';

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

export interface MeasuredValue {
  takenOn: string;
  value: number;
}

export interface OutcomeChange {
  instrument: OutcomeInstrument;
  baseline: MeasuredValue;
  latest: MeasuredValue;
  /** `latest - baseline`, rounded to one decimal for people; the flag uses the exact values. */
  difference: number;
  change: ChangeClass;
  /** PSFS: the activities both means are taken over (rated at both administrations); else null. */
  activitiesCompared: number | null;
}

/** One PSFS activity: its own baseline (the first administration that rated it) and latest. */
export interface PsfsActivityChange {
  activityId: string;
  name: string;
  baseline: MeasuredValue;
  /** null while the activity has been rated once only. */
  latest: MeasuredValue | null;
  difference: number | null;
  change: ChangeClass | null;
}

/** An administration as stored: its instrument, date, answers and score. */
export interface Administration {
  instrument: string;
  takenOn: string;
  answers: Record<string, unknown>;
  score: Record<string, unknown>;
}

/** The score each instrument's change is measured on (the PSFS mean is recomputed, see below). */
const SCORE_FIELD: Readonly<Record<Exclude<OutcomeInstrument, 'psfs'>, string>> = {
  odi: 'percent',
  ndi: 'percent',
  nrs_pain: 'score',
};

/**
 * For each outcome instrument measured twice or more, the first and the latest measurement and
 * whether the change counts (`classifyChange`: at least the smallest detectable change and the
 * minimal important change).
 *
 * The PSFS mean is compared over the activities rated at both administrations only: a mean over
 * other activities measures something else. With fewer than the PSFS's minimum of activities in
 * common there is no mean to compare, and the activities' own changes (`psfsActivityChanges`)
 * are what can be read.
 */
export function outcomeChanges(responses: readonly Administration[]): OutcomeChange[] {
  const changes: OutcomeChange[] = [];
  for (const instrument of OUTCOME_INSTRUMENTS) {
    const change =
      instrument === 'psfs'
        ? psfsMeanChange(responses)
        : scoreChange(instrument, responses, SCORE_FIELD[instrument]);
    if (change) changes.push(change);
  }
  return changes;
}

function scoreChange(
  instrument: Exclude<OutcomeInstrument, 'psfs'>,
  responses: readonly Administration[],
  field: string,
): OutcomeChange | undefined {
  const measured = inOrder(
    responses.filter((r) => r.instrument === instrument && typeof r.score[field] === 'number'),
  );
  if (measured.length < 2) return undefined;
  const first = measured[0];
  const last = measured[measured.length - 1];
  return measuredChange(
    instrument,
    { takenOn: first.takenOn, value: first.score[field] as number },
    { takenOn: last.takenOn, value: last.score[field] as number },
    null,
  );
}

function psfsMeanChange(responses: readonly Administration[]): OutcomeChange | undefined {
  const rated = psfsAdministrations(responses);
  if (rated.length < 2) return undefined;
  const first = rated[0];
  const last = rated[rated.length - 1];
  const before = new Map(first.activities.map((a) => [a.activityId, a.rating]));
  const common = last.activities.filter((a) => before.has(a.activityId));
  if (common.length < PSFS_ACTIVITY_RULES.min) return undefined;
  const mean = (ratings: number[]) => ratings.reduce((sum, r) => sum + r, 0) / ratings.length;
  return measuredChange(
    'psfs',
    { takenOn: first.takenOn, value: mean(common.map((a) => before.get(a.activityId)!)) },
    { takenOn: last.takenOn, value: mean(common.map((a) => a.rating)) },
    common.length,
  );
}

/**
 * Each PSFS activity of the episode, in the order it was first rated: its baseline is the first
 * administration that rated it (an activity added later starts its own), its latest the last one,
 * and its change is flagged by the detectable change of a single activity (3 points).
 */
export function psfsActivityChanges(responses: readonly Administration[]): PsfsActivityChange[] {
  const byActivity = new Map<string, { name: string; ratings: MeasuredValue[] }>();
  for (const administration of psfsAdministrations(responses)) {
    for (const activity of administration.activities) {
      const entry = byActivity.get(activity.activityId) ?? { name: activity.name, ratings: [] };
      entry.name = activity.name;
      entry.ratings.push({ takenOn: administration.takenOn, value: activity.rating });
      byActivity.set(activity.activityId, entry);
    }
  }
  return [...byActivity].map(([activityId, { name, ratings }]) => {
    const baseline = ratings[0];
    const latest = ratings.length > 1 ? ratings[ratings.length - 1] : null;
    return {
      activityId,
      name,
      baseline,
      latest,
      difference: latest ? roundOneDecimal(latest.value - baseline.value) : null,
      change: latest ? classifyChange('psfs_activity', baseline.value, latest.value) : null,
    };
  });
}

/** PSFS administrations with identified activities, oldest first. */
function psfsAdministrations(
  responses: readonly Administration[],
): { takenOn: string; activities: StoredPsfsActivity[] }[] {
  return inOrder(responses.filter((r) => r.instrument === 'psfs')).flatMap((r) => {
    const activities = r.answers.activities;
    return Array.isArray(activities)
      ? [{ takenOn: r.takenOn, activities: activities as StoredPsfsActivity[] }]
      : [];
  });
}

/** By date; administrations of one day keep the order they were stored in. */
function inOrder<T extends { takenOn: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => a.takenOn.localeCompare(b.takenOn));
}

function measuredChange(
  instrument: OutcomeInstrument,
  baseline: MeasuredValue,
  latest: MeasuredValue,
  activitiesCompared: number | null,
): OutcomeChange {
  return {
    instrument,
    baseline,
    latest,
    difference: roundOneDecimal(latest.value - baseline.value),
    change: classifyChange(instrument, baseline.value, latest.value),
    activitiesCompared,
  };
}

function roundOneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}
