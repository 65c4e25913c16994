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

export const USER_TOKEN_PURPOSES = ['invitation', 'mfa_challenge', 'password_reset'] as const;
export type UserTokenPurpose = (typeof USER_TOKEN_PURPOSES)[number];
export const MAIL_STATES = ['none', 'pending', 'sending', 'sent', 'cancelled', 'failed'] as const;
export type MailState = (typeof MAIL_STATES)[number];

/**
 * A single-use, expiring token sent to or held by one user: an invitation to set a first
 * password, a password reset, or the challenge between a correct password and the second factor.
 * Only a hash of the secret is kept for checking it. A token that goes out by e-mail keeps its
 * secret sealed (DATA_ENCRYPTION_KEY) until the mail is sent, and not a moment longer.
 */
@Entity({ name: 'user_token' })
@Check('CHK_user_token_purpose', `"purpose" IN ('invitation', 'mfa_challenge', 'password_reset')`)
@Check(
  'CHK_user_token_mail_state',
  `"mail_state" IN ('none', 'pending', 'sending', 'sent', 'cancelled', 'failed')`,
)
@Check(
  'CHK_user_token_sealed_until_sent',
  `("mail_state" IN ('pending', 'sending')) = ("sealed_secret" IS NOT NULL)`,
)
@Index('IDX_user_token_user', ['userId'])
@Index('IDX_user_token_mail_pending', ['createdAt'], { where: `"mail_state" = 'pending'` })
@Index('IDX_user_token_mail_sending', ['mailClaimedAt'], { where: `"mail_state" = 'sending'` })
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

  /** Set when a newer link replaces this one (a re-sent invitation): the old link is dead. */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** The whole token, sealed, while its e-mail is owed; dropped once sent. */
  @Column({ name: 'sealed_secret', type: 'text', nullable: true })
  sealedSecret: string | null;

  @Column({ name: 'mail_state', type: 'text', default: 'none' })
  mailState: MailState;

  @Column({ name: 'mailed_at', type: 'timestamptz', nullable: true })
  mailedAt: Date | null;

  /** When the worker now sending the link's e-mail claimed it; stale after the requeue time. */
  @Column({ name: 'mail_claimed_at', type: 'timestamptz', nullable: true })
  mailClaimedAt: Date | null;

  @Column({ name: 'mail_attempts', type: 'smallint', default: 0 })
  mailAttempts: number;
}
