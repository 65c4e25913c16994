import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last time a worker processed a heartbeat job of a queue. The API reads it to tell an operator
 * that jobs are flowing end to end (enqueue, Redis, worker, database), not just that Redis answers.
 */
@Entity({ name: 'queue_heartbeat' })
export class QueueHeartbeat {
  @PrimaryColumn({ name: 'queue', type: 'text', primaryKeyConstraintName: 'PK_queue_heartbeat' })
  queue: string;

  @Column({ name: 'last_beat_at', type: 'timestamptz' })
  lastBeatAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz' })
  processedAt: Date;

  @Column({ name: 'processed_by', type: 'text' })
  processedBy: string;
}
