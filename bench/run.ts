/**
 * `npm run bench [name...]`: runs the benchmarks (all, or those named), each against its baseline in
 * the same run, and merges their results into `bench/results/latest.json` and `latest.md`. A
 * benchmark that misses its goal is reported, not hidden; the exit code stays 0 unless one fails
 * to run or a correctness check fails.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { employeeImportBench } from './employee-import.js';
import { hrDashboardBench } from './hr-dashboard.js';
import { progressEntryBench } from './progress-entry.js';
import { readEpisodeBench } from './read-episode.js';
import { reminderPipelineBench } from './reminder-pipeline.js';
import { sectorReportBench } from './sector-report.js';
import { webDashboardBench } from './web-dashboard.js';
import { type BenchEnv, type BenchResult, round, say, withBenchServices } from './support.js';

const BENCHES: Record<string, (env: BenchEnv) => Promise<BenchResult>> = {
  'employee-import': employeeImportBench,
  'read-episode': readEpisodeBench,
  'hr-dashboard': hrDashboardBench,
  'progress-entry': progressEntryBench,
  'reminder-pipeline': reminderPipelineBench,
  'sector-report': sectorReportBench,
  'web-dashboard': webDashboardBench,
};

const RESULTS_DIR = resolve('bench/results');

interface ResultsFile {
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  results: Record<string, BenchResult>;
}

function machine(): ResultsFile['machine'] {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

function markdown(file: ResultsFile): string {
  const { cpus: cores, cpuModel, memoryGiB, node } = file.machine;
  const rows = Object.values(file.results).map(
    (r) =>
      `| ${r.what} | ${r.baseline} | ${r.ratio} | ${r.goal} | ${r.met ? 'met' : '**missed**'} | ${r.measuredAt.slice(0, 10)} |`,
  );
  return [
    `Measured on ${cores} cores (${cpuModel}), ${memoryGiB} GiB, Node ${node}.`,
    '',
    '| what | baseline (same run) | ratio | goal | | measured |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in BENCHES));
  if (unknown.length) {
    say(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
    return 2;
  }
  const names = wanted.length ? wanted : Object.keys(BENCHES);
  const latest = join(RESULTS_DIR, 'latest.json');
  const file: ResultsFile = existsSync(latest)
    ? (JSON.parse(readFileSync(latest, 'utf8')) as ResultsFile)
    : { machine: machine(), results: {} };
  file.machine = machine();
  let failedChecks = 0;
  for (const name of names) {
    say(`${name}: running`);
    const result = await withBenchServices((env) => BENCHES[name](env));
    file.results[name] = result;
    const failed = Object.entries(result.checks).filter(([, ok]) => !ok);
    failedChecks += failed.length;
    say(
      `${name}: ratio ${result.ratio} (goal ${result.goal}) ${result.met ? 'met' : 'MISSED'}` +
        (failed.length ? `; failed checks: ${failed.map(([check]) => check).join(', ')}` : ''),
    );
  }
  const memory = memoryRow(file.results);
  if (memory) file.results.memory = memory;
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(latest, `${JSON.stringify(file, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown(file));
  process.stdout.write(markdown(file));
  return failedChecks ? 1 : 0;
}

/** docs/quality-bar.md states the budgets in MB (10^6 bytes); RSS is measured in MiB. */
const API_RSS_GOAL_MB = 300;
const WORKER_RSS_GOAL_MB = 400;
const mib = (mb: number) => (mb * 1e6) / 2 ** 20;

/**
 * The memory row: the API's peak resident memory under the HTTP benchmarks' load and the worker's
 * during its full rollup of the 1,000,000-employee population, as those benchmarks measured them.
 */
function memoryRow(results: Record<string, BenchResult>): BenchResult | undefined {
  const http = ['read-episode', 'hr-dashboard', 'progress-entry']
    .map((name) => results[name])
    .filter((r): r is BenchResult => typeof r?.figures.apiPeakRssMiB === 'number');
  const rollup = results['sector-report'];
  const worker = rollup?.figures.workerPeakRssMiB;
  if (!http.length || typeof worker !== 'number') return undefined;
  const api = Math.max(...http.map((r) => Number(r.figures.apiPeakRssMiB)));
  const measuredAt = [...http, rollup].map((r) => r.measuredAt).sort()[0];
  return {
    name: 'memory',
    what: `memory: API peak RSS ${api} MiB under load (${http.map((r) => r.name).join(', ')}), worker ${worker} MiB during a full rollup`,
    baseline: 'none (absolute figures)',
    ratio: round(Math.max(api / mib(API_RSS_GOAL_MB), worker / mib(WORKER_RSS_GOAL_MB)), 2),
    goal: `API RSS <= ${API_RSS_GOAL_MB} MB under load; worker <= ${WORKER_RSS_GOAL_MB} MB during a full rollup (ratio: the larger share of its budget)`,
    met: api <= mib(API_RSS_GOAL_MB) && worker <= mib(WORKER_RSS_GOAL_MB),
    figures: { apiPeakRssMiB: api, workerPeakRssMiB: worker },
    checks: {},
    measuredAt,
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(
      `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
