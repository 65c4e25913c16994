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
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Episode } from '../../episodes/entities/episode.entity.js';

/**
 * What the employer does at work to make the return possible (adapted tasks, reduced hours, a
 * workstation adjustment...). Owned by HR, functional: everyone on the episode sees it.
 */
@Entity({ name: 'workplace_intervention' })
@Index('IDX_workplace_intervention_episode', ['episodeId'])
@Check(
  'CHK_workplace_intervention_kind',
  `"kind" IN ('adapted_tasks', 'reduced_hours', 'workstation_adjustment', 'equipment', 'task_rotation', 'supervisor_coaching', 'rtw_coordinator')`,
)
@Check(
  'CHK_workplace_intervention_status',
  `"status" IN ('planned', 'in_progress', 'done', 'cancelled')`,
)
@Check('CHK_workplace_intervention_cost', `"cost_eur" IS NULL OR "cost_eur" >= 0`)
export class WorkplaceIntervention {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_workplace_intervention' })
  id: string;

  @Column({ name: 'episode_id', type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_workplace_intervention_episode' })
  episode?: Relation<Episode>;

  /** The plan version it belongs to, when it was agreed with one. */
  @Column({ name: 'plan_number', type: 'integer', nullable: true })
  planNumber: number | null;

  @Column({ name: 'kind', type: 'text' })
  kind: string;

  @Column({ name: 'description', type: 'text' })
  description: string;

  @Column({ name: 'owner', type: 'text' })
  owner: string;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ name: 'status', type: 'text', default: 'planned' })
  status: string;

  @Column({ name: 'cost_eur', type: 'numeric', precision: 10, scale: 2, nullable: true })
  costEur: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
