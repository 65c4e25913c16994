import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppLogger } from '../logging/logger.js';
import { APP_LOGGER } from '../logging/logging.module.js';
import { JobEnqueueService } from '../queue/job-enqueue.service.js';
import type { JobName, JobPayloads } from '../queue/queue-names.js';
import { PeriodicSweep, RECOVERY_MARGIN_MS } from '../scheduling/periodic-sweep.js';

const BATCH = 500;
/** Done events are kept a week, for tracing a job back to the change that caused it. */
const KEEP_DONE_DAYS = 7;
/** A queue that does not answer within this time fails the round; the events stay pending. */
const ENQUEUE_TIMEOUT_MS = 5_000;

/**
 * Runs in the worker: hands outbox events that are not done to the queues, oldest first, and
 * records when in the same transaction that locked them. An event is done when its handler says
 * so, with its work; one handed over `JOB_REQUEUE_AFTER_MS` ago and still not done is handed over
 * again under the same job id: a no-op while the job is still in Redis, the job again when Redis
 * lost it (a flush, a Redis that restarted empty). Several workers relay side by side (SKIP
 * LOCKED). The handlers are idempotent, so nothing is lost and nothing happens twice.
 */
@Injectable()
export class OutboxRelaySweep extends PeriodicSweep {
  protected readonly sweepName = 'outbox_relay';
  protected readonly intervalMs: number;
  protected override readonly runAtStart = true;
  protected override readonly againAfterRedisRecoveryMs: number;
  private readonly requeueAfterSeconds: number;
  private rounds = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobEnqueueService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    super(logger);
    this.intervalMs = config.jobs.outboxRelayMs;
    // What was handed over just before Redis was lost is due again after the requeue time.
    this.againAfterRedisRecoveryMs = config.jobs.requeueAfterMs + RECOVERY_MARGIN_MS;
    this.requeueAfterSeconds = config.jobs.requeueAfterMs / 1000;
  }

  protected async sweep(): Promise<number> {
    let relayed = 0;
    for (;;) {
      const count = await this.relayBatch();
      relayed += count;
      if (count < BATCH) break;
    }
    if (++this.rounds % 1000 === 1) await this.purgeDone();
    return relayed;
  }

  /** One batch: lock, enqueue, mark; all or nothing. */
  async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const events = await manager.query<{ id: string; topic: JobName; payload: unknown }[]>(
        `SELECT id, topic, payload FROM outbox_event
          WHERE done_at IS NULL
            AND (relayed_at IS NULL OR relayed_at < now() - make_interval(secs => $2))
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH, this.requeueAfterSeconds],
      );
      if (!events.length) return 0;
      const byTopic = new Map<JobName, { payload: unknown; dedupeKey: string }[]>();
      for (const event of events) {
        const list = byTopic.get(event.topic) ?? [];
        list.push({ payload: event.payload, dedupeKey: `outbox-${event.id}` });
        byTopic.set(event.topic, list);
      }
      await withTimeout(
        Promise.all(
          [...byTopic].map(([topic, jobs]) =>
            this.jobs.enqueueMany(
              topic,
              jobs as { payload: JobPayloads[JobName]; dedupeKey: string }[],
            ),
          ),
        ),
        ENQUEUE_TIMEOUT_MS,
      );
      await manager.query(
        `UPDATE outbox_event SET relayed_at = now() WHERE id = ANY($1::bigint[])`,
        [events.map((event) => event.id)],
      );
      return events.length;
    });
  }

  private async purgeDone(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM outbox_event WHERE done_at < now() - make_interval(days => $1)`,
      [KEEP_DONE_DAYS],
    );
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new QueueUnavailableError()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}
