import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { visibleOrganisations } from '../../common/access/organisation-scope.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { trendPoints } from './complaint-trends.service.js';
import { type SuppressionCell, timeRelations, withheldCells } from './cube-suppression.js';
import type { EmployerReportDto, EmployerReportQuery } from './dto/employer-report.dto.js';
import { EMPLOYER_CELLS_SQL } from './report-cube.js';
import { type PeriodCounts, periodLabel, publishedCounts } from './report-periods.js';

/** A sector is a benchmark only with at least this many employers besides the one compared. */
export const BENCHMARK_MIN_OTHER_EMPLOYERS = 5;

/**
 * An employer's own figures against its sector: HR sees its employer, the occupational doctor the
 * employers its service serves now. New episodes, incidence, prevalence and absence by quarter or
 * year; never a body region, a diagnosis or a person. The employer's own periods behind fewer than
 * k people are withheld (with a complement among the quarters of a year, so the year minus the
 * published quarters names none); the sector is the published cube's, shown only where it has at
 * least five other employers, so it never stands for one or two identifiable ones.
 */
@Injectable()
export class EmployerReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report(actor: AuthenticatedUser, query: EmployerReportQuery): Promise<EmployerReportDto> {
    const k = this.config.reports.minimumCell;
    const params: unknown[] = [];
    const visible = visibleOrganisations(actor, 'o', params);
    const employers = await this.dataSource.query<
      { id: string; name: string; nace_section: string | null; fte: string | null }[]
    >(
      `SELECT o.id, o.name, o.nace_section,
              (SELECT h.fte FROM employer_headcount h WHERE h.employer_id = o.id
                ORDER BY h.month DESC LIMIT 1) AS fte
         FROM organisation o WHERE o.kind = 'employer' AND ${visible} ORDER BY o.name, o.id`,
      params,
    );
    if (!employers.length) {
      return this.dto(query, []);
    }
    const cells = await this.dataSource.query<
      {
        employer_id: string;
        grain: 'quarter' | 'year';
        period: string;
        new_episodes: string;
        new_people: string;
        people: string;
        absence_days: string;
      }[]
    >(EMPLOYER_CELLS_SQL, ['0001-01-01', '9999-01-01', employers.map((e) => e.id)]);
    const hidden = withheldCells(
      cells.map((cell): SuppressionCell => ({
        key: `${cell.employer_id}|${cell.grain}|${cell.period}`,
        people: [Number(cell.new_people), Number(cell.people)],
        relations: timeRelations(cell.grain, cell.period, cell.employer_id),
      })),
      k,
    );
    const sectors = [...new Set(employers.map((e) => e.nace_section).filter((s) => s !== null))];
    const benchmarks = await this.sectors(sectors, query.period);

    return this.dto(
      query,
      employers.map((employer) => {
        const fte = employer.fte === null ? null : Number(employer.fte);
        const own = cells
          .filter((cell) => cell.employer_id === employer.id && cell.grain === query.period)
          .map((cell) => ({
            label: periodLabel(cell.period, query.period),
            counts: publishedCounts(
              cell,
              hidden.has(`${cell.employer_id}|${cell.grain}|${cell.period}`),
            ),
          }));
        const sector = employer.nace_section ? benchmarks.get(employer.nace_section) : undefined;
        const otherEmployers = sector ? sector.employers - 1 : null;
        const available =
          sector !== undefined && (otherEmployers ?? 0) >= BENCHMARK_MIN_OTHER_EMPLOYERS;
        return {
          employerId: employer.id,
          name: employer.name,
          naceSection: employer.nace_section,
          fte,
          points: trendPoints(own, fte, query.period),
          benchmark: {
            available,
            naceSection: employer.nace_section,
            otherEmployers,
            points: available ? trendPoints(sector!.series, sector!.fte, query.period) : [],
          },
        };
      }),
    );
  }

  private dto(
    query: EmployerReportQuery,
    employers: EmployerReportDto['employers'],
  ): EmployerReportDto {
    return {
      period: query.period,
      minimumCell: this.config.reports.minimumCell,
      minimumOtherEmployers: BENCHMARK_MIN_OTHER_EMPLOYERS,
      employers,
    };
  }

  /** The published series of each sector (all regions, sizes and body regions) and its size. */
  private async sectors(
    sections: readonly string[],
    period: 'quarter' | 'year',
  ): Promise<
    Map<
      string,
      { employers: number; fte: number; series: { label: string; counts: PeriodCounts | null }[] }
    >
  > {
    const rows = await this.dataSource.query<
      {
        nace_section: string;
        employers: number;
        fte: string;
        period: string | null;
        new_episodes: number | null;
        people: number | null;
        absence_days: string | null;
        withheld: boolean | null;
      }[]
    >(
      `SELECT p.nace_section, p.employers, p.fte, to_char(c.period, 'YYYY-MM-DD') AS period,
              c.new_episodes, c.people, c.absence_days, c.withheld
         FROM report_population p
         LEFT JOIN report_cell c
           ON c.grain = $2 AND c.nace_section = p.nace_section AND c.region = '*'
          AND c.size_band = '*' AND c.body_region = '*'
        WHERE p.nace_section = ANY($1::text[]) AND p.region = '*' AND p.size_band = '*'
        ORDER BY p.nace_section, c.period`,
      [sections, period],
    );
    const sectors = new Map<
      string,
      { employers: number; fte: number; series: { label: string; counts: PeriodCounts | null }[] }
    >();
    for (const row of rows) {
      let sector = sectors.get(row.nace_section);
      if (!sector) {
        sector = { employers: row.employers, fte: Number(row.fte), series: [] };
        sectors.set(row.nace_section, sector);
      }
      if (row.period === null) continue;
      sector.series.push({
        label: periodLabel(row.period, period),
        counts: publishedCounts(row, Boolean(row.withheld)),
      });
    }
    return sectors;
  }
}
