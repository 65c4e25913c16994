import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type {
  ComplaintTrendsDto,
  ComplaintTrendsQuery,
  TrendPointDto,
} from './dto/complaint-trends.dto.js';

/** Employer size band from its latest recorded headcount (FTE), as in EU enterprise statistics. */
const SIZE_BAND = `CASE WHEN hc.fte IS NULL THEN 'unknown' WHEN hc.fte < 10 THEN 'micro'
  WHEN hc.fte < 50 THEN 'small' WHEN hc.fte < 250 THEN 'medium' ELSE 'large' END`;

/**
 * The whole rollup from the raw tables: one pass, grouped by month and cell. An episode with a
 * complaint of two body regions counts in both regions' cells (and once in any total over them).
 */
const EPISODE_MONTH = `date_trunc('month', coalesce(ep.absence_start, ep.referral_date))::date`;

function rollupFill(where: string): string {
  return `INSERT INTO complaint_trend_rollup (month, nace_section, region, size_band, body_region, new_episodes, people)
    SELECT ${EPISODE_MONTH}, coalesce(o.nace_section, '?'), coalesce(o.region, 'unknown'), ${SIZE_BAND},
           coalesce(body.region, 'unknown'), count(*), count(DISTINCT ep.employee_id)
      FROM episode ep
      JOIN organisation o ON o.id = ep.employer_id
      LEFT JOIN LATERAL (SELECT h.fte FROM employer_headcount h WHERE h.employer_id = o.id
                          ORDER BY h.month DESC LIMIT 1) hc ON TRUE
      LEFT JOIN complaint c ON c.episode_id = ep.id
      LEFT JOIN LATERAL unnest(c.regions) AS body(region) ON TRUE
     WHERE ${where}
     GROUP BY 1, 2, 3, 4, 5`;
}

export const REBUILD_ROLLUP_SQL = {
  clear: `DELETE FROM complaint_trend_rollup`,
  fill: rollupFill('TRUE'),
};

/** One month of the rollup again, after a change to an episode of that month. */
const REFRESH_MONTH_SQL = {
  clear: `DELETE FROM complaint_trend_rollup WHERE month = $1::date`,
  fill: rollupFill(`${EPISODE_MONTH} = $1::date`),
};

const PERIOD_LABEL = {
  month: `to_char(month, 'YYYY-MM')`,
  quarter: `to_char(month, 'YYYY') || '-Q' || to_char(month, 'Q')`,
  year: `to_char(month, 'YYYY')`,
} as const;
const PERIODS_PER_YEAR = { month: 12, quarter: 4, year: 1 } as const;

/**
 * Sector-level complaint trends: counts per month and cell in a rollup built from the raw tables,
 * and series read from the rollup only. Every figure behind fewer people than the threshold
 * (`REPORT_MIN_CELL`, never below 5) is withheld. Nothing in a report names or points at a person.
 */
@Injectable()
export class ComplaintTrendsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Rebuilds the whole rollup in one transaction: readers see the old one until it commits. */
  async rebuild(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(REBUILD_ROLLUP_SQL.clear);
      await manager.query(REBUILD_ROLLUP_SQL.fill);
    });
  }

  /**
   * Recomputes one month (the first of it, YYYY-MM-01) from the raw tables; runs after a change
   * to an episode of that month, so the nightly rebuild only has to catch what nothing announced.
   */
  async refreshMonth(month: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // One refresh of a month at a time: two would each delete and insert the same cells.
      await manager.query(
        `SELECT pg_advisory_xact_lock(hashtext('complaint_trend_rollup:' || $1))`,
        [month],
      );
      await manager.query(REFRESH_MONTH_SQL.clear, [month]);
      await manager.query(REFRESH_MONTH_SQL.fill, [month]);
    });
  }

  /**
   * A series for the cell the filters name. Withheld: every period behind fewer than k people
   * (primary), and enough more that no withheld figure can be worked out from published ones
   * (complementary): along each filtered dimension the cell's siblings (the other regions, body
   * regions... of the same period) are checked, and in time the months of a quarter and the
   * quarters of a year; wherever something is withheld in such a group, at least two cells are,
   * behind at least k people together. The choice depends on the data only, so every request
   * withholds the same cells, and subtracting one published figure from another gives no withheld
   * figure alone.
   */
  async trends(query: ComplaintTrendsQuery): Promise<ComplaintTrendsDto> {
    const k = this.config.reports.minimumCell;
    const filters = FILTERS.filter(([, key]) => query[key] !== undefined).map(
      ([column, key]) => [column, query[key] as string] as const,
    );
    // The series with its siblings along each filtered dimension, over time: every cell that
    // such a table withholds, the series withholds too. The series is a row set of the first table.
    const tables = filters.length
      ? await Promise.all(
          filters.map(async ([column, value]) => ({
            value,
            cells: await this.cells(
              query.period,
              filters.filter(([other]) => other !== column),
              column,
            ),
          })),
        )
      : [
          {
            value: '*',
            cells: (await this.cells(query.period, [])).map((row) => ({ ...row, value: '*' })),
          },
        ];
    const rows = tables[0].cells.filter((cell) => cell.value === tables[0].value);
    const withheld = new Set<string>();
    for (const table of tables) {
      const hidden = withholdInTable(table.cells, k, query.period);
      for (const row of rows)
        if (hidden.has(`${table.value}|${row.period}`)) withheld.add(row.period);
    }

    const shown = rows.map((row) => (withheld.has(row.period) ? null : row.newEpisodes));
    const lag = PERIODS_PER_YEAR[query.period];
    const change = (now: number | null, before: number | null | undefined) =>
      now === null || before === null || before === undefined || before === 0
        ? null
        : Math.round(((now - before) / before) * 1000) / 10;
    const points: TrendPointDto[] = rows.map((row, i) => ({
      period: row.period,
      newEpisodes: shown[i],
      suppressed: shown[i] === null,
      changeFromPrevious:
        i > 0 && consecutive(rows[i - 1].period, row.period, query.period)
          ? change(shown[i], shown[i - 1])
          : null,
      changeFromYearEarlier: change(shown[i], yearEarlier(rows, shown, i, lag, query.period)),
    }));
    return { period: query.period, minimumCell: k, points };
  }

  /** New episodes and people per period for the filters, per value of `by` when given. */
  private async cells(
    period: keyof typeof PERIODS_PER_YEAR,
    filters: readonly (readonly [string, string])[],
    by?: string,
  ): Promise<{ period: string; value: string | null; newEpisodes: number; people: number }[]> {
    const params = filters.map(([, value]) => value);
    const where = filters.map(([column], i) => `${column} = $${i + 1}`);
    const rows = await this.dataSource.query<
      { period: string; value: string | null; new_episodes: string; people: string }[]
    >(
      `SELECT ${PERIOD_LABEL[period]} AS period, ${by ?? 'NULL'} AS value,
              sum(new_episodes) AS new_episodes, sum(people) AS people
         FROM complaint_trend_rollup ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        GROUP BY 1, 2 ORDER BY 1, 2`,
      params,
    );
    return rows.map((row) => ({
      period: row.period,
      value: row.value,
      newEpisodes: Number(row.new_episodes),
      people: Number(row.people),
    }));
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The report filters and the rollup column each one selects on. */
const FILTERS = [
  ['nace_section', 'naceSection'],
  ['region', 'region'],
  ['size_band', 'sizeBand'],
  ['body_region', 'bodyRegion'],
] as const;

/**
 * Which cells of a group (cells that add up to a published total) to withhold: those behind
 * fewer than k people, and then, while fewer than two are withheld or the withheld ones stand for
 * fewer than k people together, the smallest of the rest. An empty cell (0 people) shows nobody.
 * @param grouped false for a series on its own (primary suppression only).
 */
export function complement(
  cells: readonly { key: string; people: number }[],
  k: number,
  preset: ReadonlySet<string> = new Set(),
  grouped = true,
): Set<string> {
  const hidden = new Set(preset);
  for (const cell of cells) if (cell.people > 0 && cell.people < k) hidden.add(cell.key);
  if (!grouped || hidden.size === 0) return hidden;
  const people = (key: string) => cells.find((cell) => cell.key === key)?.people ?? 0;
  const rest = cells
    .filter((cell) => !hidden.has(cell.key) && cell.people > 0)
    .sort((a, b) => a.people - b.people || a.key.localeCompare(b.key));
  const total = () => [...hidden].reduce((sum, key) => sum + people(key), 0);
  while ((hidden.size < 2 || total() < k) && rest.length) hidden.add(rest.shift()!.key);
  return hidden;
}

/**
 * The cells to withhold in a table of siblings (the values of one dimension) by period, as
 * `value|period`: small cells, then complements within each period (the siblings add up to the
 * period's total) and within each value's quarter or year (the months or quarters add up to it),
 * repeated until neither adds anything, so that no total minus published cells isolates a
 * withheld one in either direction.
 */
function withholdInTable(
  cells: readonly { period: string; value: string | null; people: number }[],
  k: number,
  period: keyof typeof PERIODS_PER_YEAR,
): Set<string> {
  const id = (cell: { period: string; value: string | null }) => `${cell.value}|${cell.period}`;
  const hidden = new Set<string>();
  for (const cell of cells) if (cell.people > 0 && cell.people < k) hidden.add(id(cell));
  const groups = [
    ...groupBy(cells, (cell) => cell.period).values(),
    ...(period === 'year'
      ? []
      : [
          ...groupBy(
            cells,
            (cell) => `${cell.value}|${parentPeriod(cell.period, period)}`,
          ).values(),
        ]),
  ].filter((group) => group.length > 1);
  for (let round = 0; round < 50; round++) {
    const before = hidden.size;
    for (const group of groups) {
      const keyed = group.map((cell) => ({ key: id(cell), people: cell.people }));
      const preset = new Set(keyed.filter((cell) => hidden.has(cell.key)).map((cell) => cell.key));
      if (!preset.size) continue;
      for (const key of complement(keyed, k, preset)) hidden.add(key);
    }
    if (hidden.size === before) break;
  }
  return hidden;
}

/** The period a month or quarter adds up to (its quarter, its year); a year has none. */
function parentPeriod(label: string, period: keyof typeof PERIODS_PER_YEAR): string {
  if (period === 'month')
    return `${label.slice(0, 4)}-Q${Math.floor((Number(label.slice(5, 7)) - 1) / 3) + 1}`;
  return label.slice(0, 4);
}

/** Whether `after` is the period right after `before` (periods without episodes have no row). */
function consecutive(
  before: string,
  after: string,
  period: keyof typeof PERIODS_PER_YEAR,
): boolean {
  return periodIndex(after, period) - periodIndex(before, period) === 1;
}

function periodIndex(label: string, period: keyof typeof PERIODS_PER_YEAR): number {
  const year = Number(label.slice(0, 4));
  if (period === 'year') return year;
  if (period === 'quarter') return year * 4 + Number(label.slice(6)) - 1;
  return year * 12 + Number(label.slice(5, 7)) - 1;
}

function yearEarlier(
  rows: readonly { period: string }[],
  shown: readonly (number | null)[],
  i: number,
  lag: number,
  period: keyof typeof PERIODS_PER_YEAR,
): number | null | undefined {
  const target = periodIndex(rows[i].period, period) - lag;
  const j = rows.findIndex((row) => periodIndex(row.period, period) === target);
  return j < 0 ? undefined : shown[j];
}
