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
import { Episode } from './episode.entity.js';

export const WORK_STATUSES = ['absent', 'partial', 'full_duty'] as const;
export type WorkStatus = (typeof WORK_STATUSES)[number];

/**
 * Restrictions in functional terms only (domain.md section 5): what the employer may know and must
 * arrange. Never a diagnosis or a body region.
 */
export interface FunctionalRestrictions {
  maxLiftKg?: number;
  maxSittingMinutes?: number;
  maxStandingMinutes?: number;
  maxScreenMinutes?: number;
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
