import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { renderTrendChart } from './chart/trend-chart.js';
import { ComplaintTrendsService } from './complaint-trends.service.js';
import type { ComplaintTrendsDto, ComplaintTrendsQuery } from './dto/complaint-trends.dto.js';
import type {
  EvaluationExportQuery,
  OutcomesExportQuery,
  TableFormat,
  TrendChartQuery,
  TrendsExportQuery,
} from './dto/report-files.dto.js';
import { type ReportTable, toCsv, toXlsx } from './export/report-table.js';
import { OutcomesService } from './outcomes.service.js';
import { regionLabel } from '../organisations/nuts.js';
import { ReintegrationEvaluationService } from './reintegration-evaluation.service.js';

/** Lines a chart draws at most: more would not be read. */
const MAX_CHART_LINES = 12;

const MEASURE_LABELS = {
  newEpisodes: 'New episodes',
  incidencePer100FteYears: 'New episodes per 100 FTE-years',
  prevalencePer100Fte: 'People with an open episode per 100 FTE',
  absencePercent: 'Absence (% of calendar days)',
} as const;

/**
 * The reports as files, for people who work in a spreadsheet or would rather look than read: the
 * same published figures as the JSON (withheld cells stay empty), as CSV or an Excel workbook,
 * and trends drawn as an SVG chart on the server.
 */
@Injectable()
export class ReportFilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trends: ComplaintTrendsService,
    private readonly outcomes: OutcomesService,
    private readonly evaluation: ReintegrationEvaluationService,
  ) {}

  async trendsTable(query: TrendsExportQuery): Promise<StreamableFile> {
    const report = await this.trends.trends(query);
    const table: ReportTable = {
      title: `Complaint trends by ${query.period}: ${describe(query)}`,
      notes: [
        `Figures behind fewer than ${report.minimumCell} people are withheld (empty), and so are some more, so that none can be worked out from the others.`,
        `Rates over ${report.fte ?? 'unknown'} FTE of ${report.employers ?? 'unknown'} employers (latest headcounts).`,
      ],
      columns: [
        { key: 'period', label: 'Period', kind: 'text' },
        { key: 'newEpisodes', label: 'New episodes', kind: 'integer' },
        { key: 'incidencePer100FteYears', label: 'Incidence per 100 FTE-years', kind: 'decimal' },
        { key: 'prevalencePer100Fte', label: 'Prevalence per 100 FTE', kind: 'decimal' },
        { key: 'absenceDays', label: 'Absence days', kind: 'decimal' },
        { key: 'absencePercent', label: 'Absence %', kind: 'percent' },
        { key: 'changeFromPrevious', label: 'Change vs previous period %', kind: 'percent' },
        { key: 'changeFromYearEarlier', label: 'Change vs a year earlier %', kind: 'percent' },
        { key: 'withheld', label: 'Withheld', kind: 'text' },
      ],
      rows: report.points.map(({ suppressed, ...point }) => ({
        ...point,
        withheld: suppressed ? 'yes' : 'no',
      })),
    };
    return file(table, query.format, `complaint-trends-${query.period}`);
  }

  async outcomesTable(query: OutcomesExportQuery): Promise<StreamableFile> {
    const report = await this.outcomes.outcomes(query);
    const table: ReportTable = {
      title: `Outcomes of the episodes begun in ${query.cohort}${query.naceSection ? `, NACE section ${query.naceSection}` : ', all sectors'}`,
      notes: [
        `Rows behind fewer than ${report.minimumCell} people are withheld (empty), and so are some more, so that none can be worked out from the others.`,
      ],
      columns: [
        { key: 'pathway', label: 'Pathway', kind: 'text' },
        { key: 'riskStratum', label: 'Risk stratum', kind: 'text' },
        { key: 'episodes', label: 'Episodes', kind: 'integer' },
        { key: 'medianDaysToFullReturn', label: 'Median days to full return', kind: 'decimal' },
        { key: 'returnedBy12WeeksPercent', label: 'Full return by 12 weeks %', kind: 'percent' },
        { key: 'returnedBy6MonthsPercent', label: 'Full return by 6 months %', kind: 'percent' },
        {
          key: 'recurrenceWithin28DaysPercent',
          label: 'Recurrence within 28 days %',
          kind: 'percent',
        },
        { key: 'withheld', label: 'Withheld', kind: 'text' },
      ],
      rows: report.rows.map(({ suppressed, ...row }) => ({
        ...row,
        withheld: suppressed ? 'yes' : 'no',
      })),
    };
    return file(table, query.format, `outcomes-${query.cohort}`);
  }

  async evaluationTable(
    actor: AuthenticatedUser,
    employerId: string,
    query: EvaluationExportQuery,
  ): Promise<StreamableFile> {
    const report = await this.evaluation.evaluate(actor, employerId, query.year);
    const table: ReportTable = {
      title: `Re-integration policy ${query.year}: ${report.employerName}`,
      notes: report.notes,
      columns: [
        { key: 'section', label: 'Section', kind: 'text' },
        { key: 'item', label: 'Item', kind: 'text' },
        { key: 'value', label: 'Value', kind: 'decimal' },
        { key: 'unit', label: 'Unit', kind: 'text' },
      ],
      rows: report.sections.flatMap((section) =>
        section.lines.map((line) => ({
          section: section.title,
          item: line.label,
          value: line.value,
          unit: line.unit,
        })),
      ),
    };
    return file(table, query.format, `reintegration-evaluation-${query.year}`);
  }

  /** A trend as an SVG line chart: the series asked for, or one line per sector or region. */
  async chart(query: TrendChartQuery): Promise<StreamableFile> {
    if (query.by && query[query.by] !== undefined) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [
          { field: 'by', message: `by=${query.by} draws every ${query.by}; leave out that filter` },
        ],
      });
    }
    const lines: { name: string; report: ComplaintTrendsDto }[] = [];
    if (query.by) {
      const column = query.by === 'naceSection' ? 'nace_section' : 'region';
      const other = query.by === 'naceSection' ? 'region' : 'nace_section';
      const values = await this.dataSource.query<{ value: string }[]>(
        `SELECT ${column} AS value FROM report_cell
          WHERE grain = $1 AND ${column} NOT IN ('*', '?', 'unknown') AND ${other} = $2
            AND size_band = $3 AND body_region = $4 AND NOT withheld
          GROUP BY 1 ORDER BY sum(new_episodes) DESC, 1 LIMIT ${MAX_CHART_LINES}`,
        [
          query.period,
          (query.by === 'naceSection' ? query.region : query.naceSection) ?? '*',
          query.sizeBand ?? '*',
          query.bodyRegion ?? '*',
        ],
      );
      for (const { value } of values.sort((a, b) => a.value.localeCompare(b.value))) {
        lines.push({
          name: query.by === 'region' ? regionLabel(value) : value,
          report: await this.trends.trends({ ...query, [query.by]: value }),
        });
      }
    } else {
      lines.push({ name: describe(query), report: await this.trends.trends(query) });
    }
    const periods = [...new Set(lines.flatMap((l) => l.report.points.map((p) => p.period)))].sort();
    const svg = renderTrendChart({
      title: `${MEASURE_LABELS[query.measure]} by ${query.period}`,
      subtitle: `${describe(query)}. Withheld periods are gaps.`,
      yLabel: MEASURE_LABELS[query.measure],
      periods,
      series: lines.map(({ name, report }) => {
        const byPeriod = new Map(report.points.map((p) => [p.period, p[query.measure]]));
        return { name, values: periods.map((period) => byPeriod.get(period) ?? null) };
      }),
    });
    return new StreamableFile(Buffer.from(svg, 'utf8'), {
      type: 'image/svg+xml; charset=utf-8',
      disposition: 'inline; filename="complaint-trend.svg"',
    });
  }
}

function describe(query: ComplaintTrendsQuery): string {
  return [
    query.naceSection ? `NACE section ${query.naceSection}` : 'all sectors',
    query.region ? `region ${regionLabel(query.region)}` : 'all regions',
    query.sizeBand ? `${query.sizeBand} employers` : 'all sizes',
    query.bodyRegion ? query.bodyRegion.replace('_', ' ') : 'all body regions',
  ].join(', ');
}

async function file(
  table: ReportTable,
  format: TableFormat,
  name: string,
): Promise<StreamableFile> {
  if (format === 'csv') {
    return new StreamableFile(Buffer.from(toCsv(table), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${name}.csv"`,
    });
  }
  return new StreamableFile(await toXlsx(table), {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    disposition: `attachment; filename="${name}.xlsx"`,
  });
}
