/**
 * Recording a progress entry (a physiotherapist's session: validation, JWT and care-team check,
 * clinical transaction with its audit row) against a bare Nest route doing one `INSERT` with `pg`,
 * both served by their own process and loaded by autocannon at 32 connections in the same run.
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { createApiApp } from '../src/bootstrap.js';
import { createLogger } from '../src/common/logging/logger.js';
import { loadConfig } from '../src/config/config.js';
import { SessionTokensService } from '../src/modules/identity/session-tokens.service.js';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createBareTable, peakRss, serveBareAndApi, stopAll } from './servers.js';
import { type BenchEnv, type BenchResult, round, say } from './support.js';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
/** Entries spread over a caseload, as in practice: concurrent writes to one episode are rare. */
const EPISODES = 200;
const CONNECTIONS = 32;
const GOAL_SHARE = 0.4;

const SESSION = {
  sessionDate: '2026-12-03',
  quotas: [{ exercise: 0, reached: 10 }],
  nrsPain: 3,
  adherencePercent: 80,
};

export async function progressEntryBench(env: BenchEnv): Promise<BenchResult> {
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  await createBareTable(db);
  const { episodeIds, token } = await seed(db, env);
  let children: ChildProcess[] = [];
  try {
    const servers = await serveBareAndApi(env, CONNECTIONS);
    children = servers.children;

    if (process.env.BENCH_PROBE) {
      // Diagnosis: the API's own ceiling on a route without the database.
      const probe = await load(
        servers.api,
        [process.env.BENCH_PROBE],
        { Authorization: `Bearer ${token}` },
        'GET',
      );
      say(`probe ${process.env.BENCH_PROBE}: ${Math.round(probe.rps)} requests/s`);
    }
    const bare = await load(servers.bare, ['/bare'], {});
    const { value: progress, peakRssMiB } = await peakRss(servers.apiPid, () =>
      load(
        servers.api,
        episodeIds.map((id) => `/episodes/${id}/progress/sessions`),
        { Authorization: `Bearer ${token}` },
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // requests still in flight
    const [{ count, audits }] = (
      await db.query<{ count: string; audits: string }>(
        `SELECT (SELECT count(*) FROM progress_entry WHERE episode_id = ANY($1::uuid[])) AS count,
                (SELECT count(*) FROM audit_event WHERE action = 'progress.session') AS audits`,
        [episodeIds],
      )
    ).rows;
    const share = round(progress.rps / bare.rps, 2);
    return {
      name: 'progress-entry',
      what: 'record a progress entry (validation, care-team check, audit, one transaction)',
      baseline: 'bare Nest route doing one INSERT with pg',
      ratio: share,
      goal: `>= ${GOAL_SHARE * 100}% of baseline throughput`,
      met: share >= GOAL_SHARE,
      figures: {
        seconds: SECONDS,
        connections: CONNECTIONS,
        bareRequestsPerSecond: Math.round(bare.rps),
        bareP99Ms: bare.p99,
        progressRequestsPerSecond: Math.round(progress.rps),
        progressP99Ms: progress.p99,
        apiPeakRssMiB: peakRssMiB,
      },
      checks: {
        everyRequestAnswered201:
          bare.non2xx === 0 && progress.non2xx === 0 && progress.errors === 0,
        // Requests in flight when the load stops are still served, so a few more rows than answers.
        everyAnsweredEntryStored:
          Number(count) >= progress.ok && Number(count) - progress.ok <= 2 * CONNECTIONS,
        oneAuditRowPerEntry: Number(audits) === Number(count),
      },
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await stopAll(children);
    await db.end();
  }
}

/** Episodes with a physiotherapist on their care team, and that physiotherapist's access token. */
export async function seed(
  db: pg.Client,
  env: BenchEnv,
): Promise<{ episodeIds: string[]; token: string }> {
  const insert = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ id: string }>(sql, params)).rows[0].id;
  const employer = await insert(
    `INSERT INTO organisation (kind, name, nace_section, nace_code, nace_version, version)
     VALUES ('employer', 'Bench employer', 'P', '85.31', 'NACE_REV2', 1) RETURNING id`,
  );
  const practice = await insert(
    `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Bench practice', 1) RETURNING id`,
  );
  const physio = await insert(
    `INSERT INTO app_user (email, display_name, role, status, password_hash, version)
     VALUES ('physio@bench.rtw', 'Bench physio', 'physio', 'active', '!', 1) RETURNING id`,
  );
  await db.query(`INSERT INTO membership (user_id, organisation_id) VALUES ($1, $2)`, [
    physio,
    practice,
  ]);
  const { rows: episodes } = await db.query<{ id: string }>(
    `WITH employees AS (
       INSERT INTO employee (employer_id, employee_number, full_name, birth_year, contract_hours,
                             job_title, physical_demands, version)
       SELECT $1, 'B-' || n, 'Bench Employee ' || n, 1980, 38, 'Teacher', '{}', 1
         FROM generate_series(1, $2) AS n
       RETURNING id
     )
     INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, contract_hours, version)
     SELECT id, $1, 'BE', DATE '2026-11-23', 38, 1 FROM employees RETURNING id`,
    [employer, EPISODES],
  );
  await db.query(
    `INSERT INTO care_team_member (episode_id, user_id, role)
     SELECT id, $2, 'physio' FROM unnest($1::uuid[]) AS id`,
    [episodes.map((row) => row.id), physio],
  );
  const episodeIds = episodes.map((row) => row.id);
  // The token the API would issue after a password and a second factor.
  const config = loadConfig(env.env);
  const app = await createApiApp(config, createLogger({ level: 'warn', process: 'api' }));
  await app.init();
  try {
    const manager = app.get<DataSource>(getDataSourceToken()).manager;
    const { accessToken } = await app
      .get(SessionTokensService)
      .issue(manager, physio, ['pwd', 'otp']);
    return { episodeIds, token: accessToken };
  } finally {
    await app.close();
  }
}

export interface LoadResult {
  rps: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
}

export async function load(
  origin: string,
  paths: readonly string[],
  headers: Record<string, string>,
  method: 'GET' | 'POST' = 'POST',
): Promise<LoadResult> {
  let next = 0;
  const run = (duration: number) =>
    autocannon({
      url: origin,
      method,
      connections: CONNECTIONS,
      duration,
      headers: { 'content-type': 'application/json', ...headers },
      body: method === 'POST' ? JSON.stringify(SESSION) : undefined,
      requests: [
        {
          setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
        },
      ],
    });
  const warmUp = await run(2);
  say(`loading ${paths.length === 1 ? paths[0] : `${paths.length} episodes`} for ${SECONDS} s`);
  const result = await run(SECONDS);
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    ok: warmUp['2xx'] + result['2xx'],
    non2xx: warmUp.non2xx + result.non2xx,
    errors: warmUp.errors + result.errors,
  };
}
