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
import { CheckpointTemplate } from './checkpoint-template.entity.js';

/**
 * A dated meeting or deadline of an episode, generated from a template rule. `computed_due_on` is
 * what the rule gives; `due_on` is when it takes place (the same, unless someone rescheduled it
 * with a reason). Functional: every party sees it; the agenda is built when it is read.
 */
@Entity({ name: 'checkpoint' })
@Index('UQ_checkpoint_episode_rule_clock', ['episodeId', 'ruleKey', 'occurrence', 'clockStart'], {
  unique: true,
  where: `"clock_start" IS NOT NULL`,
})
@Index('UQ_checkpoint_episode_rule', ['episodeId', 'ruleKey', 'occurrence'], {
  unique: true,
  where: `"clock_start" IS NULL`,
})
@Index('IDX_checkpoint_planned_due', ['dueOn'], { where: `"status" = 'planned'` })
@Index('IDX_checkpoint_episode', ['episodeId'])
@Check('CHK_checkpoint_category', `"category" IN ('statutory', 'clinical')`)
@Check('CHK_checkpoint_kind', `"kind" IN ('deadline', 'earliest')`)
@Check('CHK_checkpoint_status', `"status" IN ('planned', 'completed', 'cancelled')`)
@Check(
  'CHK_checkpoint_outcome',
  `("status" = 'completed') = ("outcome" IS NOT NULL) AND ("outcome" IS NULL OR "outcome" IN ('continue', 'adjust_plan', 'escalate', 'close'))`,
)
@Check('CHK_checkpoint_occurrence', `"occurrence" >= 1`)
export class Checkpoint {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_checkpoint' })
  id: string;

  @Column({ name: 'episode_id', type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_checkpoint_episode' })
  episode?: Relation<Episode>;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId: string;

  @ManyToOne(() => CheckpointTemplate)
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'FK_checkpoint_template' })
  template?: Relation<CheckpointTemplate>;

  @Column({ name: 'rule_key', type: 'text' })
  ruleKey: string;

  @Column({ name: 'occurrence', type: 'integer' })
  occurrence: number;

  @Column({ name: 'category', type: 'text' })
  category: string;

  @Column({ name: 'kind', type: 'text' })
  kind: string;

  @Column({ name: 'anchor', type: 'text' })
  anchor: string;

  @Column({ name: 'computed_due_on', type: 'date' })
  computedDueOn: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Column({ name: 'opens_on', type: 'date', nullable: true })
  opensOn: string | null;

  /**
   * For a checkpoint counted from the first sick day: the absence clock it belongs to. A relapse
   * that starts a new clock raises the same rule again under the new one.
   */
  @Column({ name: 'clock_start', type: 'date', nullable: true })
  clockStart: string | null;

  /** The checkpoint of an earlier episode this obligation carried over from (same clock). */
  @Column({ name: 'carried_from_id', type: 'uuid', nullable: true })
  carriedFromId: string | null;

  @ManyToOne(() => Checkpoint, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'carried_from_id', foreignKeyConstraintName: 'FK_checkpoint_carried_from' })
  carriedFrom?: Relation<Checkpoint>;

  @Column({ name: 'participants', type: 'text', array: true })
  participants: string[];

  @Column({ name: 'status', type: 'text', default: 'planned' })
  status: string;

  @Column({ name: 'outcome', type: 'text', nullable: true })
  outcome: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Why a planned checkpoint no longer applies (its anchor date was withdrawn, the episode closed). */
  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
