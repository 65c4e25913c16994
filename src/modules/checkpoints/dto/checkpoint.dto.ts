import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../../common/http/calendar-date.js';
import { CLOSE_REASONS, type CloseReason } from '../../episodes/episode-lifecycle.js';
import { CHECKPOINT_CATEGORIES, PARTICIPANTS, type Participant } from '../timeline.js';

export const CHECKPOINT_STATUSES = ['planned', 'completed', 'cancelled'] as const;
export const CHECKPOINT_OUTCOMES = ['continue', 'adjust_plan', 'escalate', 'close'] as const;
export type CheckpointOutcome = (typeof CHECKPOINT_OUTCOMES)[number];
export const MILESTONE_KINDS = [
  'trajectory_requested',
  'decision_a',
  'decision_b',
  'decision_c',
  'plan_offered',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];
/** Why a person moved a checkpoint: codes, so no free text (and no clinical word) reaches HR. */
export const RESCHEDULE_REASONS = [
  'participant_unavailable',
  'combined_with_other_meeting',
  'awaiting_information',
  'requested_by_employee',
  'brought_forward',
] as const;

export class SignOffDto {
  @ApiProperty({ enum: PARTICIPANTS }) participant: Participant;
  @ApiProperty({ type: String, nullable: true }) signedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) signedAt: string | null;
  @ApiProperty({ description: 'False when no active account stands behind this participant' })
  onPlatform: boolean;
}

export class CheckpointMoveDto {
  @ApiProperty() fromDueOn: string;
  @ApiProperty() toDueOn: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the rule moved it' })
  movedBy: string | null;
  @ApiProperty() movedAt: string;
}

/** Where an obligation came from: the earlier episode whose absence clock this one continues. */
export class CarriedOverDto {
  @ApiProperty() fromEpisodeId: string;
  @ApiProperty() fromCheckpointId: string;
}

/** A checkpoint is functional: every party of the episode sees the same fields. */
export class CheckpointDto {
  @ApiProperty() id: string;
  @ApiProperty() episodeId: string;
  @ApiProperty({ enum: CHECKPOINT_CATEGORIES }) category: string;
  @ApiProperty({ enum: ['deadline', 'earliest'] }) kind: string;
  @ApiProperty({ example: 'nl_problem_analysis' }) ruleKey: string;
  @ApiProperty() occurrence: number;
  @ApiProperty({ example: 'Problem analysis by the company doctor' }) title: string;
  @ApiProperty() templateCode: string;
  @ApiProperty() templateVersion: number;
  @ApiProperty() legalSource: string;
  @ApiProperty({ description: 'The date the rule gives' }) computedDueOn: string;
  @ApiProperty({ description: 'When it takes place (rescheduled or not)' }) dueOn: string;
  @ApiProperty({ type: String, nullable: true }) opensOn: string | null;
  @ApiProperty({ enum: CHECKPOINT_STATUSES }) status: string;
  @ApiProperty({ enum: CHECKPOINT_OUTCOMES, nullable: true }) outcome: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason: string | null;
  @ApiProperty({ enum: PARTICIPANTS, isArray: true }) participants: Participant[];
  @ApiProperty({ type: [SignOffDto] }) signOffs: SignOffDto[];
  @ApiProperty({ type: [CheckpointMoveDto] }) moves: CheckpointMoveDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'For a checkpoint counted from the first sick day: the absence clock it belongs to (a relapse after a long return starts a new one)',
  })
  clockStart: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When its outcome was recorded' })
  completedAt: string | null;
  @ApiProperty({
    type: CarriedOverDto,
    nullable: true,
    description:
      'An obligation of an earlier episode whose absence clock this episode continues: done there (completed, with its date) or still owed (planned on its original date, so overdue). Also an obligation done under a later clock of this episode that a correction of the timeline withdrew (it was the same sickness period): done.',
  })
  carriedOver: CarriedOverDto | null;
  @ApiProperty() version: number;
}

export class AgendaItemDto {
  @ApiProperty({
    enum: ['plan', 'work_hours', 'open_interventions', 'adherence', 'outcome_changes'],
  })
  topic: string;
  @ApiProperty({ description: 'One line to start the discussion from' }) text: string;
}

export class CheckpointDetailDto extends CheckpointDto {
  @ApiProperty({
    type: [AgendaItemDto],
    description:
      'Pre-filled agenda: plan, hours and open interventions for everyone; quota adherence and outcome changes for the care team only',
  })
  agenda: AgendaItemDto[];
}

export class RescheduleCheckpointDto {
  @ApiProperty({ example: '2026-12-14' })
  @IsCalendarDate()
  dueOn: string;

  @ApiProperty({
    enum: RESCHEDULE_REASONS,
    description: 'Why it moves (shown to every participant)',
  })
  @IsIn(RESCHEDULE_REASONS)
  reason: (typeof RESCHEDULE_REASONS)[number];
}

export class RecordOutcomeDto {
  @ApiProperty({ enum: CHECKPOINT_OUTCOMES })
  @IsIn(CHECKPOINT_OUTCOMES)
  outcome: CheckpointOutcome;

  @ApiPropertyOptional({ enum: CLOSE_REASONS, description: 'Required with outcome close' })
  @IsOptional()
  @IsIn(CLOSE_REASONS)
  closeReason?: CloseReason;
}

export class RecordMilestoneDto {
  @ApiProperty({ enum: MILESTONE_KINDS })
  @IsIn(MILESTONE_KINDS)
  kind: MilestoneKind;

  @ApiProperty({ example: '2026-04-15' })
  @IsCalendarDate()
  occurredOn: string;
}

export class MilestoneDto {
  @ApiProperty({ enum: MILESTONE_KINDS }) kind: string;
  @ApiProperty() occurredOn: string;
  @ApiProperty() version: number;
}

export class CheckpointTemplateDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: CHECKPOINT_CATEGORIES }) category: string;
  @ApiProperty({ type: String, nullable: true, enum: ['BE', 'NL'] }) jurisdiction: string | null;
  @ApiProperty() legalSource: string;
  @ApiProperty() validFrom: string;
  @ApiProperty({ type: String, nullable: true }) validTo: string | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'The rules as stored (keys, anchors, due dates, participants)',
  })
  rules: object[];
}
