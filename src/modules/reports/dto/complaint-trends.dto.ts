import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { BODY_REGIONS } from '../../episodes/entities/complaint.entity.js';
import { TREND_PERIODS, type TrendPeriod } from '../report-periods.js';

export const SIZE_BANDS = ['micro', 'small', 'medium', 'large', 'unknown'] as const;

export class ComplaintTrendsQuery {
  @ApiProperty({ enum: TREND_PERIODS })
  @IsIn(TREND_PERIODS)
  period: TrendPeriod;

  @ApiPropertyOptional({ example: 'P', description: 'NACE Rev.2 section' })
  @IsOptional()
  @Matches(/^[A-U]$/, { message: 'naceSection must be a NACE section letter A-U' })
  naceSection?: string;

  @ApiPropertyOptional({ example: 'BE2', description: 'NUTS region of the employer' })
  @IsOptional()
  @Matches(/^(BE|NL)[0-9A-Z]{1,3}$/, { message: 'region must be a NUTS code such as BE2 or NL3' })
  region?: string;

  @ApiPropertyOptional({ enum: SIZE_BANDS })
  @IsOptional()
  @IsIn(SIZE_BANDS)
  sizeBand?: string;

  @ApiPropertyOptional({ enum: BODY_REGIONS })
  @IsOptional()
  @IsIn(BODY_REGIONS)
  bodyRegion?: string;
}

export class TrendPointDto {
  @ApiProperty({ example: '2025', description: 'YYYY, YYYY-Qn or YYYY-MM' }) period: string;
  @ApiProperty({
    description:
      'Behind fewer people than the threshold, or withheld so that no such figure can be worked out: every figure of the period is null',
  })
  suppressed: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Episodes that began in the period' })
  newEpisodes: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'New episodes per 100 FTE-years of the employers in the cell',
  })
  incidencePer100FteYears: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'People with an episode open on any day of the period, per 100 FTE',
  })
  prevalencePer100Fte: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Calendar days of absence in the period (a partial return counts its unworked share)',
  })
  absenceDays: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Absence days over the calendar days of the FTE in the cell, in percent',
  })
  absencePercent: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Percent change of new episodes against the previous period',
  })
  changeFromPrevious: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Percent change of new episodes against the same period a year earlier',
  })
  changeFromYearEarlier: number | null;
}

export class ReportRegionDto {
  @ApiProperty({ example: 'BE2', description: 'NUTS code' }) code: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Vlaams Gewest',
    description: 'NUTS 2021 name; null for a code outside the NUTS 2021 level-1 list of BE and NL',
  })
  name: string | null;
}

export class ComplaintTrendsDto {
  @ApiProperty({ enum: TREND_PERIODS }) period: string;
  @ApiProperty({
    type: ReportRegionDto,
    nullable: true,
    description: 'The region asked for, with its name; null for all regions',
  })
  region: ReportRegionDto | null;
  @ApiProperty({ description: 'Cells with fewer people than this are withheld' })
  minimumCell: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Employers in the sector, region and size band asked for',
  })
  employers: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Their FTE (latest headcounts): the denominator of the rates',
  })
  fte: number | null;
  @ApiProperty({ type: [TrendPointDto] }) points: TrendPointDto[];
}
