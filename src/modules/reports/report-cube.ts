import type pg from 'pg';
import { TODAY_SQL } from '../../common/dates/calendar.js';
import {
  dimensionRelations,
  type SuppressionCell,
  timeRelations,
  withheldCells,
} from './cube-suppression.js';

/**
 * The sector report cube, computed in PostgreSQL from the raw tables: per period (month, quarter,
 * year) and per NACE section x region x employer size band x body region, with `*` for "all" in
 * any of them, the new episodes, the people behind them, everyone with an episode open in the
 * period, and the days of absence. Then the outcome cohorts and the working population behind the
 * cells. Written by the rebuild (all years) and the refresh of one year, both under one lock, and
 * then the withheld flags for the whole of each year decided at once.
 */

/** Runs one statement: a TypeORM manager or a `pg` client, adapted. */
export type Sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** A `pg` client (tools and benchmarks) as the cube's statement runner. */
export function sqlOfClient(client: pg.Client | pg.PoolClient): Sql {
  return async <T>(text: string, params?: unknown[]) =>
    (await client.query(text, params)).rows as T[];
}

const SIZE_BAND = `CASE WHEN s.fte IS NULL THEN 'unknown' WHEN s.fte < 10 THEN 'micro'
  WHEN s.fte < 50 THEN 'small' WHEN s.fte < 250 THEN 'medium' ELSE 'large' END`;
/** Each employer's latest recorded headcount, in FTE. */
const EMPLOYER_SIZE = `SELECT DISTINCT ON (employer_id) employer_id, fte
  FROM employer_headcount ORDER BY employer_id, month DESC`;
const START_DAY = `coalesce(e.absence_start, e.referral_date)`;

/**
 * The months each episode was open, for the months from $1 (inclusive) to $2 (exclusive) and the
 * episodes `scope` selects (a condition on the episode `e`): one row per episode and month, and one per
 * stretch of absence in a month with its days. An episode counts from the month it began (its
 * absence, else its referral) to the month it closed (or today). Absence days come from the work
 * status timeline: an absent day counts 1, a partial one its unworked share.
 */
function episodeMonthsSql(scope: string): string {
  return `
  WITH sizes AS (${EMPLOYER_SIZE}),
  ep AS (
    SELECT e.id, e.employee_id, e.employer_id, coalesce(o.nace_section, '?') COLLATE "C" AS nace_section,
           coalesce(o.region, 'unknown') COLLATE "C" AS region, (${SIZE_BAND}) COLLATE "C" AS size_band,
           CASE WHEN cardinality(c.regions) > 0 THEN c.regions ELSE ARRAY['unknown'] END AS body_regions,
           ${START_DAY} AS start_day,
           greatest(least(coalesce(e.closed_on, ${TODAY_SQL}), ${TODAY_SQL}), ${START_DAY}) + 1 AS end_day
      FROM episode e
      JOIN organisation o ON o.id = e.employer_id
      LEFT JOIN sizes s ON s.employer_id = e.employer_id
      LEFT JOIN complaint c ON c.episode_id = e.id
     WHERE ${START_DAY} < $2::date
       AND greatest(least(coalesce(e.closed_on, ${TODAY_SQL}), ${TODAY_SQL}), ${START_DAY}) >= $1::date
       AND ${scope}
  ),
  status AS (
    SELECT w.episode_id, ep.employee_id, ep.employer_id, ep.nace_section, ep.region, ep.size_band, ep.body_regions,
           w.effective_from AS f, (100 - w.percent_of_contract)::float8 / 100 AS weight,
           least(coalesce(lead(w.effective_from) OVER (PARTITION BY w.episode_id ORDER BY w.effective_from),
                          ep.end_day), ep.end_day) AS t
      FROM work_status_period w JOIN ep ON ep.id = w.episode_id
  ),
  months AS (
    -- One row per episode and month it was open, and one per stretch of absence in a month.
    SELECT ep.id, ep.employee_id, ep.employer_id, ep.nace_section, ep.region, ep.size_band, ep.body_regions, m::date AS month,
           m = date_trunc('month', ep.start_day::timestamp) AS is_new, 0::float8 AS absence_days
      FROM ep
     CROSS JOIN LATERAL generate_series(date_trunc('month', ep.start_day::timestamp), (ep.end_day - 1)::timestamp, interval '1 month') AS m
     WHERE m >= $1::date AND m < $2::date
    UNION ALL
    SELECT s.episode_id, s.employee_id, s.employer_id, s.nace_section, s.region, s.size_band, s.body_regions, m::date, false,
           s.weight * (least(s.t, (m + interval '1 month')::date) - greatest(s.f, m::date))
      FROM status s
     CROSS JOIN LATERAL generate_series(date_trunc('month', s.f::timestamp), (s.t - 1)::timestamp, interval '1 month') AS m
     WHERE s.weight > 0 AND s.t > s.f AND m >= $1::date AND m < $2::date
  )`;
}

/**
 * The cells at the finest employer grain, every grain of time, each body region and all of them:
 * one GROUP BY over the raw tables. A complaint of two body regions counts in each region and
 * once in `*`.
 */
export const BASE_CELLS_SQL = `${episodeMonthsSql('TRUE')},
  facts AS (
    SELECT mo.id, mo.employee_id, mo.nace_section, mo.region, mo.size_band, mo.is_new, mo.month,
           date_trunc('quarter', mo.month::timestamp)::date AS quarter,
           date_trunc('year', mo.month::timestamp)::date AS year,
           mo.absence_days, body.region COLLATE "C" AS body_region, body.n
      FROM months mo
     CROSS JOIN LATERAL unnest(mo.body_regions) WITH ORDINALITY AS body(region, n)
  )
  -- Per person first (hashing, no DISTINCT), then the people of each cell are its rows.
  , per_person AS (
    SELECT CASE WHEN GROUPING(month) = 0 THEN 'month' WHEN GROUPING(quarter) = 0 THEN 'quarter' ELSE 'year' END AS grain,
           coalesce(month, quarter, year) AS period, nace_section, region, size_band,
           CASE WHEN GROUPING(body_region) = 1 THEN '*' ELSE body_region END AS body_region,
           CASE WHEN GROUPING(body_region) = 1 THEN count(*) FILTER (WHERE is_new AND n = 1)
                ELSE count(*) FILTER (WHERE is_new) END AS new_episodes,
           coalesce(CASE WHEN GROUPING(body_region) = 1 THEN sum(absence_days) FILTER (WHERE n = 1)
                         ELSE sum(absence_days) END, 0) AS absence_days
      FROM facts
     GROUP BY employee_id, GROUPING SETS (
       (month, nace_section, region, size_band, body_region), (month, nace_section, region, size_band),
       (quarter, nace_section, region, size_band, body_region), (quarter, nace_section, region, size_band),
       (year, nace_section, region, size_band, body_region), (year, nace_section, region, size_band))
  )
  SELECT grain, period, nace_section, region, size_band, body_region,
         sum(new_episodes) AS new_episodes, count(*) FILTER (WHERE new_episodes > 0) AS new_people,
         count(*) AS people, sum(absence_days) AS absence_days
    FROM per_person
   GROUP BY grain, period, nace_section, region, size_band, body_region`;

/**
 * Per employer of $3 (uuid[]), quarter and year: new episodes, the people behind them, everyone
 * with an episode open, and absence days. No body region: an employer never receives one.
 */
export const EMPLOYER_CELLS_SQL = `${episodeMonthsSql('e.employer_id = ANY($3::uuid[])')},
  per_person AS (
    SELECT employer_id, CASE WHEN GROUPING(quarter) = 0 THEN 'quarter' ELSE 'year' END AS grain,
           coalesce(quarter, year) AS period, count(*) FILTER (WHERE is_new) AS new_episodes,
           sum(absence_days) AS absence_days
      FROM (SELECT employer_id, employee_id, is_new, absence_days,
                   date_trunc('quarter', month::timestamp)::date AS quarter,
                   date_trunc('year', month::timestamp)::date AS year
              FROM months) facts
     GROUP BY employer_id, employee_id, GROUPING SETS ((quarter), (year))
  )
  SELECT employer_id, grain, to_char(period, 'YYYY-MM-DD') AS period, sum(new_episodes) AS new_episodes,
         count(*) FILTER (WHERE new_episodes > 0) AS new_people, count(*) AS people,
         round(sum(absence_days)::numeric, 1) AS absence_days
    FROM per_person
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;

const ALL = (column: string) => `CASE WHEN GROUPING(${column}) = 1 THEN '*' ELSE ${column} END`;

/**
 * The cube from the base cells: sums over employers' sections, regions and size bands (every
 * employee works for one employer, so people add up exactly across them).
 */
const INSERT_CELLS_SQL = `
  INSERT INTO report_cell (grain, nace_section, region, size_band, body_region, period,
                           new_episodes, new_people, people, absence_days, withheld)
  SELECT grain, ${ALL('nace_section')}, ${ALL('region')}, ${ALL('size_band')}, body_region, period,
         sum(new_episodes), sum(new_people), sum(people), round(sum(absence_days)::numeric, 1), false
    FROM (${BASE_CELLS_SQL}) base
   GROUP BY grain, period, body_region, CUBE (nace_section, region, size_band)`;

const INSERT_POPULATION_SQL = `
  INSERT INTO report_population (nace_section, region, size_band, employers, fte)
  SELECT ${ALL('nace_section')}, ${ALL('region')}, ${ALL('size_band')}, count(*), coalesce(sum(fte), 0)
    FROM (SELECT coalesce(o.nace_section, '?') AS nace_section, coalesce(o.region, 'unknown') AS region,
                 ${SIZE_BAND} AS size_band, s.fte
            FROM organisation o LEFT JOIN (${EMPLOYER_SIZE}) s ON s.employer_id = o.id
           WHERE o.kind = 'employer') employers
   GROUP BY CUBE (nace_section, region, size_band)`;

/**
 * Outcome cohorts of the episodes that began in the years from $1 to $2 (exclusive): days to the
 * first day of full duty, returns by 12 weeks and 6 months, and a recurrence within 28 days of the
 * return (a new episode, or a relapse recorded on the same episode's timeline: absent or partial
 * again); each rate over the episodes old enough to have shown it by today.
 */
const INSERT_OUTCOMES_SQL = `
  INSERT INTO report_outcome (cohort, nace_section, pathway, risk_stratum, episodes, people, returned,
                              median_days_to_full_return, returned_by_12_weeks, observed_12_weeks,
                              returned_by_6_months, observed_6_months, recurrences_28_days,
                              observed_28_days, withheld)
  WITH ep AS (
    SELECT e.id, e.employee_id, coalesce(o.nace_section, '?') AS nace_section,
           coalesce(pr.override_pathway, pr.pathway, 'none') AS pathway,
           coalesce(pr.chronicity_risk, 'unknown') AS risk_stratum, ${START_DAY} AS start_day,
           (SELECT min(w.effective_from) FROM work_status_period w
             WHERE w.episode_id = e.id AND w.status = 'full_duty' AND w.effective_from > ${START_DAY}) AS full_return
      FROM episode e
      JOIN organisation o ON o.id = e.employer_id
      LEFT JOIN pathway_recommendation pr ON pr.episode_id = e.id
     WHERE e.absence_start IS NOT NULL AND ${START_DAY} >= $1::date AND ${START_DAY} < $2::date
  ), outcome AS (
    SELECT ep.*, extract(year FROM ep.start_day)::int AS cohort, ep.full_return - ep.start_day AS days,
           (EXISTS (SELECT 1 FROM episode n
                     WHERE n.employee_id = ep.employee_id AND n.id <> ep.id
                       AND coalesce(n.absence_start, n.referral_date) >= ep.full_return
                       AND coalesce(n.absence_start, n.referral_date) < ep.full_return + 28)
            OR EXISTS (SELECT 1 FROM work_status_period r
                        WHERE r.episode_id = ep.id AND r.status <> 'full_duty'
                          AND r.effective_from > ep.full_return
                          AND r.effective_from < ep.full_return + 28)) AS recurred
      FROM ep
  )
  SELECT cohort, ${ALL('nace_section')}, ${ALL('pathway')}, ${ALL('risk_stratum')}, count(*),
         count(DISTINCT employee_id), count(full_return),
         percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
         count(*) FILTER (WHERE days <= 84 AND start_day + 84 <= ${TODAY_SQL}),
         count(*) FILTER (WHERE start_day + 84 <= ${TODAY_SQL}),
         count(*) FILTER (WHERE full_return < start_day + interval '6 months' AND start_day + interval '6 months' <= ${TODAY_SQL}),
         count(*) FILTER (WHERE start_day + interval '6 months' <= ${TODAY_SQL}),
         count(*) FILTER (WHERE recurred AND full_return + 28 <= ${TODAY_SQL}),
         count(*) FILTER (WHERE full_return + 28 <= ${TODAY_SQL}),
         false
    FROM outcome
   GROUP BY cohort, CUBE (nace_section, pathway, risk_stratum)`;

/** Serialises every write to the cube: a rebuild and a refresh would each replace the same rows. */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('report_cube'))`;
/** Memory for the sorts and hashes of one rebuild, so they stay off the disk (worker only). */
export const REPORT_WORK_MEM = `SET LOCAL work_mem = '256MB'`;
/**
 * A rebuild of a large population (a million employees: about a minute) runs past the 30 s every
 * statement of the platform is otherwise given, and a refresh may wait that long for the lock.
 */
const REPORT_STATEMENT_TIMEOUT = `SET LOCAL statement_timeout = '30min'`;

/**
 * Every change committed before this moment is in what the next statement computes (each statement
 * of a READ COMMITTED transaction sees what was committed when it began): recorded per year.
 */
const COMPUTED_FROM_SQL = `
  INSERT INTO report_refresh (year, computed_from)
  SELECT year, clock_timestamp() FROM unnest($1::int[]) AS year
  ON CONFLICT (year) DO UPDATE SET computed_from = excluded.computed_from`;

/** The whole cube again; run inside one transaction, so readers see the old one until it commits. */
export async function rebuildCube(sql: Sql, k: number): Promise<void> {
  await sql(REPORT_STATEMENT_TIMEOUT);
  await sql(LOCK_SQL);
  await sql(REPORT_WORK_MEM);
  const [{ years }] = await sql<{ years: number[] }>(
    `SELECT array(SELECT generate_series(min(extract(year FROM coalesce(absence_start, referral_date)))::int,
                                         extract(year FROM ${TODAY_SQL})::int)) AS years
       FROM episode`,
  );
  await sql(COMPUTED_FROM_SQL, [years]);
  await sql(`DELETE FROM report_cell`);
  await sql(`DELETE FROM report_outcome`);
  await sql(INSERT_CELLS_SQL, ['0001-01-01', '9999-01-01']);
  await sql(INSERT_OUTCOMES_SQL, ['0001-01-01', '9999-01-01']);
  await refreshPopulation(sql);
  const built = await sql<{ year: number }>(
    `SELECT DISTINCT extract(year FROM period)::int AS year FROM report_cell ORDER BY 1`,
  );
  for (const { year } of built) await withholdYear(sql, year, k);
}

/**
 * One calendar year of the cube again, after a change to an episode of that year made before
 * `requestedAt`. Skipped when the year was computed after that (with a second's margin for the
 * clocks of the processes): a burst of changes costs one refresh. Returns whether it ran.
 */
export async function refreshCubeYear(
  sql: Sql,
  year: number,
  k: number,
  requestedAt: Date,
): Promise<boolean> {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  await sql(REPORT_STATEMENT_TIMEOUT);
  await sql(LOCK_SQL);
  const [done] = await sql<{ fresh: boolean }>(
    `SELECT computed_from > $2::timestamptz + interval '1 second' AS fresh
       FROM report_refresh WHERE year = $1`,
    [year, requestedAt.toISOString()],
  );
  if (done?.fresh) return false;
  await sql(REPORT_WORK_MEM);
  await sql(COMPUTED_FROM_SQL, [[year]]);
  await sql(`DELETE FROM report_cell WHERE period >= $1::date AND period < $2::date`, [from, to]);
  await sql(`DELETE FROM report_outcome WHERE cohort = $1`, [year]);
  await sql(INSERT_CELLS_SQL, [from, to]);
  await sql(INSERT_OUTCOMES_SQL, [from, to]);
  await refreshPopulation(sql);
  await withholdYear(sql, year, k);
  return true;
}

async function refreshPopulation(sql: Sql): Promise<void> {
  await sql(`DELETE FROM report_population`);
  await sql(INSERT_POPULATION_SQL);
}

const CELL_DIMENSIONS = ['nace_section', 'region', 'size_band', 'body_region'] as const;

/**
 * The withheld flags of one year's cells and outcome cohort. Every relation of the year lies
 * within it (a period's sections, regions, size bands and body regions with their total; months
 * with their quarter; quarters with their year), so a year is decided on its own.
 */
async function withholdYear(sql: Sql, year: number, k: number): Promise<void> {
  const rows = await sql<{
    grain: 'month' | 'quarter' | 'year';
    period: string;
    nace_section: string;
    region: string;
    size_band: string;
    body_region: string;
    new_people: number;
    people: number;
  }>(
    `SELECT grain, to_char(period, 'YYYY-MM-DD') AS period, nace_section, region, size_band, body_region,
            new_people, people
       FROM report_cell WHERE period >= $1::date AND period < $2::date`,
    [`${year}-01-01`, `${year + 1}-01-01`],
  );
  const cells: SuppressionCell[] = rows.map((row) => {
    const dims = CELL_DIMENSIONS.map((column) => row[column]);
    const cell = dims.join('|');
    return {
      key: `${row.grain}|${row.period}|${cell}`,
      people: [Number(row.new_people), Number(row.people)],
      relations: [
        ...dimensionRelations(`${row.grain}|${row.period}`, dims),
        ...timeRelations(row.grain, row.period, cell),
      ],
    };
  });
  const withheld = [...withheldCells(cells, k)].map((key) => key.split('|'));
  if (withheld.length) {
    await sql(
      `UPDATE report_cell c SET withheld = true
         FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[])
              AS w(grain, period, nace_section, region, size_band, body_region)
        WHERE (c.grain, c.period, c.nace_section, c.region, c.size_band, c.body_region)
            = (w.grain, w.period, w.nace_section, w.region, w.size_band, w.body_region)`,
      [0, 1, 2, 3, 4, 5].map((i) => withheld.map((key) => key[i])),
    );
  }

  const outcomes = await sql<{
    nace_section: string;
    pathway: string;
    risk_stratum: string;
    people: number;
  }>(`SELECT nace_section, pathway, risk_stratum, people FROM report_outcome WHERE cohort = $1`, [
    year,
  ]);
  const hidden = withheldCells(
    outcomes.map((row) => {
      const dims = [row.nace_section, row.pathway, row.risk_stratum];
      return {
        key: dims.join('|'),
        people: [Number(row.people)],
        relations: dimensionRelations(String(year), dims),
      };
    }),
    k,
  );
  if (hidden.size) {
    const keys = [...hidden].map((key) => key.split('|'));
    await sql(
      `UPDATE report_outcome o SET withheld = true
         FROM unnest($2::text[], $3::text[], $4::text[]) AS w(nace_section, pathway, risk_stratum)
        WHERE o.cohort = $1 AND (o.nace_section, o.pathway, o.risk_stratum) = (w.nace_section, w.pathway, w.risk_stratum)`,
      [year, ...[0, 1, 2].map((i) => keys.map((key) => key[i]))],
    );
  }
}
