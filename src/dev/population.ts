/**
 * `npm run population`: fills the database of DATABASE_URL (migrated first) with the synthetic
 * population of the source article (1,000,000 employees, about 300,000 episodes over five years,
 * education +64%, services +40%), then rebuilds the report cube, and prints how long each took.
 * `POPULATION_EMPLOYEES` scales it down (episodes scale with it). Refuses a database that already
 * holds employees.
 */
import pg from 'pg';
import { runMigrations } from '../database/migrate.js';
import {
  ARTICLE_POPULATION,
  articlePopulation,
  generatePopulation,
} from './synthetic-population.js';
import { rebuildCube, sqlOfClient } from '../modules/reports/report-cube.js';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('population: set DATABASE_URL to the database to fill\n');
  process.exit(2);
}
const spec = articlePopulation(
  Number(process.env.POPULATION_EMPLOYEES ?? ARTICLE_POPULATION.employees),
);

await runMigrations(url);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM employee`);
  if (Number(rows[0].count) > 0) {
    process.stderr.write('population: this database already holds employees; use an empty one\n');
    process.exit(2);
  }
  let started = Date.now();
  const made = await generatePopulation(client, spec);
  process.stdout.write(
    `population: ${made.employers} employers, ${made.employees} employees, ${made.episodes} episodes in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  started = Date.now();
  await client.query('ANALYZE');
  await client.query('BEGIN');
  await rebuildCube(sqlOfClient(client), Number(process.env.REPORT_MIN_CELL ?? 10));
  await client.query('COMMIT');
  process.stdout.write(
    `population: report cube rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
} finally {
  await client.end();
}
