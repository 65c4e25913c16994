import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class OutcomesQuery {
  @ApiProperty({ example: 2024, description: 'The year the episodes began' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  cohort: number;

  @ApiPropertyOptional({ example: 'P', description: 'NACE Rev.2 section; all sectors if absent' })
  @IsOptional()
  @Matches(/^[A-U]$/, { message: 'naceSection must be a NACE section letter A-U' })
  naceSection?: string;
}

export class OutcomeRowDto {
  @ApiProperty({ example: 'physio_led', description: "A pathway, or 'all'" }) pathway: string;
  @ApiProperty({ example: 'low', description: "A risk stratum of chronicity, or 'all'" })
  riskStratum: string;
  @ApiProperty({ description: 'Withheld: every figure of the row is null' }) suppressed: boolean;
  @ApiProperty({ type: Number, nullable: true }) episodes: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Median days from the start of the absence to full duty, of those who returned',
  })
  medianDaysToFullReturn: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Percent at full duty within 12 weeks, of the episodes at least 12 weeks old',
  })
  returnedBy12WeeksPercent: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Percent at full duty within 6 months, of the episodes at least 6 months old',
  })
  returnedBy6MonthsPercent: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Percent with a new episode within 28 days of the return, of those returned 28 days ago or more',
  })
  recurrenceWithin28DaysPercent: number | null;
}

export class OutcomesDto {
  @ApiProperty() cohort: number;
  @ApiProperty({ type: String, nullable: true }) naceSection: string | null;
  @ApiProperty({ description: 'Rows with fewer people than this are withheld' })
  minimumCell: number;
  @ApiProperty({ type: [OutcomeRowDto] }) rows: OutcomeRowDto[];
}
