import type { Schemas } from '../api/client';

type WorkWeek = Schemas['WorkWeekViewDto'];

/** The Monday of the week a calendar day (`2026-11-02`) falls in. */
export function mondayOf(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The step of the work track in force in a week (the last one starting on or before its Sunday). */
export function stepInForce(track: WorkWeek[], monday: string): WorkWeek | undefined {
  const sunday = addDays(monday, 6);
  return [...track]
    .sort((a, b) => a.from.localeCompare(b.from))
    .filter((step) => step.from <= sunday)
    .at(-1);
}

/** The Mondays from the plan's start to this week (or its target, if that comes first). */
export function planWeeks(startDate: string, targetFullReturn: string, today: string): string[] {
  const last = mondayOf(targetFullReturn < today ? targetFullReturn : today);
  const weeks: string[] = [];
  for (
    let monday = mondayOf(startDate);
    monday <= last && weeks.length < 104;
    monday = addDays(monday, 7)
  ) {
    weeks.push(monday);
  }
  return weeks;
}
