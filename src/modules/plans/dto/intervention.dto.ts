import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate } from '../../../common/http/calendar-date.js';
import { IsDecimal } from '../../../common/http/decimal-number.js';
import { MAX_PLAN_NUMBER } from './plan.dto.js';
import { INTERVENTION_KINDS, type InterventionKind } from '../guideline-checks.js';
import { Trimmed } from '../../../common/http/trimmed.js';
import { FunctionalText } from '../../../common/privacy/functional-text.js';

export const INTERVENTION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];

export class CreateInterventionDto {
  @ApiProperty({ enum: INTERVENTION_KINDS }) @IsIn(INTERVENTION_KINDS) kind: InterventionKind;
  @ApiProperty({
    example: 'No lifting of pupils; playground duty swapped for library duty',
    description: 'In functional terms: text holding clinical vocabulary answers 422',
  })
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  @FunctionalText()
  description: string;
  @ApiProperty({
    example: 'Team lead, Campus Noord',
    description: 'Who arranges it; text holding clinical vocabulary answers 422',
  })
  @Trimmed()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  @FunctionalText()
  owner: string;
  @ApiPropertyOptional({ example: '2026-12-07' }) @IsOptional() @IsCalendarDate() dueOn?: string;
  @ApiPropertyOptional({ example: 450 })
  @IsOptional()
  @IsDecimal(2)
  @Min(0)
  @Max(1_000_000)
  costEur?: number;
  @ApiPropertyOptional({
    description: 'The plan version it belongs to',
    minimum: 1,
    maximum: MAX_PLAN_NUMBER,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PLAN_NUMBER)
  planNumber?: number;
}

/** A change: only the fields sent change; null clears an optional one. */
export class UpdateInterventionDto {
  @ApiPropertyOptional({ enum: INTERVENTION_STATUSES })
  @IsOptional()
  @IsIn(INTERVENTION_STATUSES)
  status?: InterventionStatus;
  @ApiPropertyOptional({
    description: 'In functional terms: text holding clinical vocabulary answers 422',
  })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  @FunctionalText()
  description?: string;
  @ApiPropertyOptional({ description: 'Text holding clinical vocabulary answers 422' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  @FunctionalText()
  owner?: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsCalendarDate()
  dueOn?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsDecimal(2)
  @Min(0)
  @Max(1_000_000)
  costEur?: number | null;
}

export class InterventionDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: INTERVENTION_KINDS }) kind: InterventionKind;
  @ApiProperty() description: string;
  @ApiProperty() owner: string;
  @ApiProperty({ type: String, nullable: true }) dueOn: string | null;
  @ApiProperty({ enum: INTERVENTION_STATUSES }) status: InterventionStatus;
  @ApiProperty({ type: Number, nullable: true }) costEur: number | null;
  @ApiProperty({ type: Number, nullable: true }) planNumber: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Shown with ergonomic measures: moderate evidence; not sufficient alone',
  })
  evidenceNote: string | null;
  @ApiProperty() version: number;
}
