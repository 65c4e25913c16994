/**
 * HR's dashboard: one page of 50 open episodes of its employer, soonest due first, with the counts
 * per status (JWT, employer scope, functional DTOs), against the bare Nest route doing one
 * primary-key `SELECT` with `pg`; both served by their own process and loaded by autocannon at 32
 * connections in the same run. The employer has 1,000 open episodes opened as HR opens them
 * (statutory checkpoints planned, most with a care team) and 2,000 closed ones behind them.
 */
import { getDataSourceToken } from '@nestjs/typeorm';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../src/bootstrap.js';
import type { AuthenticatedUser } from '../src/common/auth/authenticated-user.js';
import { createLogger } from '../src/common/logging/logger.js';
import { loadConfig } from '../src/config/config.js';
import { EpisodesService } from '../src/modules/episodes/episodes.service.js';
import { SessionTokensService } from '../src/modules/identity/session-tokens.service.js';
import { loadInTurns } from './http-load.js';
import { createBareTable, peakRss, serveBareAndApi, stopAll } from './servers.js';
import { type BenchEnv, type BenchResult, round, say } from './support.js';

const CONNECTIONS = 32;
const OPEN_EPISODES = 1000;
const CLOSED_EPISODES = 2000;
const PAGE = 50;
const GOAL_SHARE = 0.3;
const GOAL_P99_MS = 100;

export async function hrDashboardBench(env: BenchEnv): Promise<BenchResult> {
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  const bareIds = await createBareTable(db, 200);
  const token = await seed(db, env);
  // As autovacuum would have left the tables after the opening rush.
  await db.query('VACUUM ANALYZE');
  let children: ChildProcess[] = [];
  try {
    const servers = await serveBareAndApi(env, CONNECTIONS);
    children = servers.children;
    // The page a dashboard opens on, and sometimes the next one.
    const pages = [0, 0, 0, PAGE].map(
      (offset) => `/dashboards/employer?limit=${PAGE}&offset=${offset}`,
    );
    const check = await fetch(`${servers.api}${pages[0]}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const first = (await check.json()) as { items: unknown[]; total: number };
    const { value: loads, peakRssMiB } = await peakRss(servers.apiPid, () =>
      loadInTurns(
        { origin: servers.bare, paths: bareIds.map((id) => `/bare/${id}`) },
        { origin: servers.api, paths: pages, headers: { Authorization: `Bearer ${token}` } },
        CONNECTIONS,
      ),
    );
    const { baseline: bare, platform: lists } = loads;
    const share = round(lists.rps / bare.rps, 2);
    return {
      name: 'hr-dashboard',
      what: `list an HR dashboard page (${PAGE} of ${OPEN_EPISODES.toLocaleString('en')} open episodes, functional DTOs, counts per status)`,
      baseline: 'bare Nest route doing one primary-key SELECT with pg',
      ratio: share,
      goal: `>= ${GOAL_SHARE * 100}% of baseline throughput; p99 <= ${GOAL_P99_MS} ms at ${CONNECTIONS} connections`,
      met: lists.rps / bare.rps >= GOAL_SHARE && lists.p99 <= GOAL_P99_MS,
      figures: {
        connections: CONNECTIONS,
        openEpisodes: OPEN_EPISODES,
        closedEpisodes: CLOSED_EPISODES,
        bareRequestsPerSecond: Math.round(bare.rps),
        bareP99Ms: bare.p99,
        dashboardRequestsPerSecond: Math.round(lists.rps),
        dashboardP99Ms: lists.p99,
        apiPeakRssMiB: peakRssMiB,
      },
      checks: {
        everyRequestAnswered200: bare.non2xx === 0 && lists.non2xx === 0 && lists.errors === 0,
        aFullPageOfTheOpenEpisodes: first.items.length === PAGE && first.total === OPEN_EPISODES,
      },
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await stopAll(children);
    await db.end();
  }
}

/**
 * An employer with its HR officer, a physiotherapist, open episodes opened through the platform
 * (absences begun over the last half year, so their checkpoints fall due at different dates; four
 * in five with a care team) and closed ones. Returns HR's access token.
 */
export async function seed(db: pg.Client, env: BenchEnv): Promise<string> {
  const insert = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ id: string }>(sql, params)).rows[0].id;
  const employer = await insert(
    `INSERT INTO organisation (kind, name, nace_section, nace_code, nace_version, region, version)
     VALUES ('employer', 'Bench employer', 'P', '85.31', 'NACE_REV2', 'BE2', 1) RETURNING id`,
  );
  const user = async (role: string, organisation: string) => {
    const id = await insert(
      `INSERT INTO app_user (email, display_name, role, status, password_hash, version)
       VALUES ($1 || '@bench.rtw', 'Bench ' || $1, $1, 'active', '!', 1) RETURNING id`,
      [role],
    );
    await db.query(`INSERT INTO membership (user_id, organisation_id) VALUES ($1, $2)`, [
      id,
      organisation,
    ]);
    return id;
  };
  const hr = await user('hr', employer);
  const physio = await user(
    'physio',
    await insert(
      `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Bench practice', 1) RETURNING id`,
    ),
  );
  // Enrolled years ago: the episodes opened below began up to half a year back.
  const { rows: employees } = await db.query<{ id: string }>(
    `INSERT INTO employee (employer_id, employee_number, full_name, birth_year, contract_hours,
                           job_title, physical_demands, created_at, version)
     SELECT $1, 'H-' || n, 'Bench Employee ' || n, 1980, 38, 'Teacher', '{}', now() - interval '3 years', 1
       FROM generate_series(1, $2) AS n RETURNING id`,
    [employer, OPEN_EPISODES + CLOSED_EPISODES],
  );
  await db.query(
    `INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, absence_start,
                          clock_start, contract_hours, status, close_reason, closed_on, version)
     SELECT id, $2, 'BE', DATE '2024-01-08' + d, DATE '2024-01-05' + d, DATE '2024-01-05' + d,
            38, 'closed', 'full_rtw', DATE '2024-03-01' + d, 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS e(id, n), LATERAL (SELECT (n % 600)::int AS d) AS spread`,
    [employees.slice(OPEN_EPISODES).map((row) => row.id), employer],
  );

  const app = await createApiApp(
    loadConfig(env.env),
    createLogger({ level: 'warn', process: 'api' }),
  );
  await app.init();
  try {
    const episodes = app.get(EpisodesService);
    const actor: AuthenticatedUser = {
      id: hr,
      role: 'hr',
      organisationIds: [employer],
      secondFactor: false,
    };
    const today = Date.parse(new Date().toISOString().slice(0, 10));
    const day = (offset: number) =>
      new Date(today - offset * 86_400_000).toISOString().slice(0, 10);
    say(`opening ${OPEN_EPISODES} episodes`);
    const screened: string[] = [];
    for (const [n, employee] of employees.slice(0, OPEN_EPISODES).entries()) {
      const started = n % 180;
      const opened = await episodes.open(actor, {
        employeeId: employee.id,
        jurisdiction: n % 3 === 0 ? 'NL' : 'BE',
        referralDate: day(started),
        absenceStart: day(started + 3),
      });
      if (n % 5 !== 0) await episodes.setCareTeam(actor, opened.id, { physioUserId: physio });
      if (n % 5 > 1) screened.push(opened.id);
    }
    // Three in five are past the intake and active: their next due date is a checkpoint.
    await db.query(
      `INSERT INTO triage_assessment (episode_id, screened_regions, red_flag_answers, screened_at, screened_by, version)
       SELECT id, '{low_back}', '{}', now(), $2, 1 FROM unnest($1::uuid[]) AS id`,
      [screened, physio],
    );
    for (const status of ['intake', 'active']) {
      await db.query(`UPDATE episode SET status = $2 WHERE id = ANY($1::uuid[])`, [
        screened,
        status,
      ]);
    }
    const manager = app.get<DataSource>(getDataSourceToken()).manager;
    return (await app.get(SessionTokensService).issue(manager, hr, ['pwd'])).accessToken;
  } finally {
    await app.close();
  }
}
