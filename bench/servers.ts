/** Server processes of the HTTP benchmarks, started as production starts them. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { freePort } from '../src/dev/local-services.js';
import type { BenchEnv } from './support.js';

/** Starts a server process and waits until `probe` answers. */
export async function serve(
  script: string,
  port: number,
  env: BenchEnv,
  probe: string,
  poolSize: number,
): Promise<ChildProcess> {
  // BENCH_PROFILE=<dir> writes a CPU profile of each server, to see where its time goes.
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  // The API runs with the heap limit its Dockerfile, compose file and `npm run start:prod` give it.
  const flags = script.endsWith('/main.js') ? ['--max-old-space-size=192'] : [];
  const child = spawn(process.execPath, [...flags, ...profile, script], {
    // Servers compared in one benchmark get the same pool.
    env: {
      ...env.env,
      PORT: String(port),
      WORKER_PORT: '0',
      DATABASE_POOL_SIZE: String(poolSize),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${probe}`, {
        method: probe === '/bare' ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        body: probe === '/bare' ? '{}' : undefined,
      });
      if (response.status < 500) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not start`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The table the bare baseline routes write and read, with `rows` rows to read; their ids. */
export async function createBareTable(db: pg.Client, rows = 0): Promise<string[]> {
  await db.query(`CREATE TABLE bench_bare_insert (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now())`);
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO bench_bare_insert (payload)
     SELECT jsonb_build_object('n', n) FROM generate_series(1, $1::int) AS n RETURNING id`,
    [rows],
  );
  return inserted.rows.map((row) => row.id);
}

/**
 * The two servers an HTTP benchmark compares, each in its own process with a pool of
 * `connections`: the bare baseline routes and the API. Their origins, and the processes to stop.
 */
export async function serveBareAndApi(
  env: BenchEnv,
  connections: number,
): Promise<{ bare: string; api: string; apiPid: number | undefined; children: ChildProcess[] }> {
  const children: ChildProcess[] = [];
  try {
    const barePort = await freePort();
    children.push(
      await serve('dist/bench/bare-insert-server.js', barePort, env, '/bare', connections),
    );
    const apiPort = await freePort();
    const api = await serve('dist/src/main.js', apiPort, env, '/health/live', connections);
    children.push(api);
    return {
      bare: `http://127.0.0.1:${barePort}`,
      api: `http://127.0.0.1:${apiPort}`,
      apiPid: api.pid,
      children,
    };
  } catch (error) {
    for (const child of children) child.kill('SIGTERM');
    throw error;
  }
}

/**
 * The peak resident set size of a process while `work` runs, sampled from /proc every 100 ms, in
 * MiB (0 where /proc is not available).
 */
export async function peakRss<T>(
  pid: number | undefined,
  work: () => Promise<T>,
): Promise<{ value: T; peakRssMiB: number }> {
  let peak = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kib / 1024);
    } catch {
      // the process has ended, or this system has no /proc
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  try {
    const value = await work();
    sample();
    return { value, peakRssMiB: Math.round(peak) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Stops server processes as an orchestrator would (SIGTERM, then SIGKILL after 15 s) and waits
 * until they have exited, so that their database is not dropped under them.
 */
export async function stopAll(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}
