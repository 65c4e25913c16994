import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { PsfsActivities1795660000000 } from '../../migrations/1795660000000-PsfsActivities.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrations, schemaDrift } from '../../src/database/migrate.js';
import {
  databaseName,
  dropTestDatabase,
  ensureDatabase,
  withDatabase,
} from '../../src/dev/local-services.js';
import { outcomeChanges, psfsActivityChanges } from '../../src/modules/plans/progress-metrics.js';
import { createEmployee } from '../factories/employees.js';
import { createEmployer } from '../factories/identity.js';

const adminUrl = process.env.RTW_TEST_ADMIN_DATABASE_URL as string;

/**
 * PSFS administrations stored before activities had names (`activity_1` ... `activity_5`) get one
 * activity per episode and place on the form; `down` gives the old answers back.
 */
describe('migration: PSFS activities', () => {
  const database = `${databaseName(process.env.DATABASE_URL as string)}_psfs`;
  const url = withDatabase(adminUrl, database);
  const migration = new PsfsActivities1795660000000();
  let db: DataSource;
  const episodes: string[] = [];
  const enteredBy = '0b6f3c1e-2d4a-4e5f-8a9b-1c2d3e4f5a6b';

  const legacy = [
    // episode, taken on, answers
    [0, '2026-11-02', { activity_1: 3, activity_2: 5, activity_3: 4 }],
    [0, '2026-12-14', { activity_1: 6, activity_2: 5, activity_3: 7, activity_4: 2 }],
    [1, '2026-11-09', { activity_2: 8, activity_3: 1, activity_5: 4 }],
  ] as const;

  const rows = () =>
    db.query<
      {
        episode_id: string;
        instrument: string;
        taken_on: string;
        answers: Record<string, unknown>;
        score: Record<string, unknown>;
      }[]
    >(
      `SELECT episode_id, instrument, to_char(taken_on, 'YYYY-MM-DD') AS taken_on, answers, score
         FROM questionnaire_response ORDER BY episode_id, taken_on, created_at`,
    );

  beforeAll(async () => {
    await ensureDatabase(adminUrl, database);
    await runMigrations(url);
    db = new DataSource(
      dataSourceOptions(url, { applicationName: 'rtw-psfs-migration-test', poolSize: 2 }),
    );
    await db.initialize();
    const employer = await createEmployer(db);
    for (let i = 0; i < 2; i++) {
      const employee = await createEmployee(db, employer);
      const [{ id }] = await db.query<{ id: string }[]>(
        `INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, contract_hours, version)
         VALUES ($1, $2, 'BE', '2026-10-26', 38, 1) RETURNING id`,
        [employee, employer],
      );
      episodes.push(id);
    }
    // The schema as it was before: no activities table, answers by place on the form.
    const runner = db.createQueryRunner();
    try {
      await migration.down(runner);
    } finally {
      await runner.release();
    }
    for (const [episode, takenOn, answers] of legacy) {
      const ratings = Object.values(answers) as number[];
      await db.query(
        `INSERT INTO questionnaire_response (episode_id, instrument, taken_on, answers, score, entered_by)
         VALUES ($1, 'psfs', $2, $3, $4, $5)`,
        [
          episodes[episode],
          takenOn,
          JSON.stringify(answers),
          JSON.stringify({
            instrument: 'psfs',
            scored: true,
            mean: ratings.reduce((a, b) => a + b, 0) / ratings.length,
            activities: ratings.length,
          }),
          enteredBy,
        ],
      );
    }
    await db.query(
      `INSERT INTO questionnaire_response (episode_id, instrument, taken_on, answers, score, entered_by)
       VALUES ($1, 'nrs_pain', '2026-11-02', '{"score": 6}', '{"instrument": "nrs_pain", "scored": true, "score": 6}', $2)`,
      [episodes[0], enteredBy],
    );
  });
  afterAll(async () => {
    await db?.destroy();
    await dropTestDatabase(adminUrl, database);
  });

  it('names one activity per episode and place, and keeps every rating and score', async () => {
    const before = await rows();
    const runner = db.createQueryRunner();
    try {
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await schemaDrift(url)).toEqual([]);

    const activities = await db.query<
      { id: string; episode_id: string; name: string; named_by: string }[]
    >(`SELECT id, episode_id, name, named_by FROM psfs_activity ORDER BY episode_id, name`);
    const byEpisode = (index: number) =>
      activities.filter((a) => a.episode_id === episodes[index]).map((a) => a.name);
    expect(byEpisode(0)).toEqual([1, 2, 3, 4].map((n) => `Unnamed activity ${n}`));
    expect(byEpisode(1)).toEqual([2, 3, 5].map((n) => `Unnamed activity ${n}`));
    expect(new Set(activities.map((a) => a.named_by))).toEqual(new Set([enteredBy]));

    const after = await rows();
    expect(after.map((r) => r.score)).toEqual(before.map((r) => r.score));
    const idOf = (episode: number, place: number) =>
      activities.find(
        (a) => a.episode_id === episodes[episode] && a.name === `Unnamed activity ${place}`,
      )!.id;
    for (const [index, row] of after.entries()) {
      if (row.instrument !== 'psfs') {
        expect(row.answers).toEqual(before[index].answers);
        continue;
      }
      const episode = episodes.indexOf(row.episode_id);
      expect(row.answers).toEqual({
        activities: Object.entries(before[index].answers).map(([key, rating]) => {
          const place = Number(key.slice('activity_'.length));
          return { activityId: idOf(episode, place), name: `Unnamed activity ${place}`, rating };
        }),
      });
    }

    // Read back as any administration: the places rated both times are one activity each.
    const first = after.filter((r) => r.episode_id === episodes[0]);
    const administrations = first.map((r) => ({
      instrument: r.instrument,
      takenOn: r.taken_on,
      answers: r.answers,
      score: r.score,
    }));
    expect(outcomeChanges(administrations).find((c) => c.instrument === 'psfs')).toMatchObject({
      baseline: { value: 4 },
      latest: { value: 6 },
      activitiesCompared: 3,
      change: 'improved',
    });
    expect(psfsActivityChanges(administrations).map((a) => [a.name, a.difference])).toEqual([
      ['Unnamed activity 1', 3],
      ['Unnamed activity 2', 0],
      ['Unnamed activity 3', 3],
      ['Unnamed activity 4', null],
    ]);
  });

  it('gives the old answers back on the way down', async () => {
    const runner = db.createQueryRunner();
    try {
      await migration.down(runner);
    } finally {
      await runner.release();
    }
    const psfs = (await rows())
      .filter((r) => r.instrument === 'psfs')
      .map((r) => [episodes.indexOf(r.episode_id), r.taken_on, r.answers] as const)
      .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
    expect(psfs).toEqual([
      [0, '2026-11-02', { activity_1: 3, activity_2: 5, activity_3: 4 }],
      [0, '2026-12-14', { activity_1: 6, activity_2: 5, activity_3: 7, activity_4: 2 }],
      // Places are given back in order: an unnamed gap on the form closes up.
      [1, '2026-11-09', { activity_1: 8, activity_2: 1, activity_3: 4 }],
    ]);
    const [{ present }] = await db.query<{ present: string | null }[]>(
      `SELECT to_regclass('psfs_activity')::text AS present`,
    );
    expect(present).toBeNull();
  });
});
