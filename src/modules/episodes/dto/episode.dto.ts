import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { CLOSE_REASONS, type CloseReason } from '../episode-lifecycle.js';
import { INSTRUMENT_CODES, type InstrumentCode } from '../../instruments/instruments.js';
import { IsCalendarDate } from '../../../common/http/calendar-date.js';
import { PageQuery } from '../../../common/http/page-query.js';
import {
  BODY_REGIONS,
  type BodyRegion,
  SIDES,
  type Side,
  SPECIFICITIES,
  type Specificity,
} from '../entities/complaint.entity.js';
import {
  EPISODE_STATUSES,
  type EpisodeStatus,
  JURISDICTIONS,
  type Jurisdiction,
} from '../entities/episode.entity.js';

export class CareTeamEntryDto {
  @ApiProperty() userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['physio', 'occupational_doctor'] }) role: string;
}

/**
 * What HR and the employee receive: the case in functional terms. It has no clinical field, so no
 * code path can put one in it.
 */
export class EpisodeFunctionalDto {
  @ApiProperty() id: string;
  @ApiProperty() employeeId: string;
  @ApiProperty({ enum: JURISDICTIONS }) jurisdiction: Jurisdiction;
  @ApiProperty({ example: '2026-11-02' }) referralDate: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'null while the employee is at work (preventive)',
  })
  absenceStart: string | null;
  @ApiProperty({ enum: EPISODE_STATUSES }) status: EpisodeStatus;
  @ApiProperty({ enum: CLOSE_REASONS, nullable: true, type: String })
  closeReason: CloseReason | null;
  @ApiProperty({ type: [CareTeamEntryDto] }) careTeam: CareTeamEntryDto[];
  @ApiProperty() version: number;
}

export class ComplaintDto {
  @ApiProperty({ enum: BODY_REGIONS, isArray: true }) regions: BodyRegion[];
  @ApiProperty({ enum: SIDES }) side: Side;
  @ApiProperty({ enum: SPECIFICITIES }) specificity: Specificity;
  @ApiProperty({ nullable: true, type: String }) clinicalNote: string | null;
  @ApiProperty() version: number;
}

/** What the care team receives: the functional view and the clinical data beside it. */
export class EpisodeClinicalDto extends EpisodeFunctionalDto {
  @ApiProperty({ type: ComplaintDto, nullable: true }) complaint: ComplaintDto | null;
}

export class EpisodePageDto {
  @ApiProperty({ type: [EpisodeFunctionalDto] }) items: EpisodeFunctionalDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class OpenEpisodeDto {
  @ApiProperty() @IsUUID('4') employeeId: string;

  @ApiProperty({ enum: JURISDICTIONS, description: 'Drives the statutory timeline' })
  @IsIn(JURISDICTIONS)
  jurisdiction: Jurisdiction;

  @ApiProperty({ example: '2026-11-02' })
  @IsCalendarDate()
  referralDate: string;

  @ApiPropertyOptional({
    example: '2026-10-26',
    description: 'First day of absence; leave out while at work',
  })
  @IsOptional()
  @IsCalendarDate()
  absenceStart?: string;
}

export class ListEpisodesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EPISODE_STATUSES })
  @IsOptional()
  @IsIn(EPISODE_STATUSES)
  status?: EpisodeStatus;
}

export class CareTeamDto {
  @ApiPropertyOptional({ description: 'A physiotherapist account' })
  @IsOptional()
  @IsUUID('4')
  physioUserId?: string;

  @ApiPropertyOptional({ description: 'A doctor of a service that currently serves the employer' })
  @IsOptional()
  @IsUUID('4')
  occupationalDoctorUserId?: string;
}

export class TransitionEpisodeDto {
  @ApiProperty({ enum: EPISODE_STATUSES, description: 'The status to move to' })
  @IsIn(EPISODE_STATUSES)
  to: EpisodeStatus;

  @ApiPropertyOptional({ enum: CLOSE_REASONS, description: 'Required when closing' })
  @IsOptional()
  @IsIn(CLOSE_REASONS)
  closeReason?: CloseReason;
}

export class RecordComplaintDto {
  @ApiProperty({ enum: BODY_REGIONS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BODY_REGIONS.length)
  @ArrayUnique()
  @IsIn(BODY_REGIONS, { each: true })
  regions: BodyRegion[];

  @ApiProperty({ enum: SIDES }) @IsIn(SIDES) side: Side;

  @ApiProperty({ enum: SPECIFICITIES }) @IsIn(SPECIFICITIES) specificity: Specificity;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(4000)
  clinicalNote?: string;
}

export class RecordQuestionnaireDto {
  @ApiProperty({ enum: INSTRUMENT_CODES })
  @IsIn(INSTRUMENT_CODES)
  instrument: InstrumentCode;

  @ApiProperty({ example: '2026-11-20' })
  @IsCalendarDate()
  takenOn: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Item codes with their answers (codes only; see the instrument tables)',
    example: { item_1: 1, item_2: 0 },
  })
  @IsObject()
  answers: Record<string, unknown>;
}

export class QuestionnaireResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: INSTRUMENT_CODES }) instrument: InstrumentCode;
  @ApiProperty() takenOn: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) answers: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Score as published, with band or stratum',
  })
  score: Record<string, unknown>;
}
