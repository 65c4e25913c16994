import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A creating request sent with an `Idempotency-Key`: claimed before the work runs, then holding the
 * answer so a retry of the same request gets the same answer instead of a second resource. Kept
 * for a day.
 */
@Entity({ name: 'idempotency_key' })
@Index('IDX_idempotency_key_created', ['createdAt'])
@Check('CHK_idempotency_key_state', `"state" IN ('in_progress', 'completed')`)
export class IdempotencyKey {
  @PrimaryColumn({
    name: 'actor_user_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_idempotency_key',
  })
  actorUserId: string;

  @PrimaryColumn({ name: 'key', type: 'text', primaryKeyConstraintName: 'PK_idempotency_key' })
  key: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash: string;

  @Column({ name: 'state', type: 'text', default: 'in_progress' })
  state: 'in_progress' | 'completed';

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody: unknown;

  @Column({ name: 'response_etag', type: 'text', nullable: true })
  responseEtag: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
