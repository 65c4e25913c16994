import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * An active employee of the employer, straight in the database. Enrolled on 1 January 2020 unless
 * told otherwise, so a test may open episodes on any date of the last few years without bringing
 * them in as historic.
 */
export async function createEmployee(
  dataSource: DataSource,
  employerId: string,
  overrides: { fullName?: string; department?: string; userId?: string; enrolledOn?: string } = {},
): Promise<string> {
  const [row] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO employee (employer_id, employee_number, full_name, birth_year, contract_hours, job_title,
                           physical_demands, department, user_id, created_at, version)
     VALUES ($1, $2, $3, 1985, 38, 'Teacher', '{standing}', $4, $5,
             ($6::date + time '12:00') AT TIME ZONE 'Europe/Brussels', 1) RETURNING id`,
    [
      employerId,
      `E-${randomUUID().slice(0, 8)}`,
      overrides.fullName ?? 'Test Employee',
      overrides.department ?? null,
      overrides.userId ?? null,
      overrides.enrolledOn ?? '2020-01-01',
    ],
  );
  return row.id;
}
