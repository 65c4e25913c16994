/**
 * `npm test`: every test (unit, integration, e2e) against real PostgreSQL and Redis, found or
 * started as for the demo, in a throwaway database whose name contains `test` and a bull prefix of
 * its own; both are removed afterwards. Ends with one plain line: `N passed, N failed, N skipped`.
 * Extra arguments go to Jest (`npm test -- test/e2e`). `--security` runs the files of the security
 * scenarios listed in test/support/security-scenarios.js (`npm run test:security`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runMigrations } from '../database/migrate.js';
import {
  deleteBullPrefix,
  dropTestDatabase,
  ensureDatabase,
  MissingServiceError,
  resolveServices,
  takeOverSignals,
  withDatabase,
} from './local-services.js';

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
  success: boolean;
}

const say = (line: string): void => void process.stderr.write(`[test] ${line}\n`);

async function main(): Promise<number> {
  // Ctrl+C stops Jest; the cleanup below still drops the database and stops the services.
  let jest: ChildProcess | undefined;
  takeOverSignals((signal) => jest?.kill(signal));
  let services;
  try {
    services = await resolveServices({ log: say });
  } catch (error) {
    if (error instanceof MissingServiceError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const { postgres, redis } = services;
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `rtw_test_${runId}`;
  const bullPrefix = `rtw-test-${runId}`;
  const outputDir = mkdtempSync(join(tmpdir(), 'rtw-jest-'));
  const outputFile = join(outputDir, 'results.json');

  try {
    await ensureDatabase(postgres.adminUrl, database);
    const databaseUrl = withDatabase(postgres.adminUrl, database);
    await runMigrations(databaseUrl);
    say(`database ${database}, bull prefix ${bullPrefix}`);

    const jestArgs = [
      '--experimental-vm-modules',
      'node_modules/jest/bin/jest.js',
      '--json',
      `--outputFile=${outputFile}`,
      ...(await jestArguments(process.argv.slice(2))),
    ];
    const exitCode = await new Promise<number>((resolve) => {
      const child = (jest = spawn(process.execPath, jestArgs, {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          NODE_ENV: 'test',
          NODE_NO_WARNINGS: '1',
          DATABASE_URL: databaseUrl,
          RTW_TEST_ADMIN_DATABASE_URL: postgres.adminUrl,
          REDIS_URL: redis.url,
          BULL_PREFIX: bullPrefix,
        },
      }));
      child.once('exit', (code) => resolve(code ?? 1));
    });

    let summary: JestSummary | undefined;
    try {
      summary = JSON.parse(readFileSync(outputFile, 'utf8')) as JestSummary;
    } catch {
      say('Jest wrote no results');
    }
    if (!summary) {
      process.stdout.write('0 passed, 1 failed\n');
      return exitCode || 1;
    }
    const failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
    const skipped = summary.numPendingTests + summary.numTodoTests;
    process.stdout.write(
      `${summary.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    );
    return failed > 0 || !summary.success ? exitCode || 1 : 0;
  } finally {
    await dropTestDatabase(postgres.adminUrl, database).catch((e: Error) =>
      say(`could not drop ${database}: ${e.message}`),
    );
    await deleteBullPrefix(redis.url, bullPrefix).catch((e: Error) =>
      say(`could not clear ${bullPrefix}: ${e.message}`),
    );
    rmSync(outputDir, { recursive: true, force: true });
    await redis.stop();
    await postgres.stop();
  }
}

/** The arguments for Jest, with `--security` replaced by the security scenarios' test files. */
async function jestArguments(args: string[]): Promise<string[]> {
  if (!args.includes('--security')) return args;
  const catalogue = pathToFileURL(resolve('test/support/security-scenarios.js')).href;
  const { SECURITY_FILES } = (await import(catalogue)) as { SECURITY_FILES: string[] };
  return [...args.filter((arg) => arg !== '--security'), ...SECURITY_FILES];
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `test run failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  },
);
