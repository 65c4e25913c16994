import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Checkpoint } from './checkpoint.entity.js';

/** Each time a checkpoint's date changed: from, to and why; by a person, or re-planned by rule. */
@Entity({ name: 'checkpoint_move' })
@Index('IDX_checkpoint_move_checkpoint', ['checkpointId'])
export class CheckpointMove {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_checkpoint_move' })
  id: string;

  @Column({ name: 'checkpoint_id', type: 'uuid' })
  checkpointId: string;

  @ManyToOne(() => Checkpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'checkpoint_id', foreignKeyConstraintName: 'FK_checkpoint_move_checkpoint' })
  checkpoint?: Relation<Checkpoint>;

  @Column({ name: 'from_due_on', type: 'date' })
  fromDueOn: string;

  @Column({ name: 'to_due_on', type: 'date' })
  toDueOn: string;

  @Column({ name: 'reason', type: 'text' })
  reason: string;

  /** Null when the rule moved it (an anchor date changed). */
  @Column({ name: 'moved_by', type: 'uuid', nullable: true })
  movedBy: string | null;

  @CreateDateColumn({ name: 'moved_at', type: 'timestamptz' })
  movedAt: Date;
}
