import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../../common/http/calendar-date.js';
import { INSTRUMENT_CODES, type InstrumentCode } from '../../instruments/instruments.js';

export const ASSIGNMENT_STATUSES = ['pending', 'completed', 'cancelled'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export class AssignQuestionnaireDto {
  @ApiProperty({ enum: INSTRUMENT_CODES })
  @IsIn(INSTRUMENT_CODES)
  instrument: InstrumentCode;

  @ApiPropertyOptional({ example: '2026-12-04', description: 'When it should be filled in' })
  @IsOptional()
  @IsCalendarDate()
  dueOn?: string;
}

/** An instrument the care team asked the employee to fill in themself. */
export class QuestionnaireAssignmentDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: INSTRUMENT_CODES }) instrument: InstrumentCode;
  @ApiProperty({ type: String, nullable: true }) dueOn: string | null;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status: AssignmentStatus;
  @ApiProperty() assignedAt: string;
  @ApiProperty({ type: String, nullable: true }) completedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The stored questionnaire' })
  responseId: string | null;
}

export class QuestionnaireItemDto {
  @ApiProperty() code: string;
  @ApiProperty({ enum: ['integer', 'choice'] }) kind: 'integer' | 'choice';
  @ApiPropertyOptional() min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional({ type: [String] }) options?: string[];
}

/** What the employee sees: the form to fill in, never a score or a clinical field. */
export class OwnQuestionnaireDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: INSTRUMENT_CODES }) instrument: InstrumentCode;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) dueOn: string | null;
  @ApiProperty() assignedAt: string;
  @ApiProperty({ type: [QuestionnaireItemDto] }) items: QuestionnaireItemDto[];
}

export class SubmitOwnQuestionnaireDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Item codes with their answers',
    example: { score: 4 },
  })
  @IsObject()
  answers: Record<string, unknown>;
}

export class OwnQuestionnaireSubmittedDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: INSTRUMENT_CODES }) instrument: InstrumentCode;
  @ApiProperty({ enum: ['completed'] }) status: 'completed';
  @ApiProperty() completedAt: string;
}
