import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  type FunctionalLimits,
  type FunctionalRestrictions,
  type Posture,
  POSTURES,
  WORK_STATUSES,
  type WorkStatus,
} from '../entities/work-status-period.entity.js';
import { PHYSICAL_DEMANDS, type PhysicalDemand } from '../../employees/entities/employee.entity.js';
import { FunctionalText } from '../../../common/privacy/functional-text.js';
import { CLOSE_REASONS, type CloseReason } from '../episode-lifecycle.js';
import { CLOCK_CAUSES, type EpisodeEventRow, STATUS_CAUSES } from '../episode-history.store.js';
import { INSTRUMENT_CODES, type InstrumentCode } from '../../instruments/instruments.js';
import { IsCalendarDate } from '../../../common/http/calendar-date.js';
import { IsDecimal } from '../../../common/http/decimal-number.js';
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
import { Trimmed } from '../../../common/http/trimmed.js';
import { ENROLMENT_GRACE_DAYS, MAX_DAYS_AHEAD, MAX_YEARS_BACK } from '../plausible-dates.js';

export class CareTeamEntryDto {
  @ApiProperty() userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['physio', 'occupational_doctor'] }) role: string;
}

/**
 * Limits in functional terms, as an occupational doctor states them: loads, uninterrupted
 * durations, postures and the job's physical demands to avoid. Shared by the work status and the
 * weeks of a plan's work track; what the employer must arrange, never why.
 */
export class FunctionalLimitsDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Heaviest lift, kg' })
  @IsOptional()
  @IsDecimal(1)
  @Min(0)
  @Max(100)
  maxLiftKg?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Heaviest load carried, kg' })
  @IsOptional()
  @IsDecimal(1)
  @Min(0)
  @Max(100)
  maxCarryKg?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    description: 'Highest pushing or pulling force, kg (a trolley, a pallet truck)',
  })
  @IsOptional()
  @IsDecimal(1)
  @Min(0)
  @Max(100)
  maxPushPullKg?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 720, description: 'Longest uninterrupted sitting' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  maxSittingMinutes?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 720, description: 'Longest uninterrupted standing' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  maxStandingMinutes?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 720, description: 'Longest uninterrupted walking' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  maxWalkingMinutes?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 720,
    description: 'Longest uninterrupted screen work',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  maxScreenMinutes?: number;

  @ApiPropertyOptional({ enum: POSTURES, isArray: true, description: 'Postures to avoid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(POSTURES.length)
  @ArrayUnique()
  @IsIn(POSTURES, { each: true })
  posturesAvoided?: Posture[];

  @ApiPropertyOptional({
    enum: PHYSICAL_DEMANDS,
    isArray: true,
    description: "Physical demands of the job to avoid (the employee record's codes)",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PHYSICAL_DEMANDS.length)
  @ArrayUnique()
  @IsIn(PHYSICAL_DEMANDS, { each: true })
  physicalDemandsAvoided?: PhysicalDemand[];
}

/** Restrictions in functional terms: the limits and the tasks to avoid, never why. */
export class FunctionalRestrictionsDto extends FunctionalLimitsDto {
  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    description:
      'Tasks to avoid, as the workplace names them (e.g. "loading the van"); text holding clinical vocabulary answers 422',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(120, { each: true })
  @FunctionalText()
  tasksAvoided?: string[];
}

/** The limits that are one number each. */
const LIMIT_VALUES = [
  'maxLiftKg',
  'maxCarryKg',
  'maxPushPullKg',
  'maxSittingMinutes',
  'maxStandingMinutes',
  'maxWalkingMinutes',
  'maxScreenMinutes',
] as const;

/** Whitelisting mapper: copies the known limits by name; nothing else reaches storage or a response. */
export function functionalLimits(input: FunctionalLimits | undefined): FunctionalLimits {
  const out: FunctionalLimits = {};
  if (!input) return out;
  for (const key of LIMIT_VALUES) if (input[key] !== undefined) out[key] = input[key];
  if (input.posturesAvoided?.length) out.posturesAvoided = [...input.posturesAvoided];
  if (input.physicalDemandsAvoided?.length)
    out.physicalDemandsAvoided = [...input.physicalDemandsAvoided];
  return out;
}

/** The limits and the tasks to avoid, copied by name. */
export function functionalRestrictions(
  input: FunctionalRestrictions | undefined,
): FunctionalRestrictions {
  const out: FunctionalRestrictions = functionalLimits(input);
  if (input?.tasksAvoided?.length) out.tasksAvoided = [...input.tasksAvoided];
  return out;
}

export class WorkStatusDto {
  @ApiProperty({
    example: '2026-11-16',
    description: 'In force from this date until the next step',
  })
  effectiveFrom: string;
  @ApiProperty({ enum: WORK_STATUSES }) status: WorkStatus;
  @ApiProperty({ description: '0 absent, 1-99 partial, 100 full duty' }) percentOfContract: number;
  @ApiProperty({ description: 'Hours per week this means for the contract' }) hoursPerWeek: number;
  @ApiProperty({ type: FunctionalRestrictionsDto }) restrictions: FunctionalRestrictionsDto;
}

export class RecordWorkStatusDto {
  @ApiProperty({
    example: '2026-11-23',
    description: `Refused (422 naming the field) when more than ${MAX_DAYS_AHEAD} days after today or more than ${MAX_YEARS_BACK} years before today`,
  })
  @IsCalendarDate()
  effectiveFrom: string;

  @ApiProperty({ enum: WORK_STATUSES }) @IsIn(WORK_STATUSES) status: WorkStatus;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 99,
    description: 'Required for partial; absent is 0 and full duty 100',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  percentOfContract?: number;

  @ApiPropertyOptional({ type: FunctionalRestrictionsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FunctionalRestrictionsDto)
  restrictions?: FunctionalRestrictionsDto;

  @ApiPropertyOptional({
    description:
      'True to insert a step before the latest one (a correction of the timeline in the past). Without it a step must come after the latest. Either way the absence clock and every deadline counted from it are decided again from the whole timeline.',
  })
  @IsOptional()
  @IsBoolean()
  correction?: boolean;
}

/** One entry of an episode's history: a status change or a decision of the absence clock. */
export class EpisodeEventDto {
  @ApiProperty({
    enum: [
      'status_changed',
      'absence_clock_started',
      'absence_clock_continued',
      'absence_clock_withdrawn',
    ],
    description:
      'absence_clock_withdrawn: a correction removed the stretch of incapacity an earlier decision was about',
  })
  kind: EpisodeEventRow['kind'];

  @ApiProperty({
    enum: [...STATUS_CAUSES, ...CLOCK_CAUSES],
    description:
      'What caused it. Status: manual (a person chose it), checkpoint_outcome, intake_recorded, plan_approved, full_duty_held (full duty held as long as the relapse window), incapacity_again (absent or partial again while monitored). Clock: episode_opened, work_status_recorded, timeline_corrected, step_took_effect (a step recorded ahead came into effect).',
  })
  cause: EpisodeEventRow['cause'];

  @ApiProperty({ enum: EPISODE_STATUSES, nullable: true }) fromStatus: EpisodeStatus | null;
  @ApiProperty({ enum: EPISODE_STATUSES, nullable: true }) toStatus: EpisodeStatus | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'For a clock decision: the first sick day the statutory deadlines count from',
  })
  clockStart: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'For a clock decision: the first sick day of the stretch of incapacity decided',
  })
  effectiveOn: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'For a clock decision: days at full duty before this stretch (NL: fewer than 28 continue the clock; BE: at most 14)',
  })
  daysBackAtWork: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Who made the change (or whose change of the timeline caused it); null for the platform on its own',
  })
  byUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) byName: string | null;

  @ApiProperty() recordedAt: string;
}

export const NEXT_DUE_KINDS = ['assign_care_team', 'intake', 'checkpoint', 'full_return'] as const;
export type NextDueKind = (typeof NEXT_DUE_KINDS)[number];

export class NextDueDto {
  @ApiProperty({
    enum: NEXT_DUE_KINDS,
    description:
      'assign_care_team: no physiotherapist yet; intake: the physiotherapist has not screened yet; checkpoint: the next planned checkpoint; full_return: the expected full return',
  })
  kind: NextDueKind;
  @ApiProperty({ example: '2026-12-01' }) dueOn: string;
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
  @ApiProperty({ description: 'Contract hours per week the return is measured against' })
  contractHours: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'First sick day the statutory clock counts from; earlier than absenceStart when this absence continues a previous one (NL, 28 days)',
  })
  clockStart: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The episode whose clock this one continues',
  })
  continuesEpisodeId: string | null;
  @ApiProperty({ nullable: true, type: WorkStatusDto, description: 'The status in force today' })
  workStatus: WorkStatusDto | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The care team's expected date of full return",
  })
  expectedFullReturn: string | null;
  @ApiProperty({ nullable: true, type: NextDueDto }) nextDue: NextDueDto | null;
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

const DATE_BOUNDS = `Refused (422 naming the field) when more than ${MAX_DAYS_AHEAD} days after today, more than ${ENROLMENT_GRACE_DAYS} days before the day the employee was enrolled on the platform (unless historic is true), or more than ${MAX_YEARS_BACK} years before today; today is the date in Belgium and the Netherlands`;

export class OpenEpisodeDto {
  @ApiProperty() @IsUUID('4') employeeId: string;

  @ApiProperty({ enum: JURISDICTIONS, description: 'Drives the statutory timeline' })
  @IsIn(JURISDICTIONS)
  jurisdiction: Jurisdiction;

  @ApiProperty({ example: '2026-11-02', description: `Day of the referral. ${DATE_BOUNDS}` })
  @IsCalendarDate()
  referralDate: string;

  @ApiPropertyOptional({
    example: '2026-10-26',
    description: `First day of absence, not after referralDate; leave out while at work. ${DATE_BOUNDS}`,
  })
  @IsOptional()
  @IsCalendarDate()
  absenceStart?: string;

  @ApiPropertyOptional({
    default: false,
    description: `Brings in an episode from before the employee's enrolment on the platform: its dates may then go back more than ${ENROLMENT_GRACE_DAYS} days before the enrolment, up to ${MAX_YEARS_BACK} years before today`,
  })
  @IsOptional()
  @IsBoolean()
  historic?: boolean;

  @ApiPropertyOptional({
    example: 38,
    description: "Expected contract hours per week; defaults to the employee's",
  })
  @IsOptional()
  @IsDecimal(1)
  @Min(0.5)
  @Max(60)
  contractHours?: number;
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
  @Trimmed()
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
    description:
      'Item codes with their answers (codes only; see the instrument tables). PSFS: `{ activities: [...] }`, 3 to 5 entries, each `{ activityId, rating }` for an activity of the episode rated before or `{ name, rating }` for a new one (a functional description chosen with the employee; clinical, never shown to HR), rating 0-10',
    example: { item_1: 1, item_2: 0 },
  })
  @IsObject()
  answers: Record<string, unknown>;
}

export class QuestionnaireResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: INSTRUMENT_CODES }) instrument: InstrumentCode;
  @ApiProperty() takenOn: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'As answered; PSFS: `{ activities: [{ activityId, name, rating }] }`, each activity with its identity across administrations',
  })
  answers: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Score as published, with band or stratum',
  })
  score: Record<string, unknown>;
}
