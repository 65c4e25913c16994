import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Episode } from '../../episodes/entities/episode.entity.js';

export const PLAN_STATUSES = [
  'draft',
  'submitted',
  'changes_requested',
  'approved',
  'superseded',
] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/**
 * One version of an episode's graded activity plan. The physiotherapist drafts it and submits it;
 * the occupational doctor approves it or asks for changes; HR acknowledges the work track and the
 * employee agrees. An approved version never changes (a trigger refuses it): a change is a new
 * version, which supersedes the approved one once it is approved in its turn.
 *
 * `movement_track` and `components` are clinical; `work_track`, `target_full_return` and
 * `review_dates` are functional and go to HR and the employee.
 */
@Entity({ name: 'plan_version' })
@Unique('UQ_plan_version_episode_number', ['episodeId', 'number'])
@Index('UQ_plan_version_open', ['episodeId'], {
  unique: true,
  where: `"status" IN ('draft', 'submitted', 'changes_requested')`,
})
@Check(
  'CHK_plan_version_status',
  `"status" IN ('draft', 'submitted', 'changes_requested', 'approved', 'superseded')`,
)
@Check('CHK_plan_version_number', `"number" >= 1`)
@Check('CHK_plan_version_dates', `"target_full_return" > "start_date"`)
export class PlanVersion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_plan_version' })
  id: string;

  @Column({ name: 'episode_id', type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_plan_version_episode' })
  episode?: Relation<Episode>;

  /** 1, 2, 3...: the version the people involved talk about. */
  @Column({ name: 'number', type: 'integer' })
  number: number;

  @Column({ name: 'status', type: 'text', default: 'draft' })
  status: PlanStatus;

  @Column({ name: 'components', type: 'text', array: true, default: () => `'{}'` })
  components: string[];

  @Column({ name: 'movement_track', type: 'jsonb', default: () => `'[]'` })
  movementTrack: unknown;

  @Column({ name: 'work_track', type: 'jsonb', default: () => `'[]'` })
  workTrack: unknown;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'target_full_return', type: 'date' })
  targetFullReturn: string;

  @Column({ name: 'review_dates', type: 'date', array: true, default: () => `'{}'` })
  reviewDates: string[];

  /** The doctor's remarks when asking for changes (clinical). */
  @Column({ name: 'remarks', type: 'text', nullable: true })
  remarks: string | null;

  @Column({ name: 'drafted_by', type: 'uuid' })
  draftedBy: string;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'hr_acknowledged_by', type: 'uuid', nullable: true })
  hrAcknowledgedBy: string | null;

  @Column({ name: 'hr_acknowledged_at', type: 'timestamptz', nullable: true })
  hrAcknowledgedAt: Date | null;

  @Column({ name: 'employee_agreed_at', type: 'timestamptz', nullable: true })
  employeeAgreedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
