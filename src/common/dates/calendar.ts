/**
 * Arithmetic on calendar dates written YYYY-MM-DD. Legal and clinical deadlines count calendar
 * days, not hours, so dates never pass through a time zone: each is a day number since 1970-01-01
 * and back, in UTC, where no daylight-saving change can shift it.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

function dayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function fromDayNumber(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Calendar days from `from` to `to`: 0 for the same day, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Today's date where the user is (Belgium and the Netherlands share a zone). */
export function todayIn(timeZone = 'Europe/Brussels', now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Today in SQL, as `todayIn` gives it: the date in Belgium and the Netherlands. */
export const TODAY_SQL = `(now() AT TIME ZONE 'Europe/Brussels')::date`;

/**
 * `date` plus `months` calendar months; a day that does not exist in the target month becomes that
 * month's last day (31 August plus 6 months is 28 or 29 February).
 */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)) / DAY_MS);
}

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export function isoWeekday(date: string): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** `date` itself when it is Monday to Friday, else the Monday after. Public holidays are not known. */
export function workingDayFrom(date: string): string {
  const weekday = isoWeekday(date);
  return weekday <= 5 ? date : addDays(date, 8 - weekday);
}
