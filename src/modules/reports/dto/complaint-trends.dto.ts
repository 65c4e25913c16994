import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { BODY_REGIONS } from '../../episodes/entities/complaint.entity.js';

export const TREND_PERIODS = ['month', 'quarter', 'year'] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];
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
  @ApiProperty({ type: Number, nullable: true, description: 'Null when suppressed' })
  newEpisodes: number | null;
  @ApiProperty({ description: 'Fewer people than the threshold: the figure is withheld' })
  suppressed: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Percent change against the previous period',
  })
  changeFromPrevious: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Percent change against the same period a year earlier',
  })
  changeFromYearEarlier: number | null;
}

export class ComplaintTrendsDto {
  @ApiProperty({ enum: TREND_PERIODS }) period: string;
  @ApiProperty({ description: 'Cells with fewer people than this are suppressed' })
  minimumCell: number;
  @ApiProperty({ type: [TrendPointDto] }) points: TrendPointDto[];
}
