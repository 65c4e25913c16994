import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { runMigrations } from '../../../src/database/migrate.js';
import {
  type EmbeddedPostgresServer,
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

/**
 * The embedded PostgreSQL of a stack: stopped as an operator would (a fast shutdown: sessions are
 * told and ended), killed as a crash or an OOM kill would (every process at once, nobody told),
 * and started again on its port with its data. Stopping or starting it twice does nothing.
 */
export class PrivatePostgres {
  private running = true;
  private frozen: number[] = [];

  constructor(
    private readonly server: EmbeddedPostgresServer,
    private readonly dataDir: string,
  ) {}

  async stop(): Promise<void> {
    if (!this.running) return;
    this.thaw();
    await this.server.stop();
    this.running = false;
  }

  /** SIGKILL to the postmaster and every process it runs, listed by `pool` beforehand. */
  async kill(pool: pg.Pool): Promise<void> {
    if (!this.running) return;
    const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity');
    const postmaster = Number(
      readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    const pids = [postmaster, ...rows.map((row) => row.pid)];
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.running = false;
    // The next start refuses to run while a process of this one still holds its shared memory.
    await until(async () => (pids.every(gone) ? true : undefined), 10_000, 'PostgreSQL gone');
  }

  /**
   * SIGSTOP to the postmaster and every process it runs: PostgreSQL stops answering but keeps its
   * connections open, as a frozen host or a network that drops packets would (the kernel still
   * completes new connections' handshakes). `pool` lists the processes beforehand and cannot be
   * used until `thaw`.
   */
  async freeze(pool: pg.Pool): Promise<void> {
    if (!this.running || this.frozen.length) return;
    const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity');
    const postmaster = Number(
      readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    this.frozen = [postmaster, ...rows.map((row) => row.pid)];
    for (const pid of this.frozen) signal(pid, 'SIGSTOP');
  }

  /** SIGCONT to every process `freeze` stopped. */
  thaw(): void {
    for (const pid of this.frozen) signal(pid, 'SIGCONT');
    this.frozen = [];
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.server.start();
    this.running = true;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** No such process, or one that has exited and waits to be reaped. */
function gone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

export interface PrivateStack {
  databaseUrl: string;
  redis: PrivateRedis;
  postgres: PrivatePostgres;
  /** A pool of the test's own; its connections die with PostgreSQL and are made again afterwards. */
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
  const server = new PrivatePostgres(postgres, dataDir);
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  // An idle connection ended by a PostgreSQL shutdown is dropped from the pool, not a crash.
  db.on('error', () => undefined);
  return {
    databaseUrl,
    redis,
    postgres: server,
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
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A process of the stack as production runs it (`node dist/src/<script>.js`). What it writes is
 * kept (the last 64 KiB) to show when a test fails.
 */
export class StackProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<Exit> | undefined;
  private written = '';

  constructor(
    private readonly script: 'main' | 'worker',
    private readonly env: Record<string, string>,
  ) {}

  start(): this {
    const child = spawn(process.execPath, [resolve(`dist/src/${this.script}.js`)], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (this.written = (this.written + chunk).slice(-65_536));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.exit = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    this.child = child;
    return this;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get output(): string {
    return this.written;
  }

  /** Resolves with how the process ended. */
  exited(): Promise<Exit> {
    if (!this.exit) throw new Error(`${this.script} was never started`);
    return this.exit;
  }

  /** Sends SIGTERM, as a deployment stopping it does; `exited()` tells how it went. */
  terminate(): void {
    if (this.running) this.child?.kill('SIGTERM');
  }

  /** Kills it without warning, as a crash or an OOM kill would. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGKILL');
    await this.exited();
  }

  /** SIGTERM, and SIGKILL should it still run after 15 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.terminate();
    await Promise.race([this.exited(), sleep(15_000).then(() => this.kill())]);
  }
}

/** A worker process of the stack (`node dist/src/worker.js`). */
export class WorkerProcess extends StackProcess {
  constructor(env: Record<string, string>) {
    super('worker', env);
  }
}
