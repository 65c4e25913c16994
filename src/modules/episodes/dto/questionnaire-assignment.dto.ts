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

/** A PSFS activity the employee rated before, to rate again. */
export class PsfsActivityRefDto {
  @ApiProperty() activityId: string;
  @ApiProperty({ description: 'As the employee named it with the care team' }) name: string;
}

/**
 * How the employee fills in a PSFS: 3 to 5 activities, each rated from 0 (unable to do it) to 10
 * (able to do it as before). The activities rated last time come with their id, to rate again as
 * `{ activityId, rating }`; a new activity is sent as `{ name, rating }`.
 */
export class PsfsFormDto {
  @ApiProperty({ example: 3 }) minActivities: number;
  @ApiProperty({ example: 5 }) maxActivities: number;
  @ApiProperty({ example: 0 }) ratingMin: number;
  @ApiProperty({ example: 10 }) ratingMax: number;
  @ApiProperty({ example: 120 }) nameMaxLength: number;
  @ApiProperty({ type: [PsfsActivityRefDto], description: 'The activities rated last time' })
  activities: PsfsActivityRefDto[];
}

/**
 * What the employee sees: the form to fill in, never a score or a clinical field of the care
 * team's; for the PSFS, the activities they named themself.
 */
export class OwnQuestionnaireDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: INSTRUMENT_CODES }) instrument: InstrumentCode;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) dueOn: string | null;
  @ApiProperty() assignedAt: string;
  @ApiProperty({ type: [QuestionnaireItemDto], description: 'Fixed items (none for the PSFS)' })
  items: QuestionnaireItemDto[];
  @ApiProperty({
    type: PsfsFormDto,
    nullable: true,
    description: 'The PSFS activities to rate; null for other instruments',
  })
  psfs: PsfsFormDto | null;
}

export class SubmitOwnQuestionnaireDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Item codes with their answers; for the PSFS `{ activities: [{ activityId | name, rating }] }`',
    example: { score: 4 },
  })
  @IsObject()
  answers: Record<string, unknown>;
}

/** What the employee reads back about their own answers: plain words, no clinical codes. */
export class OwnQuestionnaireResultDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'moderate limitation',
    description:
      'The band of the score in plain words (ODI, NDI, Work Ability Score); null where the instrument has no band to show',
  })
  bandLabel: string | null;
}

export class OwnQuestionnaireSubmittedDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: INSTRUMENT_CODES }) instrument: InstrumentCode;
  @ApiProperty({ enum: ['completed'] }) status: 'completed';
  @ApiProperty() completedAt: string;
  @ApiProperty({ type: OwnQuestionnaireResultDto }) result: OwnQuestionnaireResultDto;
}
