import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { runMigrations } from '../../../src/database/migrate.js';
import {
  ensureDatabase,
  freePort,
  redisAnswers,
  startEmbeddedPostgres,
  withDatabase,
} from '../../../src/dev/local-services.js';

import { until } from '../../support/until.js';

export { until };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A redis-server of the test's own, on its own port and folder: stopped, killed and started again
 * at will, with its data (append-only file) or empty.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  readonly url: string;

  private constructor(
    private readonly port: number,
    private readonly dir: string,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'rtw-fault-redis-')),
    );
    await redis.restart();
    return redis;
  }

  async restart(options: { empty?: boolean } = {}): Promise<void> {
    if (options.empty) {
      rmSync(this.dir, { recursive: true, force: true });
      mkdirSync(this.dir, { recursive: true });
    }
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    await until(
      async () => ((await redisAnswers(this.url)) ? true : undefined),
      10_000,
      'redis up',
    );
  }

  /** Stops the server (SIGTERM: it writes its append-only file and exits). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface PrivateStack {
  databaseUrl: string;
  redis: PrivateRedis;
  db: pg.Pool;
  /** Environment of the API and worker processes of this stack. */
  env: (extra?: Record<string, string>) => Record<string, string>;
  stop: () => Promise<void>;
}

/** An embedded PostgreSQL (migrated) and a redis-server, both private to the calling test. */
export async function startPrivateStack(): Promise<PrivateStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtw-fault-pg-'));
  const postgres = await startEmbeddedPostgres(dataDir, () => undefined);
  await ensureDatabase(postgres.adminUrl, 'rtw_fault_test');
  const databaseUrl = withDatabase(postgres.adminUrl, 'rtw_fault_test');
  await runMigrations(databaseUrl);
  const redis = await PrivateRedis.start();
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  return {
    databaseUrl,
    redis,
    db,
    env: (extra = {}) => ({
      ...(process.env as Record<string, string>),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      BULL_PREFIX: 'rtw-fault-test',
      WORKER_PORT: '0',
      ...extra,
    }),
    stop: async () => {
      await db.end();
      await redis.destroy();
      await postgres.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A worker process of the stack, as production runs it (`node dist/src/worker.js`). */
export class WorkerProcess {
  private child: ChildProcess | undefined;

  constructor(private readonly env: Record<string, string>) {}

  start(): this {
    this.child = spawn(process.execPath, [resolve('dist/src/worker.js')], {
      env: this.env,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    return this;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kills it without warning, as a crash or an OOM kill would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
  }
}
