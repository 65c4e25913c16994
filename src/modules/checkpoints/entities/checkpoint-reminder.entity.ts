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
} from 'typeorm';
import { Checkpoint } from './checkpoint.entity.js';

/**
 * A reminder that fell due: made by the sweep from what PostgreSQL says is due, carried by a job,
 * delivered once. One per checkpoint, kind and due date, so a checkpoint moved to a new date is
 * reminded again and an unmoved one never twice.
 */
@Entity({ name: 'checkpoint_reminder' })
@Unique('UQ_checkpoint_reminder_checkpoint_kind_due', ['checkpointId', 'kind', 'dueOn'])
@Index('IDX_checkpoint_reminder_undelivered', ['createdAt'], { where: `"delivered_at" IS NULL` })
@Check('CHK_checkpoint_reminder_kind', `"kind" IN ('due_soon', 'overdue')`)
export class CheckpointReminder {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_checkpoint_reminder' })
  id: string;

  @Column({ name: 'checkpoint_id', type: 'uuid' })
  checkpointId: string;

  @ManyToOne(() => Checkpoint, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'checkpoint_id',
    foreignKeyConstraintName: 'FK_checkpoint_reminder_checkpoint',
  })
  checkpoint?: Relation<Checkpoint>;

  @Column({ name: 'kind', type: 'text' })
  kind: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
