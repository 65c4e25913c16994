import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox: an event written in the same transaction as the change it reports,
 * so it exists exactly when the change does. The relay hands it to the queue (and again, while it
 * is not done); the job's handler marks it done with its work. Payloads hold ids and dates only,
 * like job payloads.
 */
@Entity({ name: 'outbox_event' })
@Index('IDX_outbox_event_pending', ['id'], { where: `"done_at" IS NULL` })
export class OutboxEvent {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'PK_outbox_event',
  })
  id: string;

  @Column({ name: 'topic', type: 'text' })
  topic: string;

  @Column({ name: 'payload', type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the relay last handed it to a queue. */
  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt: Date | null;

  /** When its work was done, written by the handler; until then the relay hands it over again. */
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;
}
