import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import type { PhysicalDemand } from '../../employees/entities/employee.entity.js';
import { Episode } from './episode.entity.js';

export const WORK_STATUSES = ['absent', 'partial', 'full_duty'] as const;
export type WorkStatus = (typeof WORK_STATUSES)[number];

/** Postures an occupational doctor asks the workplace to avoid, as stable codes. */
export const POSTURES = [
  'bending',
  'twisting',
  'kneeling',
  'squatting',
  'crawling',
  'climbing_ladders',
  'climbing_stairs',
  'overhead_work',
  'reaching',
] as const;
export type Posture = (typeof POSTURES)[number];

/**
 * Limits in functional terms (docs/domain.md section 5): loads in kg, durations in minutes,
 * postures and the job's physical demands to avoid. What the employer must arrange, never why.
 */
export interface FunctionalLimits {
  maxLiftKg?: number;
  maxCarryKg?: number;
  maxPushPullKg?: number;
  maxSittingMinutes?: number;
  maxStandingMinutes?: number;
  maxWalkingMinutes?: number;
  maxScreenMinutes?: number;
  posturesAvoided?: Posture[];
  /** The codes of the employee record's physical demands (lifting, screen work, ...). */
  physicalDemandsAvoided?: PhysicalDemand[];
}

/**
 * Restrictions in functional terms only: the limits, and the tasks to avoid as the workplace names
 * them (text refused when it holds clinical vocabulary). Never a diagnosis or a body region.
 */
export interface FunctionalRestrictions extends FunctionalLimits {
  tasksAvoided?: string[];
}

/**
 * One step of an episode's work status timeline, in force from `effective_from` until the next
 * step: absent, partial (a % of contract hours) or full duty (possibly with restrictions).
 * Functional data: HR, the employee and the care team see it.
 */
@Entity({ name: 'work_status_period' })
@Check('CHK_work_status_period_status', `"status" IN ('absent', 'partial', 'full_duty')`)
@Check(
  'CHK_work_status_period_percent',
  `("status" = 'absent' AND "percent_of_contract" = 0) OR ("status" = 'partial' AND "percent_of_contract" > 0 AND "percent_of_contract" < 100) OR ("status" = 'full_duty' AND "percent_of_contract" = 100)`,
)
// Only the known keys, postures and demands: no other field (a diagnosis) can be stored here.
@Check(
  'CHK_work_status_period_restrictions',
  `jsonb_typeof("restrictions") = 'object' AND ("restrictions" - ARRAY['maxLiftKg', 'maxCarryKg', 'maxPushPullKg', 'maxSittingMinutes', 'maxStandingMinutes', 'maxWalkingMinutes', 'maxScreenMinutes', 'posturesAvoided', 'physicalDemandsAvoided', 'tasksAvoided']) = '{}'::jsonb AND jsonb_typeof(coalesce("restrictions"->'posturesAvoided', '[]'::jsonb)) = 'array' AND coalesce("restrictions"->'posturesAvoided', '[]'::jsonb) <@ '["bending", "twisting", "kneeling", "squatting", "crawling", "climbing_ladders", "climbing_stairs", "overhead_work", "reaching"]'::jsonb AND jsonb_typeof(coalesce("restrictions"->'physicalDemandsAvoided', '[]'::jsonb)) = 'array' AND coalesce("restrictions"->'physicalDemandsAvoided', '[]'::jsonb) <@ '["lifting", "sitting", "standing", "screen_work", "repetitive_arm_work"]'::jsonb`,
)
export class WorkStatusPeriod {
  @PrimaryColumn({
    name: 'episode_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_work_status_period',
  })
  episodeId: string;

  @PrimaryColumn({
    name: 'effective_from',
    type: 'date',
    primaryKeyConstraintName: 'PK_work_status_period',
  })
  effectiveFrom: string;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_work_status_period_episode' })
  episode?: Relation<Episode>;

  @Column({ name: 'status', type: 'text' })
  status: WorkStatus;

  @Column({ name: 'percent_of_contract', type: 'integer' })
  percentOfContract: number;

  @Column({ name: 'restrictions', type: 'jsonb', default: () => "'{}'" })
  restrictions: FunctionalRestrictions;

  /** Who recorded the step; null for the opening step the platform derives from the episode's dates. */
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
