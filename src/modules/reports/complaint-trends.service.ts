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

  async trends(query: ComplaintTrendsQuery): Promise<ComplaintTrendsDto> {
    const params: unknown[] = [];
    const where = (
      [
        ['nace_section', query.naceSection],
        ['region', query.region],
        ['size_band', query.sizeBand],
        ['body_region', query.bodyRegion],
      ] as const
    )
      .filter(([, value]) => value !== undefined)
      .map(([column, value]) => {
        params.push(value);
        return `${column} = $${params.length}`;
      });
    const rows = await this.dataSource.query<
      { period: string; new_episodes: string; people: string }[]
    >(
      `SELECT ${PERIOD_LABEL[query.period]} AS period, sum(new_episodes) AS new_episodes, sum(people) AS people
         FROM complaint_trend_rollup ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        GROUP BY 1 ORDER BY 1`,
      params,
    );
    const k = this.config.reports.minimumCell;
    const shown = rows.map((row) => (Number(row.people) < k ? null : Number(row.new_episodes)));
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
