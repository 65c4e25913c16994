/**
 * Reading one episode as its physiotherapist (JWT, care-team check, clinical DTO, audit row written
 * by the same statement) against a bare Nest route doing one primary-key `SELECT` with `pg`, both
 * served by their own process and loaded by autocannon at 32 connections in the same run.
 */
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { loadInTurns, unansweredAtStops } from './http-load.js';
import { seed } from './progress-entry.js';
import { createBareTable, peakRss, serveBareAndApi, stopAll } from './servers.js';
import { type BenchEnv, type BenchResult, round } from './support.js';

const CONNECTIONS = 32;
const GOAL_SHARE = 0.5;
const GOAL_P99_MS = 50;

export async function readEpisodeBench(env: BenchEnv): Promise<BenchResult> {
  const db = new pg.Client({ connectionString: env.databaseUrl });
  await db.connect();
  const bareIds = await createBareTable(db, 200);
  const { episodeIds, token } = await seed(db, env);
  let children: ChildProcess[] = [];
  try {
    const servers = await serveBareAndApi(env, CONNECTIONS);
    children = servers.children;
    const { value: loads, peakRssMiB } = await peakRss(servers.apiPid, () =>
      loadInTurns(
        { origin: servers.bare, paths: bareIds.map((id) => `/bare/${id}`) },
        {
          origin: servers.api,
          paths: episodeIds.map((id) => `/episodes/${id}`),
          headers: { Authorization: `Bearer ${token}` },
        },
        CONNECTIONS,
      ),
    );
    const { baseline: bare, platform: reads } = loads;
    const [{ audits }] = (
      await db.query<{ audits: string }>(
        `SELECT count(*) AS audits FROM audit_event WHERE action = 'episode.read' AND object_id = ANY($1::text[])`,
        [episodeIds],
      )
    ).rows;
    const share = round(reads.rps / bare.rps, 2);
    return {
      name: 'read-episode',
      what: 'read one episode as its physiotherapist (JWT, care-team check, clinical DTO, audit row)',
      baseline: 'bare Nest route doing one primary-key SELECT with pg',
      ratio: share,
      goal: `>= ${GOAL_SHARE * 100}% of baseline throughput; p99 <= ${GOAL_P99_MS} ms at ${CONNECTIONS} connections`,
      met: reads.rps / bare.rps >= GOAL_SHARE && reads.p99 <= GOAL_P99_MS,
      figures: {
        connections: CONNECTIONS,
        bareRequestsPerSecond: Math.round(bare.rps),
        bareP99Ms: bare.p99,
        readRequestsPerSecond: Math.round(reads.rps),
        readP99Ms: reads.p99,
        apiPeakRssMiB: peakRssMiB,
      },
      checks: {
        everyRequestAnswered200: bare.non2xx === 0 && reads.non2xx === 0 && reads.errors === 0,
        // Requests in flight when a run stops are still served: a few more rows than answers.
        oneAuditRowPerRead:
          Number(audits) >= reads.ok && Number(audits) - reads.ok <= unansweredAtStops(CONNECTIONS),
      },
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await stopAll(children);
    await db.end();
  }
}
