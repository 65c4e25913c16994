import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../../common/http/calendar-date.js';
import { JURISDICTIONS, type Jurisdiction } from '../../episodes/entities/episode.entity.js';
import {
  CHECKPOINT_ANCHORS,
  CHECKPOINT_CATEGORIES,
  type CheckpointAnchor,
  PARTICIPANTS,
  type Participant,
} from '../timeline.js';

/**
 * The dates a timeline is planned from, without an episode: the first sick day, and what an
 * episode would record later (the Belgian trajectory events, the graded activity plan's start and
 * planned full return). No person, no employer: the answer is the law's and the guideline's.
 */
export class PlannerTimelineQuery {
  @ApiProperty({ enum: JURISDICTIONS, description: 'Whose statutory timeline' })
  @IsIn(JURISDICTIONS)
  jurisdiction: Jurisdiction;

  @ApiProperty({
    example: '2026-03-02',
    description: 'First day of the absence: day 1 of the statutory clock',
  })
  @IsCalendarDate()
  firstSickDay: string;

  @ApiPropertyOptional({
    example: '2026-06-15',
    description: 'Belgium: the day the request for a re-integration trajectory was received',
  })
  @IsOptional()
  @IsCalendarDate()
  trajectoryRequested?: string;

  @ApiPropertyOptional({
    description:
      'Belgium: the day of decision A (temporarily unable to do the agreed work; adapted or other work meanwhile)',
  })
  @IsOptional()
  @IsCalendarDate()
  decisionA?: string;

  @ApiPropertyOptional({
    description:
      'Belgium: the day of decision B (definitively unable to do the agreed work; adapted or other work possible)',
  })
  @IsOptional()
  @IsCalendarDate()
  decisionB?: string;

  @ApiPropertyOptional({ description: 'Belgium: the day the re-integration plan was offered' })
  @IsOptional()
  @IsCalendarDate()
  planOffered?: string;

  @ApiPropertyOptional({
    description: 'First day of the graded activity plan: the clinical reviews count from it',
  })
  @IsOptional()
  @IsCalendarDate()
  planStart?: string;

  @ApiPropertyOptional({
    description: "The plan's planned full return (needs planStart): a review falls on it",
  })
  @IsOptional()
  @IsCalendarDate()
  plannedFullReturn?: string;
}

/** The query field that carries each anchor date. */
export const PLANNER_FIELD_OF_ANCHOR: Record<CheckpointAnchor, keyof PlannerTimelineQuery> = {
  sickness_day_1: 'firstSickDay',
  trajectory_requested: 'trajectoryRequested',
  decision_a: 'decisionA',
  decision_b: 'decisionB',
  plan_offered: 'planOffered',
  plan_start: 'planStart',
  planned_full_return: 'plannedFullReturn',
};

/** One checkpoint of a planned timeline: the same rule and date an episode would get. */
export class PlannedCheckpointDto {
  @ApiProperty({ example: 'nl_problem_analysis' }) ruleKey: string;
  @ApiProperty({ description: '1, or 1, 2, 3... for the occurrences of a repeating rule' })
  occurrence: number;
  @ApiProperty({ example: 'Problem analysis by the company doctor' }) title: string;
  @ApiProperty({ enum: CHECKPOINT_CATEGORIES }) category: string;
  @ApiProperty({
    enum: ['deadline', 'earliest'],
    description: 'deadline: due by this date; earliest: the first day it may happen',
  })
  kind: string;
  @ApiProperty({ enum: CHECKPOINT_ANCHORS, description: 'The date it is counted from' })
  anchor: string;
  @ApiProperty({ example: '2026-04-12' }) dueOn: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'First day of its window, when it has one',
  })
  opensOn: string | null;
  @ApiProperty({ enum: PARTICIPANTS, isArray: true }) participants: Participant[];
  @ApiProperty({ example: 'nl_poortwachter' }) templateCode: string;
  @ApiProperty() templateVersion: number;
  @ApiProperty() legalSource: string;
}
