/** HTTP load of the benchmarks: autocannon against a baseline and the platform, in turns. */
import autocannon from 'autocannon';
import { say } from './support.js';

/** Seconds of load each side gets in all (its rounds together). */
export const LOAD_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
/** Turns each side takes: a machine whose speed drifts over minutes then treats both alike. */
export const LOAD_ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 5);
const WARM_UP_SECONDS = 2;

/**
 * Requests a side may still have had in flight when one of its runs stopped, each run: served by
 * the server (rows written) but not counted among the answers.
 */
export const unansweredAtStops = (connections: number): number => connections * (LOAD_ROUNDS + 1);

/** One side of a comparison: where to send what. Paths are taken in turn, request by request. */
export interface LoadTarget {
  origin: string;
  paths: readonly string[];
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: unknown;
}

export interface LoadResult {
  /** Answered requests per second over all rounds. */
  rps: number;
  /** The 99th percentile latency of the slowest round, in ms. */
  p99: number;
  /** Answers 2xx, warm-up included (as many rows as the side wrote). */
  ok: number;
  non2xx: number;
  errors: number;
}

/**
 * Loads the baseline and the platform in turns at `connections` connections: a warm-up of each,
 * then `LOAD_ROUNDS` rounds in which each gets its share of `LOAD_SECONDS`, the baseline first.
 */
export async function loadInTurns(
  baseline: LoadTarget,
  platform: LoadTarget,
  connections: number,
): Promise<{ baseline: LoadResult; platform: LoadResult }> {
  const sides = [baseline, platform].map((target) => ({ target, next: 0, runs: [] as Run[] }));
  const run = (side: (typeof sides)[number], seconds: number) =>
    autocannon({
      url: side.target.origin,
      method: side.target.method ?? 'GET',
      connections,
      duration: seconds,
      headers: { 'content-type': 'application/json', ...side.target.headers },
      body: side.target.body === undefined ? undefined : JSON.stringify(side.target.body),
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            path: side.target.paths[side.next++ % side.target.paths.length],
          }),
        },
      ],
    });
  for (const side of sides) side.runs.push({ ...(await run(side, WARM_UP_SECONDS)), warmUp: true });
  say(
    `loading baseline and platform in turns: ${LOAD_ROUNDS} x ${LOAD_SECONDS / LOAD_ROUNDS} s each`,
  );
  for (let round = 0; round < LOAD_ROUNDS; round++) {
    for (const side of sides) side.runs.push(await run(side, LOAD_SECONDS / LOAD_ROUNDS));
  }
  const [baselineResult, platformResult] = sides.map(({ runs }) => summary(runs));
  return { baseline: baselineResult, platform: platformResult };
}

type Run = autocannon.Result & { warmUp?: boolean };

function summary(runs: readonly Run[]): LoadResult {
  const measured = runs.filter((r) => !r.warmUp);
  const requests = measured.reduce((sum, r) => sum + r.requests.total, 0);
  const seconds = measured.reduce((sum, r) => sum + r.duration, 0);
  return {
    rps: requests / seconds,
    p99: Math.max(...measured.map((r) => r.latency.p99)),
    ok: runs.reduce((sum, r) => sum + r['2xx'], 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}
