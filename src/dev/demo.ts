/**
 * `npm run demo`: services up, migrations run, demo data seeded, API and worker started.
 * Honours PORT (API) and WORKER_PORT; DATABASE_URL and REDIS_URL when set.
 *
 * Safe by default: the processes get secrets of this installation (made on first run, kept in
 * `.data/secrets.json`; variables set in the environment win), never the built-in development
 * ones, and connect as a member of `rtw_runtime`, so the audit trail stays append-only. Only the
 * migrations and the seed run as the database owner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMigrations } from '../database/migrate.js';
import {
  DATA_DIR,
  ensureDatabase,
  ensureRuntimeLogin,
  forgetRunningDemo,
  MissingServiceError,
  type PostgresServer,
  recordRunningDemo,
  type RedisServer,
  resolveServices,
  takeOverSignals,
  withDatabase,
} from './local-services.js';
import { type DemoStoriesResult, seedDemoStories } from './demo-stories.js';
import { demoSecrets, SECRETS_FILE } from './local-secrets.js';
import { loadConfigOrExit } from '../config/config.js';
import {
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  DEMO_TOTP_SECRETS,
  DEMO_USERS,
  seedDemo,
} from './seed-demo.js';

const DEMO_DATABASE = 'rtw_demo';
/** The login role of the demo's API and worker, a member of rtw_runtime (production's is rtw_app). */
const DEMO_RUNTIME_ROLE = 'rtw_demo_app';
const READY_TIMEOUT_MS = 30_000;
const say = (line: string): void => void process.stdout.write(`[demo] ${line}\n`);

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const workerPort = Number(process.env.WORKER_PORT ?? port + 1);
  let postgres: PostgresServer | undefined;
  let redis: RedisServer | undefined;
  const children: ChildProcess[] = [];

  let stopping = false;
  // Whatever ends the process, `npm run mails` no longer finds the demo.
  process.once('exit', () => forgetRunningDemo());
  const stopAll = async (code: number): Promise<never> => {
    stopping = true;
    forgetRunningDemo();
    await Promise.all(children.map(stopChild));
    await redis?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    process.exit(code);
  };
  takeOverSignals(() => void stopAll(0));

  const secretsFile = join(DATA_DIR, SECRETS_FILE);
  const madeSecrets = !existsSync(secretsFile);
  const secrets = demoSecrets(DATA_DIR);
  const fromEnvironment = Object.keys(secrets).filter((name) => process.env[name]?.trim());
  say(
    `secrets: ${madeSecrets ? 'made new ones in' : 'kept in'} ${secretsFile}` +
      (fromEnvironment.length ? ` (from the environment: ${fromEnvironment.join(', ')})` : ''),
  );
  const processSecrets = {
    JWT_ACCESS_SECRET: secrets.JWT_ACCESS_SECRET,
    JWT_REFRESH_SECRET: secrets.JWT_REFRESH_SECRET,
    DATA_ENCRYPTION_KEY: secrets.DATA_ENCRYPTION_KEY,
  };

  try {
    ({ postgres, redis } = await resolveServices({ log: say }));
  } catch (error) {
    if (error instanceof MissingServiceError) {
      process.stderr.write(`${error.message}\n`);
      return stopAll(1);
    }
    throw error;
  }

  let ownerUrl = process.env.DATABASE_URL;
  if (!ownerUrl) {
    await ensureDatabase(postgres.adminUrl, DEMO_DATABASE);
    ownerUrl = withDatabase(postgres.adminUrl, DEMO_DATABASE);
  }
  const applied = await runMigrations(ownerUrl);
  say(`migrations: ${applied.length ? applied.join(', ') : 'up to date'}`);
  const config = loadConfigOrExit({ ...process.env, ...processSecrets });
  const seeded = await seedDemo(ownerUrl, config.dataEncryptionKey);
  say(
    `demo data: ${seeded.organisations} organisations and ${seeded.users} accounts added ` +
      `(the demo set has ${DEMO_ORGANISATIONS.length} and ${DEMO_USERS.length}; existing ones are kept)`,
  );
  const runtimeUrl = await ensureRuntimeLogin(
    ownerUrl,
    DEMO_RUNTIME_ROLE,
    secrets.APP_DB_PASSWORD,
  ).catch((error: Error) => {
    throw new Error(
      `cannot set up ${DEMO_RUNTIME_ROLE}, the database role of the API and the worker (the demo needs an owner that may create roles): ${error.message}`,
    );
  });
  say(`database: the API and the worker connect as ${DEMO_RUNTIME_ROLE}, a member of rtw_runtime`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...processSecrets,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    DATABASE_URL: runtimeUrl,
    REDIS_URL: redis.url,
    PORT: String(port),
    WORKER_PORT: String(workerPort),
  };
  delete env.APP_DB_PASSWORD; // in DATABASE_URL already
  for (const entry of ['main.js', 'worker.js']) {
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL(`../${entry}`, import.meta.url))],
      {
        env,
        stdio: 'inherit',
      },
    );
    child.once('exit', (code) => {
      if (stopping) return;
      say(`${entry} exited with code ${code ?? 'null'}; stopping the demo`);
      void stopAll(1);
    });
    children.push(child);
  }

  const base = `http://localhost:${port}`;
  if (
    !(await waitForReady(`${base}/health/ready`)) ||
    !(await waitForReady(`http://localhost:${workerPort}/health/ready`))
  ) {
    say('the platform did not become ready within 30 s');
    return stopAll(1);
  }
  recordRunningDemo({ pid: process.pid, databaseUrl: runtimeUrl, apiUrl: base });
  say(storiesLine(await seedDemoStories(base, say)));
  say('');
  say('The return-to-work platform is running.');
  say(`  Web application ${base}/   (sign in with a demo log-in below)`);
  say(`  API             ${base}`);
  say(`  API docs        ${base}/docs   (OpenAPI JSON: ${base}/docs/openapi.json)`);
  say(
    `  Health          ${base}/health/ready   (worker: http://localhost:${workerPort}/health/ready)`,
  );
  say(`  Metrics         ${base}/metrics`);
  say('  E-mails         npm run mails -- <address>   (kept in the database, not sent)');
  say(
    `  Queue dashboard ${base}/admin/queues   (admins: send the access token as a Bearer header)`,
  );
  say('  Demo organisations:');
  for (const org of DEMO_ORGANISATIONS) {
    say(
      `    ${org.name} (${org.kind}${org.naceCode ? `, NACE ${org.naceSection} ${org.naceCode}` : ''})`,
    );
  }
  say(
    `  Demo log-ins (password for all: ${DEMO_PASSWORD}), in the web application or POST ${base}/auth/login:`,
  );
  for (const user of DEMO_USERS) {
    const secret = DEMO_TOTP_SECRETS[user.role];
    say(
      `    ${user.role.padEnd(20)} ${user.email}${secret ? `   second factor: TOTP secret ${secret}` : ''}`,
    );
  }
  say(
    '  Clinical accounts answer the log-in with a challenge: POST /auth/mfa/verify with the code',
  );
  say('  that `npm run totp -- <secret>` prints (or any authenticator app given the secret).');
  say('Press Ctrl+C to stop.');
}

/** What the demo stories added, in one line (a story that stopped has logged its own). */
function storiesLine({ created, existing, failed }: DemoStoriesResult): string {
  const employer = DEMO_ORGANISATIONS[0].name;
  if (!created && !failed) {
    return `demo stories: already there (${existing} episodes of ${employer})`;
  }
  return (
    `demo stories: ${created} episodes at every stage added for ${employer} through the API` +
    (existing ? `, ${existing} kept` : '') +
    (failed ? `, ${failed} stopped (see above)` : '')
  );
}

async function waitForReady(url: string): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
