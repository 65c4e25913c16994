import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { User } from './user.entity.js';

export const USER_TOKEN_PURPOSES = ['invitation', 'mfa_challenge'] as const;
export type UserTokenPurpose = (typeof USER_TOKEN_PURPOSES)[number];

/**
 * A single-use, expiring token sent to or held by one user: an invitation to set a first
 * password, or the challenge between a correct password and the second factor. Only a hash of the
 * secret is stored.
 */
@Entity({ name: 'user_token' })
@Check('CHK_user_token_purpose', `"purpose" IN ('invitation', 'mfa_challenge')`)
@Index('IDX_user_token_user', ['userId'])
export class UserToken {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'PK_user_token' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_token_user' })
  user?: Relation<User>;

  @Column({ name: 'purpose', type: 'text' })
  purpose: UserTokenPurpose;

  @Column({ name: 'secret_hash', type: 'bytea' })
  secretHash: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;
}
