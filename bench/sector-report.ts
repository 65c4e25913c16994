/**
 * Sector trend reports on the synthetic population of the source article (1,000,000 employees,
 * about 300,000 episodes over five years): the full rebuild of the published cube (base cells,
 * every combination of filters, outcome cohorts, withheld flags) against one hand-written GROUP BY
 * over the raw tables giving the base cells, and the latency of a report request (one NACE section
 * x region x 60 months and more) served by the API from the cube, in the same run.
 */
import { getDataSourceToken } from '@nestjs/typeorm';
import { type ChildProcess, spawn } from 'node:child_process';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../src/bootstrap.js';
import { createLogger } from '../src/common/logging/logger.js';
import { loadConfig } from '../src/config/config.js';
import { freePort } from '../src/dev/local-services.js';
import {
  ARTICLE_POPULATION,
  articlePopulation,
  generatePopulation,
} from '../src/dev/synthetic-population.js';
import { SessionTokensService } from '../src/modules/identity/session-tokens.service.js';
import {
  BASE_CELLS_SQL,
  rebuildCube,
  REPORT_WORK_MEM,
  sqlOfClient,
} from '../src/modules/reports/report-cube.js';
import { peakRss, serve, stopAll } from './servers.js';
import { type BenchEnv, type BenchResult, median, round, say, timed } from './support.js';

const EMPLOYEES = Number(process.env.BENCH_POPULATION_EMPLOYEES ?? ARTICLE_POPULATION.employees);
const ROUNDS = 3;
const REQUESTS = 2000;
const CONCURRENCY = 8;
const GOAL_RATIO = 1.5;
const GOAL_P95_MS = 50;

/** Every month of the population: the range of a full rebuild. */
const ALL_MONTHS = ['0001-01-01', '9999-01-01'];
const MIN_CELL = 10;

export async function sectorReportBench(env: BenchEnv): Promise<BenchResult> {
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  const children: ChildProcess[] = [];
  try {
    const made = await generatePopulation(db, articlePopulation(EMPLOYEES));
    say(`population: ${made.employees} employees, ${made.episodes} episodes`);
    await db.query('ANALYZE');
    // The hand-written query gets the memory the rebuild gives itself.
    await db.query(REPORT_WORK_MEM.replace('SET LOCAL', 'SET'));

    const groupBy: number[] = [];
    const rebuild: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      groupBy.push(await timed(() => db.query(BASE_CELLS_SQL, ALL_MONTHS)));
      rebuild.push(
        await timed(async () => {
          await db.query('BEGIN');
          await rebuildCube(sqlOfClient(db), MIN_CELL);
          await db.query('COMMIT');
        }),
      );
    }
    const ratio = round(median(rebuild) / median(groupBy), 2);
    // The cube holds every base cell the hand-written query gives (its finest level).
    const {
      rows: [{ base, cube, finest, withheld }],
    } = await db.query<{ base: string; cube: string; finest: string; withheld: string }>(
      `SELECT (SELECT count(*) FROM (${BASE_CELLS_SQL}) g) AS base,
              (SELECT count(*) FROM report_cell) AS cube,
              (SELECT count(*) FROM report_cell
                WHERE nace_section <> '*' AND region <> '*' AND size_band <> '*') AS finest,
              (SELECT count(*) FROM report_cell WHERE withheld) AS withheld`,
      ALL_MONTHS,
    );
    const token = await analystToken(env);
    const port = await freePort();
    children.push(await serve('dist/src/main.js', port, env, '/health/live', CONCURRENCY));
    const path = `/reports/complaint-trends?period=month&naceSection=P&region=BE2`;
    const latencies = await measure(`http://127.0.0.1:${port}${path}`, token);
    const sorted = [...latencies.ms].sort((a, b) => a - b);
    const p95Ms = sorted[Math.floor(sorted.length * 0.95)];
    const p95 = round(p95Ms, 1);
    say(
      `rebuild ${Math.round(median(rebuild))} ms, GROUP BY ${Math.round(median(groupBy))} ms; report p95 ${p95} ms`,
    );
    const worker = await workerRollup(db, env);
    return {
      name: 'sector-report',
      what: `sector trend report on ${made.employees.toLocaleString('en')} employees / ${made.episodes.toLocaleString('en')} episodes / 5 years: rollup rebuild, and one section x region x 60 months served`,
      baseline: 'one hand-written GROUP BY over the raw tables',
      ratio,
      goal: `rebuild <= ${GOAL_RATIO}x; report p95 <= ${GOAL_P95_MS} ms`,
      met: median(rebuild) / median(groupBy) <= GOAL_RATIO && p95Ms <= GOAL_P95_MS,
      figures: {
        employees: made.employees,
        episodes: made.episodes,
        groupByMsMedian: Math.round(median(groupBy)),
        rebuildMsMedian: Math.round(median(rebuild)),
        reportRequests: REQUESTS,
        reportConcurrency: CONCURRENCY,
        reportP50Ms: round(sorted[Math.floor(sorted.length * 0.5)], 1),
        reportP95Ms: p95,
        cubeCells: Number(cube),
        withheldCells: Number(withheld),
        workerRollupMs: worker.ms,
        workerPeakRssMiB: worker.peakRssMiB,
      },
      checks: {
        cubeHasEveryBaseCell: Number(finest) === Number(base),
        everyReportAnswered200: latencies.failed === 0,
        sixtyMonthsOrMoreInTheReport: latencies.points >= 60,
        workerRebuiltTheCube: worker.done,
      },
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await stopAll(children);
    await db.end();
  }
}

/**
 * The worker process as production starts it: it rebuilds the whole cube at start-up. Its peak
 * resident memory until that rebuild has committed (or five minutes have passed).
 */
async function workerRollup(
  db: pg.Client,
  env: BenchEnv,
): Promise<{ ms: number; peakRssMiB: number; done: boolean }> {
  const started = Date.now();
  const {
    rows: [{ before }],
  } = await db.query<{ before: Date | null }>(
    `SELECT max(computed_from) AS before FROM report_refresh`,
  );
  const worker = spawn(process.execPath, ['dist/src/worker.js'], {
    env: { ...env.env, WORKER_PORT: String(await freePort()) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const { value: done, peakRssMiB } = await peakRss(worker.pid, async () => {
      while (Date.now() - started < 300_000) {
        const {
          rows: [{ after }],
        } = await db.query<{ after: Date | null }>(
          `SELECT max(computed_from) AS after FROM report_refresh`,
        );
        if (after && (!before || after > before)) return true;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return false;
    });
    say(`worker: full rollup in ${Date.now() - started} ms, peak RSS ${peakRssMiB} MiB`);
    return { ms: Date.now() - started, peakRssMiB, done };
  } finally {
    await stopAll([worker]);
  }
}

/** An analyst and an access token for them, issued as the API would after sign-in. */
async function analystToken(env: BenchEnv): Promise<string> {
  const app = await createApiApp(
    loadConfig(env.env),
    createLogger({ level: 'warn', process: 'api' }),
  );
  await app.init();
  try {
    const manager = app.get<DataSource>(getDataSourceToken()).manager;
    const [{ id: service }] = await manager.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, version) VALUES ('occupational_health_service', 'Bench service', 1) RETURNING id`,
    );
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO app_user (email, display_name, role, status, password_hash, version)
       VALUES ('analyst@bench.rtw', 'Bench analyst', 'analyst', 'active', '!', 1) RETURNING id`,
    );
    await manager.query(`INSERT INTO membership (user_id, organisation_id) VALUES ($1, $2)`, [
      id,
      service,
    ]);
    return (await app.get(SessionTokensService).issue(manager, id, ['pwd'])).accessToken;
  } finally {
    await app.close();
  }
}

/** Latency of each of REQUESTS report requests, CONCURRENCY at a time, after a warm-up. */
async function measure(
  url: string,
  token: string,
): Promise<{ ms: number[]; failed: number; points: number }> {
  const headers = { Authorization: `Bearer ${token}` };
  let points = 0;
  for (let i = 0; i < 50; i++)
    points = ((await (await fetch(url, { headers })).json()) as { points: unknown[] }).points
      .length;
  const ms: number[] = [];
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        const started = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        ms.push(performance.now() - started);
        if (response.status !== 200) failed++;
      }
    }),
  );
  return { ms, failed, points };
}
