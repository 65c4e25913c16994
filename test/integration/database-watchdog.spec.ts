import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { getDataSourceToken } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { DatabaseWatchdog } from '../../src/database/database-watchdog.js';
import { DatabaseWatchdogHost } from '../../src/database/database.module.js';
import { startTestApi, testConfig } from '../support/test-app.js';
import { until } from '../support/until.js';

/**
 * A server that accepts connections and never says a word: what a frozen PostgreSQL, or one behind
 * a network that drops packets, looks like to a client (the kernel completes the handshake).
 */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/silent`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Holds the event loop as a long synchronous task would. */
function holdLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

const STALL_MS = 300;
/** Long enough that only the probes a test asks for run. */
const NO_TIMER = 3_600_000;

describe('the database watchdog', () => {
  const databaseUrl = testConfig().databaseUrl;
  let pool: pg.Pool;
  let db: pg.Pool;
  const watchdogs: DatabaseWatchdog[] = [];
  const watch = (url: string) => {
    const watchdog = new DatabaseWatchdog(pool, {
      databaseUrl: url,
      stallMs: STALL_MS,
      intervalMs: NO_TIMER,
    });
    watchdogs.push(watchdog);
    watchdog.start();
    return watchdog;
  };

  beforeAll(() => {
    // The platform's own connection settings (among them: PostgreSQL checks for a closed client).
    const { extra } = dataSourceOptions(databaseUrl) as { extra: pg.PoolConfig };
    pool = new pg.Pool({ ...extra, connectionString: databaseUrl, max: 3 });
    pool.on('error', () => undefined);
    db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  });
  afterEach(async () => {
    await Promise.all(watchdogs.splice(0).map((watchdog) => watchdog.stop()));
  });
  afterAll(async () => {
    await pool.end();
    await db.end();
  });

  /**
   * A connection from the pool running a 30 s statement: its backend's pid, and how the statement
   * ended (the error, once the connection is cut; the connection then goes back to the pool).
   */
  async function sleeperFromPool() {
    const client = await pool.connect();
    // A cut connection reports itself to its holder, as TypeORM's query runner listens for.
    client.on('error', () => undefined);
    const {
      rows: [{ pid }],
    } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const outcome = client.query('SELECT pg_sleep(30)').then(
      () => undefined,
      (error: Error) => error,
    );
    void outcome.then((error) => client.release(error));
    return { pid, outcome };
  }

  /** A probe while a short statement runs on a pool connection, which must end as it would alone. */
  async function probeBesideShortStatement(watchdog: DatabaseWatchdog) {
    const client = await pool.connect();
    try {
      const sleeping = client.query('SELECT pg_sleep(0.5)');
      const outcome = await watchdog.probe();
      await expect(sleeping).resolves.toBeDefined();
      return outcome;
    } finally {
      client.release();
    }
  }

  it('finds a PostgreSQL that answers answering, and leaves its connections alone', async () => {
    const watchdog = watch(databaseUrl);
    expect(await probeBesideShortStatement(watchdog)).toBe('answered');
    expect(watchdog.stalls).toBe(0);
    expect(watchdog.stalled).toBe(false);
  });

  it('does not count an event loop held up by other work as PostgreSQL not answering', async () => {
    const watchdog = watch(databaseUrl);
    // Held up before the first probe has even connected, and again with the query sent.
    const cold = watchdog.probe();
    holdLoop(STALL_MS * 3);
    expect(await cold).toBe('answered');
    const warm = watchdog.probe();
    holdLoop(STALL_MS * 3);
    expect(await warm).toBe('answered');
    expect(watchdog.stalls).toBe(0);
  });

  it('cuts the connections of a PostgreSQL that stopped answering: the statement fails at once, the pool goes on', async () => {
    const silent = await silentServer();
    try {
      const watchdog = watch(silent.url);
      const first = await sleeperFromPool();
      const started = Date.now();
      expect(await watchdog.probe()).toBe('stalled');
      expect((await first.outcome)?.message).toMatch(/^Connection terminated/);
      expect(Date.now() - started).toBeLessThan(STALL_MS + 2_000);
      expect(watchdog.stalled).toBe(true);
      expect(watchdog.stalls).toBe(1);
      // PostgreSQL ends the backend of the connection cut, though its statement had 29 s to go.
      await until(
        async () => {
          const { rows } = await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [
            first.pid,
          ]);
          return rows.length === 0 ? true : undefined;
        },
        5_000,
        'the backend of the cut connection gone',
      );
      // Another probe without an answer cuts what was taken from the pool since.
      const second = await sleeperFromPool();
      expect(await watchdog.probe()).toBe('stalled');
      expect((await second.outcome)?.message).toMatch(/^Connection terminated/);
      expect(watchdog.stalls).toBe(2);
      // The pool itself is fine: a new connection to the real server answers.
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await silent.close();
    }
  });

  it('leaves a refused connection to fail by itself: not a stall, nothing cut', async () => {
    const silent = await silentServer();
    await silent.close();
    const watchdog = watch(silent.url);
    expect(await probeBesideShortStatement(watchdog)).toBe('refused');
    expect(watchdog.stalls).toBe(0);
  });
});

describe('the watchdog in the API', () => {
  it('runs with the configured stall timeout, and not at all with 0', async () => {
    const on = await startTestApi({ DATABASE_STALL_TIMEOUT_MS: '2500' });
    try {
      const watchdog = on.app.get(DatabaseWatchdogHost).watchdog;
      expect(watchdog).toBeDefined();
      const dataSource = on.app.get<DataSource>(getDataSourceToken());
      await until(
        async () => {
          const [{ n }] = await dataSource.query<{ n: string }[]>(
            `SELECT count(*) AS n FROM pg_stat_activity
              WHERE application_name = 'rtw-watchdog' AND datname = current_database()`,
          );
          return Number(n) > 0 ? true : undefined;
        },
        5_000,
        "the watchdog's probe connection",
      );
    } finally {
      await on.app.close();
    }
    const off = await startTestApi({ DATABASE_STALL_TIMEOUT_MS: '0' });
    try {
      expect(off.app.get(DatabaseWatchdogHost).watchdog).toBeUndefined();
    } finally {
      await off.app.close();
    }
  });
});
