import type { NestExpressApplication } from '@nestjs/platform-express';
import { Writable } from 'node:stream';
import { createApiApp, createWorkerApp } from '../../src/bootstrap.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { type AppConfig, loadConfig } from '../../src/config/config.js';

/** Every log line a test app wrote, to assert on what is (and is not) logged. */
export class CapturedLogs extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    const lines = chunk.toString('utf8').split('\n').filter(Boolean);
    this.lines.push(...lines);
    // TEST_LOGS=errors shows what the app logged at error level while the tests ran.
    if (process.env.TEST_LOGS === 'errors') {
      for (const line of lines)
        if (line.includes(`"level":"error"`)) process.stderr.write(`${line}\n`);
    }
    callback();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  logs: CapturedLogs;
}

/** The configuration `npm test` prepared (throwaway database, own bull prefix), with overrides. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...overrides });
}

/** The API exactly as production builds it, logging into memory. */
export async function startTestApi(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const logs = new CapturedLogs();
  const app = await createApiApp(
    config,
    createLogger({ level: config.logLevel, process: 'api' }, logs),
  );
  await app.init();
  return { app, config, logs };
}

/** The worker (processors, sweeps, health and metrics), logging into memory. */
export async function startTestWorker(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const logs = new CapturedLogs();
  const app = await createWorkerApp(
    config,
    createLogger({ level: config.logLevel, process: 'worker' }, logs),
  );
  await app.init();
  return { app, config, logs };
}
