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
import { User } from '../../identity/entities/user.entity.js';
import { Episode } from '../../episodes/entities/episode.entity.js';

/**
 * An in-app notification. It carries a kind and ids, never clinical text: the text is rendered
 * from the kind in the reader's language. One per recipient, kind and subject (the unique key), so
 * a retried or repeated trigger cannot notify twice.
 */
@Entity({ name: 'notification' })
@Unique('UQ_notification_recipient_kind_subject', ['recipientUserId', 'kind', 'subjectKey'])
@Index('IDX_notification_recipient_unread', ['recipientUserId', 'createdAt'], {
  where: `"read_at" IS NULL`,
})
@Index('IDX_notification_email_pending', ['createdAt'], { where: `"email_state" = 'pending'` })
@Index('IDX_notification_email_sending', ['emailClaimedAt'], { where: `"email_state" = 'sending'` })
@Check(
  'CHK_notification_email_state',
  `"email_state" IN ('none', 'pending', 'sending', 'sent', 'failed')`,
)
export class Notification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_notification' })
  id: string;

  @Column({ name: 'recipient_user_id', type: 'uuid' })
  recipientUserId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_user_id', foreignKeyConstraintName: 'FK_notification_recipient' })
  recipient?: Relation<User>;

  @Column({ name: 'kind', type: 'text' })
  kind: string;

  /** What the notification is about, e.g. `triage:<episode id>:<screen version>`: the dedupe key. */
  @Column({ name: 'subject_key', type: 'text' })
  subjectKey: string;

  @Column({ name: 'episode_id', type: 'uuid', nullable: true })
  episodeId: string | null;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_notification_episode' })
  episode?: Relation<Episode>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /**
   * The e-mail copy: `pending` while owed, `sending` once a worker has claimed it, `sent` once the
   * mail server took it, `failed` when the server kept refusing it; `none` for in-app only.
   */
  @Column({ name: 'email_state', type: 'text', default: 'none' })
  emailState: string;

  /** When the worker now sending the e-mail claimed it; a claim older than the requeue time is stale. */
  @Column({ name: 'email_claimed_at', type: 'timestamptz', nullable: true })
  emailClaimedAt: Date | null;

  @Column({ name: 'email_attempts', type: 'smallint', default: 0 })
  emailAttempts: number;

  @Column({ name: 'emailed_at', type: 'timestamptz', nullable: true })
  emailedAt: Date | null;
}
