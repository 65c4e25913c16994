import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../../common/http/calendar-date.js';
import { OUTCOME_INSTRUMENTS } from '../../instruments/important-change.js';

export class QuotaReachedDto {
  @ApiProperty({ description: 'Index of the exercise in the movement track' })
  @IsInt()
  @Min(0)
  @Max(29)
  exercise: number;
  @ApiProperty() @IsNumber() @Min(0) @Max(100_000) reached: number;
}

export class RecordSessionDto {
  @ApiProperty({ example: '2026-12-03' }) @IsCalendarDate() sessionDate: string;
  @ApiProperty({ type: [QuotaReachedDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => QuotaReachedDto)
  quotas: QuotaReachedDto[];
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(10) nrsPain?: number;
  @ApiPropertyOptional({ description: 'PSFS mean, 0-10' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10)
  psfs?: number;
  @ApiPropertyOptional({ description: 'Share of the home exercises done since the last session' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  adherencePercent?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) clinicalNote?: string;
}

export class RecordHoursDto {
  @ApiProperty({ example: 19.5 }) @IsNumber() @Min(0) @Max(80) hoursWorked: number;
}

export class SessionDto {
  @ApiProperty() id: string;
  @ApiProperty() sessionDate: string;
  @ApiProperty({ type: [QuotaReachedDto] }) quotas: QuotaReachedDto[];
  @ApiProperty({ type: Number, nullable: true }) nrsPain: number | null;
  @ApiProperty({ type: Number, nullable: true }) psfs: number | null;
  @ApiProperty({ type: Number, nullable: true }) adherencePercent: number | null;
  @ApiProperty({ type: String, nullable: true }) clinicalNote: string | null;
  @ApiProperty() version: number;
}

export class HoursWorkedDto {
  @ApiProperty({ description: 'The Monday of the week' }) weekStart: string;
  @ApiProperty() hoursWorked: number;
  @ApiProperty({ type: Number, nullable: true, description: 'What the approved plan planned' })
  plannedHours: number | null;
  @ApiProperty() version: number;
}

export class WeekStatusDto {
  @ApiProperty() weekStart: string;
  @ApiProperty({ type: Boolean, nullable: true }) underHours: boolean | null;
}

export class ClinicalWeekStatusDto extends WeekStatusDto {
  @ApiProperty({ type: Boolean, nullable: true }) underQuota: boolean | null;
}

export class OutcomeValueDto {
  @ApiProperty() takenOn: string;
  @ApiProperty() value: number;
}

const CHANGE_DESCRIPTION =
  'improved or deteriorated only when the change reaches both the smallest detectable change and the minimal important change of the instrument; otherwise unchanged';

export class OutcomeChangeDto {
  @ApiProperty({ enum: OUTCOME_INSTRUMENTS }) instrument: string;
  @ApiProperty({
    type: OutcomeValueDto,
    description: 'The first administration (PSFS: the mean of the activities compared)',
  })
  baseline: OutcomeValueDto;
  @ApiProperty({ type: OutcomeValueDto, description: 'The latest administration' })
  latest: OutcomeValueDto;
  @ApiProperty({ description: 'latest - baseline, to one decimal' }) difference: number;
  @ApiProperty({ enum: ['improved', 'deteriorated', 'unchanged'], description: CHANGE_DESCRIPTION })
  change: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'PSFS: how many activities both means are taken over (those rated at both administrations); null for other instruments',
  })
  activitiesCompared: number | null;
}

/** One PSFS activity's own change: clinical, care team only. */
export class PsfsActivityChangeDto {
  @ApiProperty() activityId: string;
  @ApiProperty({ description: 'As named with the employee (clinical)' }) name: string;
  @ApiProperty({
    type: OutcomeValueDto,
    description: 'The first administration that rated this activity',
  })
  baseline: OutcomeValueDto;
  @ApiProperty({
    type: OutcomeValueDto,
    nullable: true,
    description: 'The latest administration that rated it; null while rated once only',
  })
  latest: OutcomeValueDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'latest - baseline, to one decimal' })
  difference: number | null;
  @ApiProperty({
    enum: ['improved', 'deteriorated', 'unchanged'],
    nullable: true,
    description: `${CHANGE_DESCRIPTION} (3 points for a single activity); null while rated once only`,
  })
  change: string | null;
}

/** HR and the employee: hours against the plan, nothing clinical. */
export class ProgressFunctionalDto {
  @ApiProperty({ type: [HoursWorkedDto] }) hours: HoursWorkedDto[];
  @ApiProperty({ type: [WeekStatusDto] }) weeks: WeekStatusDto[];
  @ApiProperty({ description: 'Two consecutive weeks under the planned hours' })
  behindOnHours: boolean;
}

export class ProgressionStepDto {
  @ApiProperty({ example: 'startPosition' }) parameter: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }] }) from: string | number;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }] }) to: string | number;
}

export class ProgressionAdviceDto {
  @ApiProperty({ description: 'Index of the exercise in the movement track' }) exercise: number;
  @ApiProperty({ description: 'Pain-free sessions in a row, counted from the latest' })
  painFreeSessions: number;
  @ApiProperty({ description: 'The current level has been pain-free for long enough' })
  due: boolean;
  @ApiProperty({ type: ProgressionStepDto, nullable: true, description: 'The suggested step' })
  step: ProgressionStepDto | null;
}

/** The care team: sessions, hours and what they add up to. */
export class ProgressClinicalDto {
  @ApiProperty({ type: [SessionDto] }) sessions: SessionDto[];
  @ApiProperty({ type: [HoursWorkedDto] }) hours: HoursWorkedDto[];
  @ApiProperty({ type: [ClinicalWeekStatusDto] }) weeks: ClinicalWeekStatusDto[];
  @ApiProperty({ type: Number, nullable: true }) quotaAdherencePercent: number | null;
  @ApiProperty({ description: 'Two consecutive weeks under quota or under the planned hours' })
  behindSchedule: boolean;
  @ApiProperty() behindOnHours: boolean;
  @ApiProperty({ type: [OutcomeChangeDto] }) outcomes: OutcomeChangeDto[];
  @ApiProperty({
    type: [PsfsActivityChangeDto],
    description: 'Each PSFS activity with its own baseline, in the order first rated',
  })
  psfsActivities: PsfsActivityChangeDto[];
  @ApiProperty({ type: [ProgressionAdviceDto] }) progression: ProgressionAdviceDto[];
}
