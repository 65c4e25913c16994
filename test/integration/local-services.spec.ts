/**
 * How the demo and `npm test` find or start PostgreSQL and Redis (src/dev/local-services.ts), against
 * real servers: an embedded PostgreSQL in a temp dir, a redis-server from PATH on a port of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { runMigrations } from '../../src/database/migrate.js';
import {
  ensureDatabase,
  freePort,
  type PostgresServer,
  redisAnswers,
  type RedisServer,
  resolvePostgres,
  resolveRedis,
  withDatabase,
} from '../../src/dev/local-services.js';

const BUILT_LOCAL_SERVICES = resolve('dist/src/dev/local-services.js');
const TEST_DATABASE = 'rtw_test_embedded';

/** A fresh temp dir under os.tmpdir() that the `postgres` user (embedded PostgreSQL as root) can enter. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755); // mkdtemp makes it 0700: the `postgres` user could not reach its cluster.
  return dir;
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('local services: embedded PostgreSQL', () => {
  let dataDir: string;
  const started: PostgresServer[] = [];

  beforeAll(() => {
    dataDir = tempDir('rtw-embedded-pg-');
  });
  afterAll(async () => {
    for (const server of started) await server.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('falls back to an embedded PostgreSQL when nothing answers, and reuses its cluster on the next start', async () => {
    const closedPort = await freePort();
    const options = {
      env: {},
      localPostgresUrl: `postgres://postgres@127.0.0.1:${closedPort}/postgres`,
      dataDir,
    };

    const firstLog: string[] = [];
    const first = await resolvePostgres({ ...options, log: (line) => firstLog.push(line) });
    started.push(first);
    expect(first.source).toBe('embedded');
    expect(new URL(first.adminUrl).port).not.toBe(String(closedPort));
    expect(firstLog.join('\n')).toContain('initialising an embedded one');
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

    await ensureDatabase(first.adminUrl, TEST_DATABASE);
    const databaseUrl = withDatabase(first.adminUrl, TEST_DATABASE);
    expect(await runMigrations(databaseUrl)).not.toHaveLength(0);
    const [table] = await query<{ name: string | null }>(
      databaseUrl,
      `SELECT to_regclass('public.organisation')::text AS name`,
    );
    expect(table.name).toBe('organisation');

    await first.stop();
    await expect(query(first.adminUrl, 'SELECT 1')).rejects.toThrow();

    const secondLog: string[] = [];
    const second = await resolvePostgres({ ...options, log: (line) => secondLog.push(line) });
    started.push(second);
    expect(second.source).toBe('embedded');
    expect(secondLog.join('\n')).not.toContain('initialising');
    expect(secondLog.join('\n')).toContain('embedded server on port');
    // Same cluster: the database and the migrated table of the first start are still there.
    const again = withDatabase(second.adminUrl, TEST_DATABASE);
    const [kept] = await query<{ name: string | null }>(
      again,
      `SELECT to_regclass('public.organisation')::text AS name`,
    );
    expect(kept.name).toBe('organisation');
    expect(await runMigrations(again)).toEqual([]);
    await second.stop();
    await expect(query(second.adminUrl, 'SELECT 1')).rejects.toThrow();
  }, 90_000);
});

describe('local services: Redis', () => {
  let dataDir: string;
  const started: RedisServer[] = [];

  beforeAll(() => {
    dataDir = tempDir('rtw-redis-');
  });
  afterAll(async () => {
    for (const server of started) await server.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a redis-server from PATH when nothing answers, and stop() ends it', async () => {
    const closedPort = await freePort();
    const redis = await resolveRedis({
      env: {},
      localRedisUrl: `redis://127.0.0.1:${closedPort}`,
      dataDir,
    });
    started.push(redis);
    expect(redis.source).toBe('redis-server');
    expect(new URL(redis.url).port).not.toBe(String(closedPort));

    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    let pid: number;
    try {
      expect(await client.ping()).toBe('PONG');
      const info = await client.info('server');
      pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual([
        'maxmemory-policy',
        'noeviction',
      ]);
    } finally {
      client.disconnect();
    }
    expect(pid).toBeGreaterThan(0);
    expect(isRunning(pid)).toBe(true);

    await redis.stop();
    expect(isRunning(pid)).toBe(false);
    expect(await redisAnswers(redis.url)).toBe(false);
  }, 30_000);

  it('without any Redis, says how to get one (apt-get or docker compose)', async () => {
    if (!existsSync(BUILT_LOCAL_SERVICES)) {
      throw new Error(`${BUILT_LOCAL_SERVICES} is missing: build first (npm test does)`);
    }
    const binDir = join(dataDir, 'bin-node-only');
    mkdirSync(binDir);
    symlinkSync(process.execPath, join(binDir, 'node'));
    const closedPort = await freePort();
    const script = `
      import { MissingServiceError, resolveRedis } from ${JSON.stringify(BUILT_LOCAL_SERVICES)};
      try {
        const redis = await resolveRedis({ dataDir: ${JSON.stringify(join(dataDir, 'no-redis'))} });
        await redis.stop();
        console.log(JSON.stringify({ resolved: redis.source }));
      } catch (error) {
        console.log(JSON.stringify({
          missing: error instanceof MissingServiceError,
          name: error?.name,
          message: error?.message,
        }));
      }`;
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((done, fail) => {
      const child = spawn('node', ['--input-type=module', '-e', script], {
        env: {
          PATH: binDir,
          RTW_LOCAL_REDIS_URL: `redis://127.0.0.1:${closedPort}`,
          NODE_NO_WARNINGS: '1',
        },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.once('error', fail);
      child.once('exit', (exitCode) => done({ code: exitCode, stdout: out, stderr: err }));
    });

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({
      missing: true,
      message: expect.stringContaining('apt-get install redis-server'),
    });
    expect(JSON.parse(stdout)).toMatchObject({
      message: expect.stringContaining('docker compose up -d redis'),
    });
  }, 30_000);
});

describe('local services: DATABASE_URL and REDIS_URL', () => {
  it('uses DATABASE_URL and REDIS_URL as they are, without probing or starting anything', async () => {
    const nothing = `127.0.0.1:${await freePort()}`;
    const dataDir = join(tmpdir(), 'rtw-never-created-by-this-test');
    const databaseUrl = 'postgres://app:pw@db.invalid:6543/rtw_test_given';
    const redisUrl = 'redis://:pw@cache.invalid:6380/2';

    const postgres = await resolvePostgres({
      env: { DATABASE_URL: databaseUrl },
      localPostgresUrl: `postgres://postgres@${nothing}/postgres`,
      dataDir,
    });
    expect(postgres.source).toBe('DATABASE_URL');
    expect(postgres.adminUrl).toBe('postgres://app:pw@db.invalid:6543/postgres');
    await postgres.stop();

    const redis = await resolveRedis({
      env: { REDIS_URL: redisUrl },
      localRedisUrl: `redis://${nothing}`,
      dataDir,
    });
    expect(redis).toMatchObject({ source: 'REDIS_URL', url: redisUrl });
    await redis.stop();

    expect(existsSync(dataDir)).toBe(false);
  });
});
