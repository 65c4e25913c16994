import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ComplaintTrendsQuery } from './complaint-trends.dto.js';
import { OutcomesQuery } from './outcomes.dto.js';
import { ReintegrationEvaluationQuery } from './reintegration-evaluation.dto.js';

export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export class TrendsExportQuery extends ComplaintTrendsQuery {
  @ApiProperty({ enum: TABLE_FORMATS })
  @IsIn(TABLE_FORMATS)
  format: TableFormat;
}

export class OutcomesExportQuery extends OutcomesQuery {
  @ApiProperty({ enum: TABLE_FORMATS })
  @IsIn(TABLE_FORMATS)
  format: TableFormat;
}

export class EvaluationExportQuery extends ReintegrationEvaluationQuery {
  @ApiProperty({ enum: TABLE_FORMATS })
  @IsIn(TABLE_FORMATS)
  format: TableFormat;
}

export const CHART_MEASURES = [
  'newEpisodes',
  'incidencePer100FteYears',
  'prevalencePer100Fte',
  'absencePercent',
] as const;
export type ChartMeasure = (typeof CHART_MEASURES)[number];
export const CHART_SPLITS = ['naceSection', 'region'] as const;

export class TrendChartQuery extends ComplaintTrendsQuery {
  @ApiPropertyOptional({ enum: CHART_MEASURES, default: 'incidencePer100FteYears' })
  @IsOptional()
  @IsIn(CHART_MEASURES)
  measure: ChartMeasure = 'incidencePer100FteYears';

  @ApiPropertyOptional({
    enum: CHART_SPLITS,
    description: 'One line per sector or per region (that filter must then be left out)',
  })
  @IsOptional()
  @IsIn(CHART_SPLITS)
  by?: (typeof CHART_SPLITS)[number];
}
