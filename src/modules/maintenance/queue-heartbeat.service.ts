import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { JobEnqueueService } from '../../common/queue/job-enqueue.service.js';
import { JobName, QueueName } from '../../common/queue/queue-names.js';

export const HEARTBEAT_INTERVAL_MS = 30_000;

/**
 * Proves that jobs flow end to end: a worker enqueues one heartbeat per queue per interval (a
 * deterministic job id, so several workers add it once) and whichever worker processes it records
 * the beat. An old beat means the queue is stalled even when Redis itself answers.
 */
@Injectable()
export class QueueHeartbeatService {
  private readonly workerName = `${hostname()}:${process.pid}`;

  constructor(
    private readonly jobs: JobEnqueueService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async enqueueBeats(now: Date = new Date()): Promise<void> {
    const slot = Math.floor(now.getTime() / HEARTBEAT_INTERVAL_MS) * HEARTBEAT_INTERVAL_MS;
    const beatAt = new Date(slot).toISOString();
    for (const queue of Object.values(QueueName)) {
      // Each beat travels through its own queue, so a stalled queue shows as a stale beat.
      await this.jobs.enqueue(JobName.QueueHeartbeat, { queue, beatAt }, `${queue}:${beatAt}`, {
        queue,
      });
    }
  }

  /** Idempotent: replaying an older or the same beat never moves the recorded beat back. */
  async recordBeat(queue: QueueName, beatAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO queue_heartbeat (queue, last_beat_at, processed_at, processed_by)
       VALUES ($1, $2, now(), $3)
       ON CONFLICT (queue) DO UPDATE
         SET last_beat_at = EXCLUDED.last_beat_at,
             processed_at = EXCLUDED.processed_at,
             processed_by = EXCLUDED.processed_by
       WHERE queue_heartbeat.last_beat_at < EXCLUDED.last_beat_at`,
      [queue, beatAt, this.workerName],
    );
  }

  async lastBeat(queue: QueueName): Promise<{ lastBeatAt: Date; processedAt: Date } | undefined> {
    const rows = await this.dataSource.query<{ last_beat_at: Date; processed_at: Date }[]>(
      `SELECT last_beat_at, processed_at FROM queue_heartbeat WHERE queue = $1`,
      [queue],
    );
    return rows[0] && { lastBeatAt: rows[0].last_beat_at, processedAt: rows[0].processed_at };
  }
}
