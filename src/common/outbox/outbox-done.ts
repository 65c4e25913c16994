import type { DataSource, EntityManager } from 'typeorm';
import { execute, sql } from '../../database/sql.js';

/** The outbox event a job was handed over for (its job id ends in `outbox-<event id>`), if any. */
export function outboxEventOf(job: { opts: { jobId?: string | number } }): string | null {
  const match = /:outbox-(\d+)$/.exec(String(job.opts.jobId ?? ''));
  return match ? match[1] : null;
}

/**
 * Marks an outbox event done: called by the job's handler with its work, in the same transaction
 * where it can, so the relay stops handing it over. An event marked twice keeps its first time.
 */
export async function markOutboxDone(
  db: DataSource | EntityManager,
  eventId: string | null,
): Promise<void> {
  if (eventId === null) return;
  await execute(
    db,
    sql`UPDATE outbox_event SET done_at = now() WHERE id = ${eventId} AND done_at IS NULL`,
  );
}
