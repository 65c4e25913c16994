import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { refreshCubeYear, type Sql } from '../../src/modules/reports/report-cube.js';
import { createEmployee } from '../factories/employees.js';
import { createUser } from '../factories/identity.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/**
 * Recurrence within 28 days of the return, in the outcome cohorts: a new episode counts, and so
 * does a relapse recorded on the same episode's timeline. Cohort 2019 of an employer in NACE
 * section U (extraterritorial organisations) holds only this file's episodes.
 */
describe('outcome cohorts: recurrence within 28 days of the return', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('counts a relapse on the same episode and a new episode, not a relapse after the window', async () => {
    const [{ id: employer }] = await db.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, nace_section, nace_code, nace_version, region, version)
       VALUES ('employer', 'Embassy', 'U', '99.00', 'NACE_REV2', 'BE1', 1) RETURNING id`,
    );
    const hr = await createUser(db, 'hr', { organisationId: employer });
    // Each episode: absent from 4 March 2019, full duty from 1 April; then what follows.
    const cases: { after: [string, 'absent' | 'partial'][]; newEpisodeOn?: string }[] = [
      { after: [['2019-04-28', 'partial']] }, // 27 days back: a recurrence on the same episode
      { after: [['2019-04-29', 'absent']] }, // 28 days back: outside the window
      { after: [], newEpisodeOn: '2019-04-15' }, // a new episode 14 days after the return
      { after: [] }, // stayed at work
    ];
    for (const { after, newEpisodeOn } of cases) {
      const employee = await createEmployee(db, employer);
      const [{ id }] = await db.query<{ id: string }[]>(
        `INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, absence_start,
                              clock_start, contract_hours, version)
         VALUES ($1, $2, 'BE', DATE '2019-03-04', DATE '2019-03-04', DATE '2019-03-04', 38, 1)
         RETURNING id`,
        [employee, employer],
      );
      const steps: [string, string][] = [
        ['2019-03-04', 'absent'],
        ['2019-04-01', 'full_duty'],
        ...after,
      ];
      for (const [from, status] of steps) {
        await db.query(
          `INSERT INTO work_status_period (episode_id, effective_from, status, percent_of_contract, recorded_by)
           VALUES ($1, $2, $3, $4, $5)`,
          [id, from, status, status === 'full_duty' ? 100 : status === 'partial' ? 50 : 0, hr.id],
        );
      }
      if (newEpisodeOn) {
        await db.query(
          `UPDATE episode SET status = 'closed', close_reason = 'full_rtw', closed_on = DATE '2019-04-05'
            WHERE id = $1`,
          [id],
        );
        await db.query(
          `INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, absence_start,
                                clock_start, contract_hours, version)
           VALUES ($1, $2, 'BE', $3, $3, $3, 38, 1)`,
          [employee, employer, newEpisodeOn],
        );
      }
    }

    const runner = db.createQueryRunner();
    await runner.connect();
    const sql: Sql = async <T>(text: string, params?: unknown[]) =>
      (await runner.query(text, params)) as T[];
    try {
      await runner.startTransaction();
      expect(await refreshCubeYear(sql, 2019, 5, new Date())).toBe(true);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const [row] = await db.query<{ recurrences_28_days: number; observed_28_days: number }[]>(
      `SELECT recurrences_28_days, observed_28_days FROM report_outcome
        WHERE cohort = 2019 AND nace_section = 'U' AND pathway = '*' AND risk_stratum = '*'`,
    );
    // Four episodes returned to full duty (the new one has not): two of them recurred.
    expect(row).toMatchObject({ recurrences_28_days: 2, observed_28_days: 4 });
  });
});
