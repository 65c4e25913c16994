import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, JobOptions, Queue } from 'bull';
import { currentCorrelationId, newCorrelationId } from '../request-context/request-context.js';
import {
  type JobEnvelope,
  JobName,
  type JobPayloads,
  QUEUE_OF_JOB,
  QueueName,
} from './queue-names.js';

export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  // Completed jobs are kept a day so a repeated jobId is still recognised as a duplicate; the
  // database constraint on each side effect stays the real guard.
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  // Failed jobs stay visible in the queue dashboard for a week.
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** The only place jobs are added: defaults for retries and backoff, and a deterministic job id. */
@Injectable()
export class JobEnqueueService {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly moduleRef: ModuleRef) {}

  /**
   * @param dedupeKey identifies the unit of work (for example the checkpoint id and reminder kind):
   *   enqueueing the same job name and key twice while the first still exists adds nothing.
   * @param options.queue only for jobs that travel through every queue (the heartbeat): the queue
   *   to send this one through instead of the job's own.
   */
  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    dedupeKey: string,
    options: { delayMs?: number; queue?: QueueName } = {},
  ): Promise<Job<JobEnvelope<N>>> {
    const envelope: JobEnvelope<N> = {
      correlationId: currentCorrelationId() ?? newCorrelationId(),
      payload,
    };
    return this.queue(options.queue ?? QUEUE_OF_JOB[name]).add(name, envelope, {
      ...DEFAULT_JOB_OPTIONS,
      jobId: `${name}:${dedupeKey}`,
      delay: options.delayMs,
    }) as Promise<Job<JobEnvelope<N>>>;
  }

  /** Many jobs of one name in one round trip (a sweep re-enqueueing what is due). */
  async enqueueMany<N extends JobName>(
    name: N,
    jobs: readonly { payload: JobPayloads[N]; dedupeKey: string }[],
  ): Promise<void> {
    if (!jobs.length) return;
    const correlationId = currentCorrelationId() ?? newCorrelationId();
    await this.queue(QUEUE_OF_JOB[name]).addBulk(
      jobs.map(({ payload, dedupeKey }) => ({
        name,
        data: { correlationId, payload } satisfies JobEnvelope<N>,
        opts: { ...DEFAULT_JOB_OPTIONS, jobId: `${name}:${dedupeKey}` },
      })),
    );
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, queue);
    }
    return queue;
  }

  allQueues(): Queue[] {
    return Object.values(QueueName).map((name) => this.queue(name));
  }
}
