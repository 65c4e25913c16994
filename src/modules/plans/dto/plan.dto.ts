import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../../common/http/calendar-date.js';
import { COMPONENT_CODES, type ComponentCode } from '../../triage/evidence.js';
import { PLAN_STATUSES, type PlanStatus } from '../entities/plan-version.entity.js';
import { GUIDELINE_RULE_IDS, type GuidelineRuleId } from '../guideline-checks.js';
import { BASELINE_SESSIONS } from '../schedule.js';
import { Trimmed } from '../../../common/http/trimmed.js';
import { FunctionalText } from '../../../common/privacy/functional-text.js';
import { FunctionalLimitsDto } from '../../episodes/dto/episode.dto.js';

export const MOVEMENT_PLANES = ['sagittal', 'frontal', 'transverse', 'combined'] as const;
export const COORDINATION = ['simple', 'complex'] as const;
export const AMPLITUDES = ['small', 'medium', 'full'] as const;
export const SPEEDS = ['slow', 'moderate', 'fast'] as const;
export const START_POSITIONS = [
  'supine_unloaded',
  'side_lying',
  'prone',
  'four_point_kneeling',
  'sitting',
  'standing',
] as const;
/** Plan version numbers are stored as PostgreSQL integers: none can be larger. */
export const MAX_PLAN_NUMBER = 2_147_483_647;

export const QUOTA_UNITS = ['repetitions', 'seconds', 'minutes', 'metres'] as const;

export class QuotaStepDto {
  @ApiProperty() @IsInt() @Min(0) @Max(52) week: number;
  @ApiProperty({ example: '2026-12-07' }) @IsCalendarDate() from: string;
  @ApiProperty() @IsNumber() @Min(0) @Max(100_000) quota: number;
}

/** One exercise or activity of the movement track, with the parameters it progresses along. */
export class ExerciseDto {
  @ApiProperty({ example: 'Bridging' }) @IsString() @MinLength(1) @MaxLength(120) name: string;
  @ApiProperty({ enum: MOVEMENT_PLANES }) @IsIn(MOVEMENT_PLANES) plane: string;
  @ApiProperty({ enum: COORDINATION }) @IsIn(COORDINATION) coordination: string;
  @ApiProperty({ enum: AMPLITUDES }) @IsIn(AMPLITUDES) amplitude: string;
  @ApiProperty({ enum: SPEEDS }) @IsIn(SPEEDS) speed: string;
  @ApiProperty({ description: 'External load in kg (0: own body weight)' })
  @IsNumber()
  @Min(0)
  @Max(200)
  loadKg: number;
  @ApiProperty({ enum: START_POSITIONS }) @IsIn(START_POSITIONS) startPosition: string;
  @ApiProperty({ enum: QUOTA_UNITS }) @IsIn(QUOTA_UNITS) unit: string;
  @ApiProperty({
    type: [Number],
    example: [10, 12, 11],
    description: 'Three baseline sessions',
    minItems: BASELINE_SESSIONS,
    maxItems: BASELINE_SESSIONS,
  })
  @IsArray()
  @ArrayMinSize(BASELINE_SESSIONS)
  @ArrayMaxSize(BASELINE_SESSIONS)
  @IsNumber({}, { each: true })
  baseline: number[];
  @ApiProperty({ example: 20 }) @IsNumber() target: number;
  @ApiProperty({ description: 'Pain-free sessions at a level before a parameter moves up' })
  @IsInt()
  @Min(1)
  @Max(20)
  painFreeSessionsToProgress: number;
  @ApiPropertyOptional({
    type: [QuotaStepDto],
    description: 'Leave out to have it generated from the baseline; edit it as needed',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(53)
  @ValidateNested({ each: true })
  @Type(() => QuotaStepDto)
  schedule?: QuotaStepDto[];
}

/**
 * One step of the work track, in force from `from`: functional only, HR and the employee see it.
 * The tasks are the workplace's words; text holding clinical vocabulary answers 422.
 */
export class WorkWeekDto extends FunctionalLimitsDto {
  @ApiProperty({ example: '2026-12-07' }) @IsCalendarDate() from: string;
  @ApiProperty() @IsNumber() @Min(0) @Max(100) percentOfContract: number;
  @ApiProperty({
    type: [String],
    example: ['Library duty'],
    description: 'Tasks the employee does; text holding clinical vocabulary answers 422',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  @FunctionalText()
  tasksAllowed: string[];
  @ApiProperty({
    type: [String],
    example: ['Lifting pupils'],
    description: 'Tasks to avoid; text holding clinical vocabulary answers 422',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  @FunctionalText()
  tasksAvoided: string[];
}

/** What the physiotherapist writes: both tracks, the components, the dates. */
export class PlanContentDto {
  @ApiProperty({ example: '2026-11-30', description: 'First day of the plan' })
  @IsCalendarDate()
  startDate: string;
  @ApiProperty({ example: '2027-01-25' }) @IsCalendarDate() targetFullReturn: string;
  @ApiProperty({ enum: COMPONENT_CODES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(COMPONENT_CODES, { each: true })
  components: ComponentCode[];
  @ApiProperty({ type: [ExerciseDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ExerciseDto)
  movementTrack: ExerciseDto[];
  @ApiProperty({ type: [WorkWeekDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(53)
  @ValidateNested({ each: true })
  @Type(() => WorkWeekDto)
  workTrack: WorkWeekDto[];
  @ApiProperty({ type: [String], example: ['2026-12-14', '2027-01-11'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsCalendarDate({ each: true })
  reviewDates: string[];
}

export class RequestChangesDto {
  @ApiProperty({ description: 'What should change (seen by the care team only)' })
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(4000)
  remarks: string;
}

export class GuidelineWarningDto {
  @ApiProperty({ enum: GUIDELINE_RULE_IDS }) rule: GuidelineRuleId;
  @ApiProperty() message: string;
  @ApiProperty() source: string;
}

export class WorkWeekViewDto extends WorkWeekDto {
  @ApiProperty() hoursPerWeek: number;
}

export class SignOffsDto {
  @ApiProperty({ type: String, nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) approvedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) hrAcknowledgedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) employeeAgreedAt: string | null;
}

/** HR and the employee: the work track, dates and sign-offs, nothing clinical. */
export class PlanFunctionalDto {
  @ApiProperty() number: number;
  @ApiProperty({ enum: PLAN_STATUSES }) status: PlanStatus;
  @ApiProperty() startDate: string;
  @ApiProperty() targetFullReturn: string;
  @ApiProperty({ type: [WorkWeekViewDto] }) workTrack: WorkWeekViewDto[];
  @ApiProperty({ type: [String] }) reviewDates: string[];
  @ApiProperty({ type: SignOffsDto }) signOffs: SignOffsDto;
  @ApiProperty() version: number;
}

export class ComponentViewDto {
  @ApiProperty({ enum: COMPONENT_CODES }) code: ComponentCode;
  @ApiProperty() grade: string;
}

/** The care team: everything, with the evidence grades and the guideline warnings. */
export class PlanClinicalDto extends PlanFunctionalDto {
  @ApiProperty({ type: [ComponentViewDto] }) components: ComponentViewDto[];
  @ApiProperty({ type: [ExerciseDto] }) movementTrack: ExerciseDto[];
  @ApiProperty({ type: String, nullable: true }) remarks: string | null;
  @ApiProperty({ type: [GuidelineWarningDto] }) warnings: GuidelineWarningDto[];
}

export class ExerciseScheduleRequestDto {
  @ApiProperty({
    type: [Number],
    example: [10, 12, 11],
    minItems: BASELINE_SESSIONS,
    maxItems: BASELINE_SESSIONS,
  })
  @IsArray()
  @ArrayMinSize(BASELINE_SESSIONS)
  @ArrayMaxSize(BASELINE_SESSIONS)
  @IsNumber({}, { each: true })
  baseline: number[];
  @ApiProperty({ example: 20 }) @IsNumber() target: number;
  @ApiProperty({ example: '2026-11-30' }) @IsCalendarDate() startDate: string;
  @ApiProperty({ example: '2027-01-11' }) @IsCalendarDate() targetDate: string;
}

export class ExerciseScheduleDto {
  @ApiProperty() startQuota: number;
  @ApiProperty({ type: [QuotaStepDto] }) steps: QuotaStepDto[];
}

export class HoursScheduleRequestDto {
  @ApiProperty({ example: 38 }) @IsNumber() contractHours: number;
  @ApiProperty({ example: 0 }) @IsNumber() startPercent: number;
  @ApiPropertyOptional({ example: 100, default: 100 })
  @IsOptional()
  @IsNumber()
  targetPercent?: number;
  @ApiProperty({ example: '2026-11-30' }) @IsCalendarDate() startDate: string;
  @ApiProperty({ example: '2027-01-25' }) @IsCalendarDate() targetDate: string;
}

export class HoursStepDto {
  @ApiProperty() week: number;
  @ApiProperty() from: string;
  @ApiProperty() percentOfContract: number;
  @ApiProperty() hoursPerWeek: number;
}

export class HoursScheduleDto {
  @ApiProperty({ type: [HoursStepDto] }) steps: HoursStepDto[];
}

export class PlanDiffQuery {
  @ApiPropertyOptional({
    description: 'The version to compare with; the one before by default',
    minimum: 1,
    maximum: MAX_PLAN_NUMBER,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PLAN_NUMBER)
  against?: number;
}

/** A value of the plan as it was or became: a field's value, or a whole entry added or removed. */
const PLAN_VALUE = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object', nullable: true },
  ],
};

export class PlanChangeDto {
  @ApiProperty({ example: 'workTrack[1].percentOfContract' }) path: string;
  @ApiProperty({ ...PLAN_VALUE, description: 'The value before; null when the field was added' })
  from: unknown;
  @ApiProperty({ ...PLAN_VALUE, description: 'The value after; null when the field was removed' })
  to: unknown;
}

export class PlanDiffDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The version compared with; null for version 1, whose every field is added',
  })
  from: number | null;
  @ApiProperty() to: number;
  @ApiProperty({ type: [PlanChangeDto] }) changes: PlanChangeDto[];
}
