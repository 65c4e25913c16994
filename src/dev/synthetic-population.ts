import type pg from 'pg';

/**
 * A synthetic working population for the demo, the report tests and the benchmarks: employers by
 * NACE section, region and size, their employees and years of closed return-to-work episodes with
 * the body region of the complaint, the work status timeline (absent, back part-time, full duty)
 * and the pathway with its risk stratum. Deterministic: the same spec and seed give the same rows. The
 * number of new episodes per sector rises linearly from the first to the last year by the sector's
 * growth factor, so a report over it must find exactly that growth.
 *
 * Built in PostgreSQL, set by set: every "random" choice is a hash of the seed and the row number.
 */
export interface SectorSpec {
  /** NACE Rev.2 section letter. */
  section: string;
  /** Share of the employees working in the sector. */
  share: number;
  /** New episodes in the first year. */
  firstYearEpisodes: number;
  /** Last year's new episodes over the first year's (1.64 is +64%). */
  growth: number;
}

export interface PopulationSpec {
  seed: number;
  employees: number;
  employeesPerEmployer: number;
  firstYear: number;
  years: number;
  sectors: SectorSpec[];
  regions: string[];
}

/** The figures of the source article: +64% in education, +40% in services over five years. */
export const ARTICLE_POPULATION: PopulationSpec = {
  seed: 20_260_101,
  employees: 1_000_000,
  employeesPerEmployer: 80,
  firstYear: 2021,
  years: 5,
  sectors: [
    { section: 'P', share: 0.2, firstYearEpisodes: 12_500, growth: 1.64 },
    { section: 'N', share: 0.25, firstYearEpisodes: 12_500, growth: 1.4 },
    { section: 'Q', share: 0.25, firstYearEpisodes: 12_500, growth: 1.2 },
    { section: 'C', share: 0.3, firstYearEpisodes: 12_500, growth: 1.1 },
  ],
  regions: ['BE1', 'BE2', 'BE3', 'NL1', 'NL2', 'NL3', 'NL4'],
};

/** The article's population at another size: the episodes scale with the employees. */
export function articlePopulation(employees: number): PopulationSpec {
  const scale = employees / ARTICLE_POPULATION.employees;
  return {
    ...ARTICLE_POPULATION,
    employees,
    sectors: ARTICLE_POPULATION.sectors.map((sector) => ({
      ...sector,
      firstYearEpisodes: Math.round(sector.firstYearEpisodes * scale),
    })),
  };
}

const BODY_REGIONS = ['neck', 'shoulder', 'upper_back', 'low_back'];

/** New episodes of a sector in year `index` (0-based): linear from the first year to first × growth. */
export function episodesInYear(sector: SectorSpec, index: number, years: number): number {
  const share = years === 1 ? 0 : index / (years - 1);
  return Math.round(sector.firstYearEpisodes * (1 + (sector.growth - 1) * share));
}

export async function generatePopulation(
  db: pg.Client | pg.Pool,
  spec: PopulationSpec,
): Promise<{ employers: number; employees: number; episodes: number }> {
  // A deterministic number in [0, 1) from the seed, a salt and a row number.
  const draw = (salt: string, n: string) =>
    `(('x' || substr(md5(${spec.seed}::text || ':${salt}:' || ${n}), 1, 8))::bit(32)::bigint / 4294967296.0)`;
  let employers = 0;
  let employees = 0;
  let episodes = 0;
  for (const [s, sector] of spec.sectors.entries()) {
    const sectorEmployees = Math.round(spec.employees * sector.share);
    const sectorEmployers = Math.max(1, Math.round(sectorEmployees / spec.employeesPerEmployer));
    const { rows: made } = await db.query<{ id: string }>(
      `INSERT INTO organisation (kind, name, nace_section, nace_code, nace_version, region, version)
       SELECT 'employer', 'Synthetic ' || $1 || ' ' || n, $1, $2, 'NACE_REV2',
              ($3::text[])[1 + floor(${draw(`region${s}`, 'n')} * array_length($3::text[], 1))::int], 1
         FROM generate_series(1, $4) AS n
       RETURNING id`,
      [sector.section, nace(sector.section), spec.regions, sectorEmployers],
    );
    const employerIds = made.map((row) => row.id);
    employers += employerIds.length;
    // Employees spread over the employers; each employer's headcount in FTE is its employee count.
    await db.query(
      `INSERT INTO employee (employer_id, employee_number, full_name, birth_year, contract_hours,
                             job_title, physical_demands, version)
       SELECT ($1::uuid[])[1 + (n % array_length($1::uuid[], 1))], 'S' || $2 || '-' || n,
              'Synthetic person ' || $2 || '-' || n, 1960 + floor(${draw(`birth${s}`, 'n')} * 45)::int,
              38, 'Employee', '{}', 1
         FROM generate_series(1, $3) AS n`,
      [employerIds, sector.section, sectorEmployees],
    );
    employees += sectorEmployees;
    await db.query(
      `INSERT INTO employer_headcount (employer_id, month, fte)
       SELECT e.employer_id, make_date($2, 1, 1), count(*)
         FROM employee e WHERE e.employer_id = ANY($1::uuid[]) GROUP BY e.employer_id`,
      [employerIds, spec.firstYear],
    );
    for (let year = 0; year < spec.years; year++) {
      const count = episodesInYear(sector, year, spec.years);
      const calendarYear = spec.firstYear + year;
      const { rowCount } = await db.query(
        `WITH staff AS (
           SELECT e.id, e.employer_id, o.region, row_number() OVER (ORDER BY e.employee_number) - 1 AS k,
                  count(*) OVER () AS total
             FROM employee e JOIN organisation o ON o.id = e.employer_id
            WHERE e.employer_id = ANY($1::uuid[])
         ), picks AS (
           SELECT md5(${spec.seed}::text || ':episode:${s}:${year}:' || n)::uuid AS id,
                  floor(${draw(`who${s}:${year}`, 'n')} * (SELECT max(total) FROM staff))::bigint AS k,
                  make_date($2, 1, 1) + floor(${draw(`day${s}:${year}`, 'n')} * 365)::int AS absence_start,
                  ($4::text[])[1 + floor(${draw(`body${s}:${year}`, 'n')} * 4)::int] AS body_region,
                  14 + floor(power(${draw(`days${s}:${year}`, 'n')}, 2) * 240)::int AS days,
                  ${draw(`risk${s}:${year}`, 'n')} AS risk
             FROM generate_series(1, $3) AS n
         ), episodes AS (
           INSERT INTO episode (id, employee_id, employer_id, jurisdiction, referral_date, absence_start,
                                clock_start, contract_hours, status, close_reason, closed_on, version)
           SELECT p.id, s.id, s.employer_id, left(s.region, 2), p.absence_start, p.absence_start,
                  p.absence_start, 38, 'closed', 'full_rtw', p.absence_start + p.days + 14, 1
             FROM picks p JOIN staff s ON s.k = p.k
           RETURNING id
         ), timeline AS (
           -- Absent, back at half of the hours after 60% of the absence, then full duty.
           INSERT INTO work_status_period (episode_id, effective_from, status, percent_of_contract)
           SELECT p.id, step.day, step.status, step.percent
             FROM picks p JOIN episodes e ON e.id = p.id
            CROSS JOIN LATERAL (VALUES (p.absence_start, 'absent', 0),
                                       (p.absence_start + (p.days * 6) / 10, 'partial', 50),
                                       (p.absence_start + p.days, 'full_duty', 100)) AS step(day, status, percent)
         ), pathways AS (
           -- One in five at high risk of chronicity, on the multidisciplinary pathway.
           INSERT INTO pathway_recommendation (episode_id, pathway, chronicity_risk, components, fired_rules,
                                               missing_inputs, inputs, evaluated_at, version)
           SELECT p.id, CASE WHEN p.risk < 0.2 THEN 'multidisciplinary' ELSE 'physio_led' END,
                  CASE WHEN p.risk < 0.2 THEN 'high' WHEN p.risk < 0.5 THEN 'medium' ELSE 'low' END,
                  '[]', '{}', '{}', '{}', p.absence_start, 1
             FROM picks p JOIN episodes e ON e.id = p.id
         )
         INSERT INTO complaint (episode_id, regions, side, specificity, version)
         SELECT p.id, ARRAY[p.body_region], 'central', 'aspecific', 1
           FROM picks p JOIN episodes e ON e.id = p.id`,
        [employerIds, calendarYear, count, BODY_REGIONS],
      );
      episodes += rowCount ?? 0;
    }
  }
  return { employers, employees, episodes };
}

/** A representative NACE code of the section (division.group). */
function nace(section: string): string {
  const codes: Record<string, string> = {
    C: '25.62',
    N: '81.21',
    P: '85.31',
    Q: '86.10',
  };
  return codes[section] ?? '99.00';
}
