import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { spawn, type ChildProcess } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../src/bootstrap.js';
import { createLogger } from '../../src/common/logging/logger.js';
import {
  DEFAULT_JOB_OPTIONS,
  JobEnqueueService,
} from '../../src/common/queue/job-enqueue.service.js';
import { type JobEnvelope, JobName, QueueName } from '../../src/common/queue/queue-names.js';
import { runWithContext } from '../../src/common/request-context/request-context.js';
import { freePort, redisAnswers } from '../../src/dev/local-services.js';
import { MaintenanceProcessor } from '../../src/modules/maintenance/jobs/maintenance.processor.js';
import { QueueHeartbeatService } from '../../src/modules/maintenance/queue-heartbeat.service.js';
import { CapturedLogs, startTestWorker, testConfig, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

describe('job pipeline', () => {
  let worker: TestApp;
  let jobs: JobEnqueueService;
  let dataSource: DataSource;

  beforeAll(async () => {
    worker = await startTestWorker();
    jobs = worker.app.get(JobEnqueueService);
    dataSource = worker.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await worker.app.close();
  });

  it('adds a job once per name and key, with retries, backoff and the caller’s correlation id', async () => {
    const payload = { queue: QueueName.Maintenance, beatAt: '2001-01-01T00:00:00.000Z' };
    const [first, second] = await runWithContext({ correlationId: 'corr-42' }, () =>
      Promise.all([
        jobs.enqueue(JobName.QueueHeartbeat, payload, 'dedupe-test', { delayMs: 60_000 }),
        jobs.enqueue(JobName.QueueHeartbeat, payload, 'dedupe-test', { delayMs: 60_000 }),
      ]),
    );
    expect(first.id).toBe('queue-heartbeat:dedupe-test');
    expect(second.id).toBe(first.id);

    const stored = await jobs.queue(QueueName.Maintenance).getJob(first.id);
    expect(stored?.data).toEqual({ correlationId: 'corr-42', payload });
    expect(stored?.opts).toMatchObject({
      attempts: DEFAULT_JOB_OPTIONS.attempts,
      backoff: DEFAULT_JOB_OPTIONS.backoff,
    });
    const delayed = await jobs.queue(QueueName.Maintenance).getDelayed();
    expect(delayed.filter((job) => job.id === first.id)).toHaveLength(1);
    await stored?.remove();
  });

  it('processes the heartbeat the worker enqueues at start-up and records it in PostgreSQL', async () => {
    const row = await until(async () => {
      const rows = await dataSource.query<{ last_beat_at: Date; processed_by: string }[]>(
        `SELECT last_beat_at, processed_by FROM queue_heartbeat WHERE queue = 'maintenance'`,
      );
      return rows[0];
    });
    expect(row.processed_by).toMatch(/:\d+$/);
    expect(Date.now() - row.last_beat_at.getTime()).toBeLessThan(5 * 60_000);
  });

  it('is idempotent: the same job twice, or an older one, leaves one unchanged row', async () => {
    const processor = worker.app.get(MaintenanceProcessor);
    const heartbeats = worker.app.get(QueueHeartbeatService);
    const job = (beatAt: string) =>
      ({ data: { correlationId: 'c', payload: { queue: QueueName.Maintenance, beatAt } } }) as Job<
        JobEnvelope<JobName.QueueHeartbeat>
      >;
    const future = new Date(Date.now() + 3_600_000);
    future.setUTCMilliseconds(0);

    await processor.heartbeat(job(future.toISOString()));
    const first = await heartbeats.lastBeat(QueueName.Maintenance);
    await processor.heartbeat(job(future.toISOString()));
    await processor.heartbeat(job('2001-01-01T00:00:00.000Z'));
    const after = await heartbeats.lastBeat(QueueName.Maintenance);

    expect(first?.lastBeatAt.toISOString()).toBe(future.toISOString());
    expect(after).toEqual(first);
    const [{ count }] = await dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM queue_heartbeat WHERE queue = $1`,
      [QueueName.Maintenance],
    );
    expect(Number(count)).toBe(1);
  });
});

describe('Redis eviction policy check', () => {
  let redis: ChildProcess;
  let redisUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    redisUrl = `redis://127.0.0.1:${port}`;
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--save', '', '--maxmemory-policy', 'allkeys-lru'],
      {
        stdio: 'ignore',
      },
    );
    await until(async () => ((await redisAnswers(redisUrl)) ? true : undefined), 5000);
  });
  afterAll(async () => {
    const exited = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGTERM');
    await exited;
  });

  it('refuses to start in production on a Redis that may evict keys', async () => {
    const config = testConfig({
      NODE_ENV: 'production',
      REDIS_URL: redisUrl,
      JWT_ACCESS_SECRET: 'p'.repeat(40),
      JWT_REFRESH_SECRET: 'q'.repeat(40),
      SMTP_URL: 'smtp://127.0.0.1:2525',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      METRICS_TOKEN: 'm'.repeat(40),
    });
    const app = await createApiApp(config, createLogger({ level: 'silent', process: 'api' }));
    await expect(app.init()).rejects.toThrow(
      /maxmemory-policy is allkeys-lru; set it to noeviction/,
    );
    await app.close();
  });

  it('only warns in development', async () => {
    const config = testConfig({ NODE_ENV: 'development', REDIS_URL: redisUrl });
    const logs = new CapturedLogs();
    const app = await createApiApp(config, createLogger({ level: 'warn', process: 'api' }, logs));
    await app.init();
    await app.close();
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        policy: 'allkeys-lru',
        msg: 'Redis maxmemory-policy should be noeviction',
      }),
    );
  });
});
