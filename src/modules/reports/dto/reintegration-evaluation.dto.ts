import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export class ReintegrationEvaluationQuery {
  @ApiProperty({ example: 2025, description: 'The calendar year evaluated' })
  @Type(() => Number)
  @IsInt()
  @Min(2022)
  @Max(2100)
  year: number;
}

export class EvaluationLineDto {
  @ApiProperty({ example: 'decision_a' }) key: string;
  @ApiProperty({ example: 'Decisions A: temporarily unfit, adapted or other work meanwhile' })
  label: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Null when there is nothing to measure',
  })
  value: number | null;
  @ApiProperty({ enum: ['count', 'days', 'eur', 'percent'] }) unit: string;
}

export class EvaluationSectionDto {
  @ApiProperty({ example: 'trajectories' }) key: string;
  @ApiProperty({ example: 'Re-integration trajectories' }) title: string;
  @ApiProperty({ type: [EvaluationLineDto] }) lines: EvaluationLineDto[];
}

export class ReintegrationEvaluationDto {
  @ApiProperty({ format: 'uuid' }) employerId: string;
  @ApiProperty() employerName: string;
  @ApiProperty() year: number;
  @ApiProperty({ description: 'Belgian episodes of the employer open at any time in the year' })
  episodes: number;
  @ApiProperty({ type: [EvaluationSectionDto] }) sections: EvaluationSectionDto[];
  @ApiProperty({ type: [String] }) notes: string[];
}
