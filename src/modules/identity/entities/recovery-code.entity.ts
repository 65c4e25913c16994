import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from './user.entity.js';

/** One-time recovery code for the second factor, stored as a SHA-256 of the normalised code. */
@Entity({ name: 'recovery_code' })
export class RecoveryCode {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_recovery_code' })
  userId: string;

  @PrimaryColumn({ name: 'code_hash', type: 'text', primaryKeyConstraintName: 'PK_recovery_code' })
  codeHash: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_recovery_code_user' })
  user?: Relation<User>;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
