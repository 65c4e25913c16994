import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { ApiModule } from './api.module.js';
import { configureHttp } from './common/http/http-app.js';
import { type AppLogger, NestPinoLogger } from './common/logging/logger.js';
import { JobEnqueueService } from './common/queue/job-enqueue.service.js';
import type { AppConfig } from './config/config.js';
import { mountApiDocs } from './openapi.js';
import { WorkerModule } from './worker.module.js';

/** Builds the API application exactly as production runs it; tests use the same function. */
export async function createApiApp(
  config: AppConfig,
  logger: AppLogger,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  configureHttp(app, config, logger, { queueDashboard: true });
  mountApiDocs(app);
  return app;
}

/** Builds the worker: processors and sweeps, with HTTP for health and metrics only. */
export async function createWorkerApp(
  config: AppConfig,
  logger: AppLogger,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    WorkerModule.forRoot(config, logger),
    {
      logger: new NestPinoLogger(logger),
      bodyParser: false,
      abortOnError: false,
    },
  );
  configureHttp(app, config, logger, { queueDashboard: false });
  return app;
}

/**
 * SIGTERM/SIGINT: stop accepting connections and let in-flight requests finish, then (worker) let
 * active jobs finish and release the queues, then close the database. Past the timeout the process
 * exits anyway; jobs it still held are retried by another worker once their lock expires.
 */
export function handleShutdown(
  app: NestExpressApplication,
  config: AppConfig,
  logger: AppLogger,
  options: { drainQueues: boolean },
): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    try {
      const server = app.getHttpServer() as Server;
      // close() ends only the keep-alive connections idle right now; one whose request is still in
      // flight would stay open for keepAliveTimeout after its response. End them as they go idle.
      const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      clearInterval(closeIdle);
      if (options.drainQueues) {
        await Promise.all(
          app
            .get(JobEnqueueService)
            .allQueues()
            .map((queue) => queue.close()),
        );
      }
      await app.close();
      logger.info({}, 'stopped');
      logger.flush(() => process.exit(0));
    } catch (error) {
      logger.error({ error: (error as Error).name }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

/** One line for a process that could not start: what failed, never a secret or a stack. */
export function startupFailure(processName: string, error: unknown): never {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  process.stderr.write(`${processName} failed to start: ${message}\n`);
  process.exit(1);
}
