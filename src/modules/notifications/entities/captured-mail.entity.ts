import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * An e-mail kept instead of sent (SMTP_URL=capture: the demo and the tests), once per Message-ID:
 * kept in the sender's transaction, with the sender's record that it was sent, so a message is
 * captured exactly when it counts as sent.
 */
@Entity({ name: 'captured_mail' })
@Unique('UQ_captured_mail_message_id', ['messageId'])
export class CapturedMail {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_captured_mail' })
  id: string;

  @Column({ name: 'message_id', type: 'text' })
  messageId: string;

  @Column({ name: 'to_address', type: 'text' })
  toAddress: string;

  @Column({ name: 'subject', type: 'text' })
  subject: string;

  @Column({ name: 'body', type: 'text' })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
