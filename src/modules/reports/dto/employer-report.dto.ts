import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { TrendPointDto } from './complaint-trends.dto.js';

export const EMPLOYER_PERIODS = ['quarter', 'year'] as const;

export class EmployerReportQuery {
  @ApiProperty({ enum: EMPLOYER_PERIODS })
  @IsIn(EMPLOYER_PERIODS)
  period: 'quarter' | 'year';
}

export class BenchmarkDto {
  @ApiProperty({
    description:
      'Whether the sector benchmark is shown: only where the sector has at least 5 other employers',
  })
  available: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'P' }) naceSection: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Other employers in the sector' })
  otherEmployers: number | null;
  @ApiProperty({
    type: [TrendPointDto],
    description: 'The sector as a whole (empty when not available)',
  })
  points: TrendPointDto[];
}

export class EmployerTrendDto {
  @ApiProperty({ format: 'uuid' }) employerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) naceSection: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Latest recorded headcount in FTE' })
  fte: number | null;
  @ApiProperty({
    type: [TrendPointDto],
    description:
      "The employer's own figures; a period behind fewer people than the threshold is withheld",
  })
  points: TrendPointDto[];
  @ApiProperty({ type: BenchmarkDto }) benchmark: BenchmarkDto;
}

export class EmployerReportDto {
  @ApiProperty({ enum: EMPLOYER_PERIODS }) period: string;
  @ApiProperty({ description: 'Cells with fewer people than this are withheld' })
  minimumCell: number;
  @ApiProperty({ description: 'Other employers a sector needs before it is shown as a benchmark' })
  minimumOtherEmployers: number;
  @ApiProperty({ type: [EmployerTrendDto] }) employers: EmployerTrendDto[];
}
