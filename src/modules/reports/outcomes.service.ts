import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { OutcomeRowDto, OutcomesDto, OutcomesQuery } from './dto/outcomes.dto.js';

/**
 * Outcomes of a year's episodes by pathway and risk stratum, read from the published cohorts
 * (`report_outcome`): how fast people returned to full duty, how many by 12 weeks and 6 months, and
 * how many came back within 28 days. Withheld rows were decided with the cube.
 */
@Injectable()
export class OutcomesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async outcomes(query: OutcomesQuery): Promise<OutcomesDto> {
    const rows = await this.dataSource.query<
      {
        pathway: string;
        risk_stratum: string;
        withheld: boolean;
        episodes: number;
        median_days_to_full_return: string | null;
        returned_by_12_weeks: number;
        observed_12_weeks: number;
        returned_by_6_months: number;
        observed_6_months: number;
        recurrences_28_days: number;
        observed_28_days: number;
      }[]
    >(
      `SELECT pathway, risk_stratum, withheld, episodes, median_days_to_full_return,
              returned_by_12_weeks, observed_12_weeks, returned_by_6_months, observed_6_months,
              recurrences_28_days, observed_28_days
         FROM report_outcome WHERE cohort = $1 AND nace_section = $2
        ORDER BY pathway = '*' DESC, pathway, risk_stratum = '*' DESC, risk_stratum`,
      [query.cohort, query.naceSection ?? '*'],
    );
    return {
      cohort: query.cohort,
      naceSection: query.naceSection ?? null,
      minimumCell: this.config.reports.minimumCell,
      rows: rows.map((row): OutcomeRowDto => {
        const label = (value: string) => (value === '*' ? 'all' : value);
        const percent = (part: number, whole: number) =>
          row.withheld || whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
        return {
          pathway: label(row.pathway),
          riskStratum: label(row.risk_stratum),
          suppressed: row.withheld,
          episodes: row.withheld ? null : row.episodes,
          medianDaysToFullReturn:
            row.withheld || row.median_days_to_full_return === null
              ? null
              : Number(row.median_days_to_full_return),
          returnedBy12WeeksPercent: percent(row.returned_by_12_weeks, row.observed_12_weeks),
          returnedBy6MonthsPercent: percent(row.returned_by_6_months, row.observed_6_months),
          recurrenceWithin28DaysPercent: percent(row.recurrences_28_days, row.observed_28_days),
        };
      }),
    };
  }
}
