import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { queryPrepared } from '../../database/prepared-query.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type {
  ComplaintTrendsDto,
  ComplaintTrendsQuery,
  TrendPointDto,
} from './dto/complaint-trends.dto.js';
import {
  PERIODS_PER_YEAR,
  percentChange,
  periodIndex,
  periodLabel,
  type PeriodCounts,
  publishedCounts,
  rates,
  type TrendPeriod,
} from './report-periods.js';
import { rebuildCube, refreshCubeYear, type Sql } from './report-cube.js';
import { nutsRegion } from '../organisations/nuts.js';

/**
 * Sector-level complaint trends, read from the published cube (`report_cell`), never from the
 * episodes: new episodes, incidence, prevalence and absence per period for any combination of
 * sector, region, size band and body region. A withheld cell gives no figure at all; which cells
 * are withheld was decided for the whole cube when it was built, so two requests never differ in
 * a way that isolates a withheld figure. Nothing in a report names or points at a person.
 */
@Injectable()
export class ComplaintTrendsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Rebuilds the whole cube in one transaction: readers see the old one until it commits. */
  async rebuild(): Promise<void> {
    await this.dataSource.transaction((manager) =>
      rebuildCube(sqlOf(manager), this.config.reports.minimumCell),
    );
  }

  /**
   * Recomputes the year of `month` (YYYY-MM-DD) from the raw tables after a change to an episode
   * that began then, made before `requestedAt`; skipped when the year was computed since. Returns
   * whether it ran. The nightly rebuild catches what nothing announced.
   */
  async refreshMonth(month: string, requestedAt: Date): Promise<boolean> {
    return this.dataSource.transaction((manager) =>
      refreshCubeYear(
        sqlOf(manager),
        Number(month.slice(0, 4)),
        this.config.reports.minimumCell,
        requestedAt,
      ),
    );
  }

  async trends(query: ComplaintTrendsQuery): Promise<ComplaintTrendsDto> {
    // The one query of every report request: prepared, so PostgreSQL plans it once per connection.
    const rows = await queryPrepared<{
      period: string;
      new_episodes: number;
      people: number;
      absence_days: string;
      withheld: boolean;
      employers: number | null;
      fte: string | null;
    }>(
      this.dataSource,
      `SELECT to_char(c.period, 'YYYY-MM-DD') AS period, c.new_episodes, c.people, c.absence_days,
              c.withheld, p.employers, p.fte
         FROM report_cell c
         LEFT JOIN report_population p
           ON (p.nace_section, p.region, p.size_band) = (c.nace_section, c.region, c.size_band)
        WHERE c.grain = $1 AND c.nace_section = $2 AND c.region = $3 AND c.size_band = $4
          AND c.body_region = $5
        ORDER BY c.period`,
      [
        query.period,
        query.naceSection ?? '*',
        query.region ?? '*',
        query.sizeBand ?? '*',
        query.bodyRegion ?? '*',
      ],
    );
    const fte = rows.length && rows[0].fte !== null ? Number(rows[0].fte) : null;
    const series = rows.map((row) => ({
      label: periodLabel(row.period, query.period),
      counts: publishedCounts(row, row.withheld),
    }));
    return {
      period: query.period,
      region: query.region
        ? { code: query.region, name: nutsRegion(query.region)?.name ?? null }
        : null,
      minimumCell: this.config.reports.minimumCell,
      employers: rows.length ? rows[0].employers : null,
      fte,
      points: trendPoints(series, fte, query.period),
    };
  }
}

/**
 * The points of a series: counts and rates where published, and the change of new episodes
 * against the previous period and a year earlier (periods without a row had no episode open).
 */
export function trendPoints(
  series: readonly { label: string; counts: PeriodCounts | null }[],
  fte: number | null,
  period: TrendPeriod,
): TrendPointDto[] {
  const byIndex = new Map(series.map((point) => [periodIndex(point.label, period), point]));
  return series.map(({ label, counts }) => {
    const index = periodIndex(label, period);
    const previous = byIndex.get(index - 1);
    const yearEarlier = byIndex.get(index - PERIODS_PER_YEAR[period]);
    return {
      period: label,
      suppressed: counts === null,
      newEpisodes: counts?.newEpisodes ?? null,
      absenceDays: counts?.absenceDays ?? null,
      ...(counts
        ? rates(counts, fte, label, period)
        : { incidencePer100FteYears: null, prevalencePer100Fte: null, absencePercent: null }),
      changeFromPrevious: previous
        ? percentChange(counts?.newEpisodes, previous.counts?.newEpisodes)
        : null,
      changeFromYearEarlier: yearEarlier
        ? percentChange(counts?.newEpisodes, yearEarlier.counts?.newEpisodes)
        : null,
    };
  });
}

/** A TypeORM manager as the cube's statement runner. */
export function sqlOf(manager: EntityManager): Sql {
  return (text, params) => manager.query(text, params);
}
