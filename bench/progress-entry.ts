/**
 * Recording a progress entry (a physiotherapist's session: validation, JWT and care-team check,
 * clinical transaction with its audit row) against a bare Nest route doing one `INSERT` with `pg`,
 * both served by their own process and loaded by autocannon at 32 connections in the same run.
 */
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { createApiApp } from '../src/bootstrap.js';
import { createLogger } from '../src/common/logging/logger.js';
import { loadConfig } from '../src/config/config.js';
import { SessionTokensService } from '../src/modules/identity/session-tokens.service.js';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createBareTable, peakRss, serveBareAndApi, stopAll } from './servers.js';
import { LOAD_SECONDS, loadInTurns, unansweredAtStops } from './http-load.js';
import { type BenchEnv, type BenchResult, round } from './support.js';

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

    const { value: loads, peakRssMiB } = await peakRss(servers.apiPid, () =>
      loadInTurns(
        { origin: servers.bare, paths: ['/bare'], method: 'POST', body: SESSION },
        {
          origin: servers.api,
          paths: episodeIds.map((id) => `/episodes/${id}/progress/sessions`),
          headers: { Authorization: `Bearer ${token}` },
          method: 'POST',
          body: SESSION,
        },
        CONNECTIONS,
      ),
    );
    const { baseline: bare, platform: progress } = loads;
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
      met: progress.rps / bare.rps >= GOAL_SHARE,
      figures: {
        seconds: LOAD_SECONDS,
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
        // Requests in flight when a run stops are still served, so a few more rows than answers.
        everyAnsweredEntryStored:
          Number(count) >= progress.ok &&
          Number(count) - progress.ok <= unansweredAtStops(CONNECTIONS),
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
    `INSERT INTO organisation (kind, name, nace_section, nace_code, nace_version, region, version)
     VALUES ('employer', 'Bench employer', 'P', '85.31', 'NACE_REV2', 'BE2', 1) RETURNING id`,
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
