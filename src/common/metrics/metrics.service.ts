import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { JobEnqueueService } from '../queue/job-enqueue.service.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
const COLLECT_TIMEOUT_MS = 1000;

/**
 * Prometheus metrics of one process: HTTP latency, queue depths, the age of the last queue
 * heartbeat and the process' own figures (memory, event loop). Each process has its own registry.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(
    private readonly jobs: JobEnqueueService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry });
    const jobs = this.jobs;
    new Gauge({
      name: 'rtw_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const queue of jobs.allQueues()) {
          const counts = await withTimeout(queue.getJobCounts()).catch(() => undefined);
          if (!counts) continue;
          for (const state of JOB_STATES)
            this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    const dataSource = this.dataSource;
    new Gauge({
      name: 'rtw_queue_heartbeat_age_seconds',
      help: 'Seconds since a worker last processed a heartbeat job of the queue',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await withTimeout(
          dataSource.query<{ queue: string; age: string }[]>(
            `SELECT queue, extract(epoch FROM now() - processed_at) AS age FROM queue_heartbeat`,
          ),
        ).catch(() => [] as { queue: string; age: string }[]);
        for (const row of rows) this.set({ queue: row.queue }, Number(row.age));
      },
    });
  }

  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error('timeout')), COLLECT_TIMEOUT_MS).unref(),
    ),
  ]);
}
