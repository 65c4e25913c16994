import type { DataSource, EntityManager } from 'typeorm';
import { visibleEmployees } from '../../common/access/employee-scope.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { todayIn } from '../../common/dates/calendar.js';
import type { FieldError } from '../../common/errors/domain-error.js';
import type { OpenEpisodeDto } from './dto/episode.dto.js';
import { implausibleDates } from './plausible-dates.js';

/**
 * The day an employee was enrolled on the platform (their record made, by hand or by an import),
 * in Belgian and Dutch time; undefined when the caller may not see the employee, so that a refusal
 * never tells them anything about someone else's employee.
 */
export async function enrolmentOf(
  db: DataSource | EntityManager,
  actor: AuthenticatedUser,
  employeeId: string,
): Promise<string | undefined> {
  const params: unknown[] = [employeeId];
  const [row] = await db.query<{ enrolled_on: string }[]>(
    `SELECT to_char((e.created_at AT TIME ZONE 'Europe/Brussels')::date, 'YYYY-MM-DD') AS enrolled_on
       FROM employee e WHERE e.id = $1 AND ${visibleEmployees(actor, 'e', params)}`,
    params,
  );
  return row?.enrolled_on;
}

/** The refusals of an episode's referral and absence dates (see plausible-dates.ts). */
export async function openingDateErrors(
  db: DataSource | EntityManager,
  actor: AuthenticatedUser,
  dto: Pick<OpenEpisodeDto, 'employeeId' | 'referralDate' | 'absenceStart' | 'historic'>,
): Promise<FieldError[]> {
  return implausibleDates(
    { referralDate: dto.referralDate, absenceStart: dto.absenceStart },
    {
      today: todayIn(),
      enrolledOn: await enrolmentOf(db, actor, dto.employeeId),
      historic: dto.historic === true,
    },
  );
}
