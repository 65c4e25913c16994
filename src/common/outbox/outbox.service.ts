import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobName, JobPayloads } from '../queue/queue-names.js';

/**
 * Writes jobs into the transactional outbox: inside the caller's transaction, so a job exists
 * exactly when the change that causes it commits. The worker's relay hands them to the queues.
 * This is how a change asks for work to be done later; API requests never talk to Redis for it,
 * so they keep working while Redis is away.
 */
@Injectable()
export class OutboxService {
  async emit<N extends JobName>(
    manager: EntityManager,
    job: N,
    payloads: readonly JobPayloads[N][],
  ): Promise<void> {
    if (!payloads.length) return;
    await manager.query(
      `INSERT INTO outbox_event (topic, payload) SELECT $1, p FROM unnest($2::jsonb[]) AS p`,
      [job, payloads.map((payload) => JSON.stringify(payload))],
    );
  }
}
