import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An e-mail kept instead of sent (SMTP_URL=capture: the demo and the tests). Every hand-over is a
 * row, so a message sent twice shows up twice.
 */
@Entity({ name: 'captured_mail' })
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
