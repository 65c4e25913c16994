import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AbsenceClockAndEpisodeHistory1795662000000 } from '../../migrations/1795662000000-AbsenceClockAndEpisodeHistory.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrations, schemaDrift } from '../../src/database/migrate.js';
import {
  databaseName,
  dropTestDatabase,
  ensureDatabase,
  withDatabase,
} from '../../src/dev/local-services.js';
import { createEmployee } from '../factories/employees.js';
import { createEmployer } from '../factories/identity.js';

const adminUrl = process.env.RTW_TEST_ADMIN_DATABASE_URL as string;

/**
 * Going back to one checkpoint per rule and episode keeps what is due on the clock in force; the
 * way forward again gives every checkpoint counted from the first sick day its episode's clock.
 */
describe('migration: absence clock and episode history', () => {
  const database = `${databaseName(process.env.DATABASE_URL as string)}_clock`;
  const url = withDatabase(adminUrl, database);
  const migration = new AbsenceClockAndEpisodeHistory1795662000000();
  let db: DataSource;
  let episode: string;

  const checkpoints = () =>
    db.query<{ rule_key: string; status: string; due_on: string }[]>(
      `SELECT rule_key, status, to_char(due_on, 'YYYY-MM-DD') AS due_on
         FROM checkpoint WHERE episode_id = $1 ORDER BY rule_key, due_on`,
      [episode],
    );
  const run = async (step: 'up' | 'down') => {
    const runner = db.createQueryRunner();
    try {
      await migration[step](runner);
    } finally {
      await runner.release();
    }
  };

  beforeAll(async () => {
    await ensureDatabase(adminUrl, database);
    await runMigrations(url);
    db = new DataSource(
      dataSourceOptions(url, { applicationName: 'rtw-clock-migration-test', poolSize: 2 }),
    );
    await db.initialize();
    const employer = await createEmployer(db);
    const employee = await createEmployee(db, employer);
    // Absent from 2 March; a relapse after a long return started a new clock on 1 May.
    [{ id: episode }] = await db.query<{ id: string }[]>(
      `INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, absence_start,
                            clock_start, contract_hours, version)
       VALUES ($1, $2, 'NL', '2026-03-02', '2026-03-02', '2026-05-01', 38, 1) RETURNING id`,
      [employee, employer],
    );
    const rows: [string, string, string, string][] = [
      // rule, clock, due, status
      ['nl_absence_report', '2026-03-02', '2026-03-08', 'completed'],
      ['nl_absence_report', '2026-05-01', '2026-05-07', 'planned'],
      ['nl_problem_analysis', '2026-05-01', '2026-06-11', 'planned'],
      ['nl_week_42_notification', '2026-03-02', '2026-12-21', 'cancelled'],
    ];
    for (const [rule, clock, due, status] of rows) {
      await db.query(
        `INSERT INTO checkpoint (episode_id, template_id, rule_key, occurrence, category, kind, anchor,
                                 clock_start, computed_due_on, due_on, participants, status, outcome, version)
         SELECT $1, id, $2, 1, 'statutory', 'deadline', 'sickness_day_1', $3, $4, $4, '{hr}', $5,
                CASE WHEN $5 = 'completed' THEN 'continue' END, 1
           FROM checkpoint_template WHERE code = 'nl_poortwachter' AND version = 1`,
        [episode, rule, clock, due, status],
      );
    }
  });
  afterAll(async () => {
    await db?.destroy();
    await dropTestDatabase(adminUrl, database);
  });

  it('keeps the rows of the clock in force going down, and gives each row its clock going up', async () => {
    await run('down');
    expect(await checkpoints()).toEqual([
      { rule_key: 'nl_absence_report', status: 'planned', due_on: '2026-05-07' },
      { rule_key: 'nl_problem_analysis', status: 'planned', due_on: '2026-06-11' },
      { rule_key: 'nl_week_42_notification', status: 'cancelled', due_on: '2026-12-21' },
    ]);
    const [before] = await db.query<{ clock_start: string }[]>(
      `SELECT to_char(clock_start, 'YYYY-MM-DD') AS clock_start FROM episode WHERE id = $1`,
      [episode],
    );
    expect(before.clock_start).toBe('2026-03-02');

    await run('up');
    expect(await schemaDrift(url)).toEqual([]);
    const clocks = await db.query<{ clock_start: string }[]>(
      `SELECT DISTINCT to_char(clock_start, 'YYYY-MM-DD') AS clock_start FROM checkpoint
        WHERE episode_id = $1`,
      [episode],
    );
    expect(clocks).toEqual([{ clock_start: '2026-03-02' }]);
    const [{ pauses }] = await db.query<{ pauses: unknown }[]>(
      `SELECT clock_pauses AS pauses FROM episode WHERE id = $1`,
      [episode],
    );
    expect(pauses).toEqual([]);
  });
});
