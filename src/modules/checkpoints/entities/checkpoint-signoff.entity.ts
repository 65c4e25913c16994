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
import { Checkpoint } from './checkpoint.entity.js';

/** A required participant's sign-off of a checkpoint: one per participant role. */
@Entity({ name: 'checkpoint_signoff' })
@Check(
  'CHK_checkpoint_signoff_participant',
  `"participant" IN ('hr', 'physio', 'occupational_doctor', 'employee')`,
)
export class CheckpointSignoff {
  @PrimaryColumn({
    name: 'checkpoint_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_checkpoint_signoff',
  })
  checkpointId: string;

  @ManyToOne(() => Checkpoint, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'checkpoint_id',
    foreignKeyConstraintName: 'FK_checkpoint_signoff_checkpoint',
  })
  checkpoint?: Relation<Checkpoint>;

  @PrimaryColumn({
    name: 'participant',
    type: 'text',
    primaryKeyConstraintName: 'PK_checkpoint_signoff',
  })
  participant: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @CreateDateColumn({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;
}
