import { addDays, addMonths } from '../../common/dates/calendar.js';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';

/**
 * Whether the dates of an absence (a referral, the first day of absence, a change of work status)
 * are plausible, so that a mistyped year (2062 for 2026, 1926) is refused where it is typed rather
 * than driving statutory deadlines, the absence clock and the sector reports. Pure.
 *
 * - Never more than 90 days after today: a referral or an absence can be planned (an operation
 *   with its known recovery), not further ahead than a quarter.
 * - Not more than six weeks before the employee was enrolled on the platform: an employee is
 *   often enrolled because they fell ill, and HR reports the absence within days (NL: the
 *   absence report is due in week 1; the problem analysis by week 6). What happened before then
 *   is brought in on purpose, with `historic` set.
 * - Never more than 10 years before today, historic or not: no return-to-work programme or report
 *   reaches back further (the sector reports start from the first year on record, the absence
 *   clock links absences weeks apart), so an older date is taken for a typing error.
 */
export const MAX_DAYS_AHEAD = 90;
export const MAX_YEARS_BACK = 10;
/** Days before the enrolment an absence may have begun without being brought in as historic. */
export const ENROLMENT_GRACE_DAYS = 42;

export interface DateBounds {
  /** Today where the user is (YYYY-MM-DD). */
  today: string;
  /** The day the employee was enrolled; unknown (no bound) when the caller may not see them. */
  enrolledOn?: string;
  /** The caller brings in an absence from before the enrolment on purpose. */
  historic?: boolean;
}

/** The latest and earliest dates allowed for `bounds`. */
export function plausibleRange(bounds: DateBounds): { earliest: string; latest: string } {
  const floor = addMonths(bounds.today, -12 * MAX_YEARS_BACK);
  const enrolmentBound = bounds.enrolledOn
    ? addDays(bounds.enrolledOn, -ENROLMENT_GRACE_DAYS)
    : undefined;
  const earliest =
    !bounds.historic && enrolmentBound && enrolmentBound > floor ? enrolmentBound : floor;
  return { earliest, latest: addDays(bounds.today, MAX_DAYS_AHEAD) };
}

/**
 * An error for each given date outside the plausible range, keyed by its field; dates left out
 * (undefined or null) are not checked. Dates are calendar dates (YYYY-MM-DD), already valid.
 */
export function implausibleDates(
  dates: Record<string, string | null | undefined>,
  bounds: DateBounds,
): FieldError[] {
  const { earliest, latest } = plausibleRange(bounds);
  const floor = addMonths(bounds.today, -12 * MAX_YEARS_BACK);
  const errors: FieldError[] = [];
  for (const [field, date] of Object.entries(dates)) {
    if (date === undefined || date === null) continue;
    if (date > latest) {
      errors.push({
        field,
        message: `${field} must not be more than ${MAX_DAYS_AHEAD} days after today (${latest} at the latest)`,
      });
    } else if (date < floor) {
      errors.push({
        field,
        message: `${field} must not be more than ${MAX_YEARS_BACK} years before today (${floor} at the earliest)`,
      });
    } else if (date < earliest) {
      errors.push({
        field,
        message: `${field} must not be more than ${ENROLMENT_GRACE_DAYS} days before the employee's enrolment on ${bounds.enrolledOn} (${earliest} at the earliest); send historic: true to bring in an earlier absence`,
      });
    }
  }
  return errors;
}

/** Dates that are well formed but implausible: 422, each field named. */
export function implausibleDatesError(errors: FieldError[]): DomainError {
  return new DomainError('unprocessable', 'Some dates are implausible.', { errors });
}
