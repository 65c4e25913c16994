import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** An active employee of the employer, straight in the database. */
export async function createEmployee(
  dataSource: DataSource,
  employerId: string,
  overrides: { fullName?: string; department?: string; userId?: string } = {},
): Promise<string> {
  const [row] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO employee (employer_id, employee_number, full_name, birth_year, contract_hours, job_title,
                           physical_demands, department, user_id, version)
     VALUES ($1, $2, $3, 1985, 38, 'Teacher', '{standing}', $4, $5, 1) RETURNING id`,
    [
      employerId,
      `E-${randomUUID().slice(0, 8)}`,
      overrides.fullName ?? 'Test Employee',
      overrides.department ?? null,
      overrides.userId ?? null,
    ],
  );
  return row.id;
}
