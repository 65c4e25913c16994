/**
 * What every benchmark shares: a throwaway database and bull prefix on the services `npm test`
 * would use, timing helpers, and the result format written to `bench/results/`.
 */
import { randomBytes } from 'node:crypto';
import { runMigrations } from '../src/database/migrate.js';
import {
  deleteBullPrefix,
  dropTestDatabase,
  ensureDatabase,
  resolveServices,
  withDatabase,
} from '../src/dev/local-services.js';

/** One row of the performance table: the measured figure against its baseline from the same run. */
export interface BenchResult {
  /** Stable key, e.g. `employee-import`. */
  name: string;
  /** The row of the performance table of docs/quality-bar.md this measures. */
  what: string;
  baseline: string;
  /** measured / baseline, in the direction the goal is written (time ratio or throughput share). */
  ratio: number;
  goal: string;
  met: boolean;
  /** Absolute figures for context: timings, counts, rates. */
  figures: Record<string, number | string>;
  /** Checks of correctness made on the way (every row kept, nothing duplicated...). */
  checks: Record<string, boolean>;
  measuredAt: string;
}

export interface BenchEnv {
  databaseUrl: string;
  redisUrl: string;
  bullPrefix: string;
  /** Environment for loadConfig: the throwaway database and prefix, quiet logs. */
  env: Record<string, string>;
}

export const say = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

/** Runs `work` against a fresh migrated database and own bull prefix; both removed afterwards. */
export async function withBenchServices<T>(work: (env: BenchEnv) => Promise<T>): Promise<T> {
  const { postgres, redis } = await resolveServices({ log: say });
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `rtw_bench_test_${runId}`;
  const bullPrefix = `rtw-bench-test-${runId}`;
  try {
    await ensureDatabase(postgres.adminUrl, database);
    const databaseUrl = withDatabase(postgres.adminUrl, database);
    await runMigrations(databaseUrl);
    return await work({
      databaseUrl,
      redisUrl: redis.url,
      bullPrefix,
      env: {
        ...(process.env as Record<string, string>),
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        // One account drives each benchmark's load, far past anyone's pace: the per-account limits
        // are at their highest, so their checks run on every request but never refuse one.
        RATE_LIMIT_PER_MINUTE: '100000',
        EXPENSIVE_RATE_LIMIT_PER_MINUTE: '10000',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        BULL_PREFIX: bullPrefix,
      },
    });
  } finally {
    // BENCH_KEEP_DATABASE=1 leaves the database behind, to look into a benchmark's queries.
    if (process.env.BENCH_KEEP_DATABASE === '1') say(`kept the database ${database}`);
    else
      await dropTestDatabase(postgres.adminUrl, database).catch((e: Error) =>
        say(`could not drop ${database}: ${e.message}`),
      );
    await deleteBullPrefix(redis.url, bullPrefix).catch((e: Error) =>
      say(`could not clear ${bullPrefix}: ${e.message}`),
    );
    await redis.stop();
    await postgres.stop();
  }
}

/** Milliseconds `work` took. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
