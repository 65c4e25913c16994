import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { DatabaseWatchdogHost } from '../../database/database.module.js';
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
    private readonly database: DatabaseWatchdogHost,
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
    const watchdog = this.database.watchdog;
    new Gauge({
      name: 'rtw_database_stalled',
      help: "1 while PostgreSQL leaves the process' probe unanswered (its connections are cut), else 0",
      registers: [this.registry],
      collect() {
        this.set(watchdog?.stalled ? 1 : 0);
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
    new Gauge({
      name: 'rtw_work_backlog',
      help: 'Work PostgreSQL says is owed and not yet done: outbox events not done, reminders not delivered, e-mails not sent',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      async collect() {
        const [row] = await withTimeout(
          dataSource.query<{ outbox: string; reminders: string; emails: string }[]>(
            `SELECT (SELECT count(*) FROM outbox_event WHERE done_at IS NULL) AS outbox,
                    (SELECT count(*) FROM checkpoint_reminder WHERE delivered_at IS NULL) AS reminders,
                    (SELECT count(*) FROM notification WHERE email_state IN ('pending', 'sending')) AS emails`,
          ),
        ).catch(() => [] as { outbox: string; reminders: string; emails: string }[]);
        if (!row) return;
        this.set({ kind: 'outbox_events' }, Number(row.outbox));
        this.set({ kind: 'reminders' }, Number(row.reminders));
        this.set({ kind: 'emails' }, Number(row.emails));
      },
    });
    new Gauge({
      name: 'rtw_work_oldest_seconds',
      help: 'Age of the oldest owed item per kind: a growing value means the pipeline is stuck',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      async collect() {
        const [row] = await withTimeout(
          dataSource.query<
            { outbox: string | null; reminders: string | null; emails: string | null }[]
          >(
            // An age is never below zero, whatever a row's time says.
            `SELECT greatest(0, extract(epoch FROM now() - (SELECT min(created_at) FROM outbox_event WHERE done_at IS NULL))) AS outbox,
                    greatest(0, extract(epoch FROM now() - (SELECT min(created_at) FROM checkpoint_reminder WHERE delivered_at IS NULL))) AS reminders,
                    greatest(0, extract(epoch FROM now() - (SELECT min(created_at) FROM notification WHERE email_state IN ('pending', 'sending')))) AS emails`,
          ),
        ).catch(() => []);
        if (!row) return;
        this.set({ kind: 'outbox_events' }, Number(row.outbox ?? 0));
        this.set({ kind: 'reminders' }, Number(row.reminders ?? 0));
        this.set({ kind: 'emails' }, Number(row.emails ?? 0));
      },
    });
    new Gauge({
      name: 'rtw_emails_failed',
      help: 'E-mails given up on after the mail server refused them on every attempt: notifications and account links',
      registers: [this.registry],
      async collect() {
        const [row] = await withTimeout(
          dataSource.query<{ failed: string }[]>(
            `SELECT (SELECT count(*) FROM notification WHERE email_state = 'failed')
                  + (SELECT count(*) FROM user_token WHERE mail_state = 'failed') AS failed`,
          ),
        ).catch(() => [] as { failed: string }[]);
        if (row) this.set(Number(row.failed));
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
