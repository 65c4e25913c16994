import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox: an event written in the same transaction as the change it reports,
 * so it exists exactly when the change does. The relay hands it to the queue and marks it relayed.
 * Payloads hold ids and dates only, like job payloads.
 */
@Entity({ name: 'outbox_event' })
@Index('IDX_outbox_event_pending', ['id'], { where: `"relayed_at" IS NULL` })
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

  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt: Date | null;
}
