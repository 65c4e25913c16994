import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Episode } from '../../episodes/entities/episode.entity.js';

/**
 * A dated event of a statutory trajectory that deadlines count from (a Belgian re-integration
 * request received, the assessment decision A, B or C, the plan offered to the worker).
 * Functional: the employer takes part in every one of them.
 */
@Entity({ name: 'episode_milestone' })
@Unique('UQ_episode_milestone_episode_kind', ['episodeId', 'kind'])
@Check(
  'CHK_episode_milestone_kind',
  `"kind" IN ('trajectory_requested', 'decision_a', 'decision_b', 'decision_c', 'plan_offered')`,
)
export class EpisodeMilestone {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_episode_milestone' })
  id: string;

  @Column({ name: 'episode_id', type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_episode_milestone_episode' })
  episode?: Relation<Episode>;

  @Column({ name: 'kind', type: 'text' })
  kind: string;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
