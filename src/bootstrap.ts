import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { ApiModule } from './api.module.js';
import { configureHttp } from './common/http/http-app.js';
import { mountWebApp } from './common/http/web-app.js';
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
  mountWebApp(app);
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

/** How long a keep-alive connection may stay idle after SIGTERM before it is ended. */
const IDLE_CONNECTION_GRACE_MS = 1000;

/**
 * SIGTERM/SIGINT: stop accepting connections and let in-flight requests finish, then (worker) let
 * active jobs finish, then close the queues and the database. Past the timeout the process exits
 * anyway; jobs it still held are retried by another worker once their lock expires.
 */
export function handleShutdown(
  app: NestExpressApplication,
  config: AppConfig,
  logger: AppLogger,
  options: { drainQueues: boolean },
): void {
  const server = app.getHttpServer() as Server;
  let stopping = false;
  // Responses not yet begun. Once stopping, they go out with `Connection: close`: a keep-alive
  // client (a browser, a load balancer) then opens its next request elsewhere instead of sending
  // it down a connection that is about to close under it.
  const unanswered = new Set<ServerResponse>();
  server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
    if (stopping) {
      response.shouldKeepAlive = false;
      return;
    }
    unanswered.add(response);
    response.once('close', () => unanswered.delete(response));
  });

  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    try {
      for (const response of unanswered) {
        if (!response.headersSent) response.shouldKeepAlive = false;
      }
      // The port closes now; open connections close once they are done. Not http.Server#close():
      // it also ends at once every keep-alive connection that sits between two requests, under a
      // client perhaps just sending its next one, which then gets a reset and cannot tell whether
      // its request was taken. A connection in use meanwhile is answered `Connection: close`;
      // one still idle after the grace is ended then.
      const closed = new Promise<void>((resolve) =>
        NetServer.prototype.close.call(server, () => resolve()),
      );
      // Said once the port is closed: whoever reads it finds no new connection taken.
      logger.info({ signal }, 'shutting down');
      let closeIdle: NodeJS.Timeout | undefined;
      const grace = setTimeout(() => {
        server.closeIdleConnections();
        closeIdle = setInterval(() => server.closeIdleConnections(), 100);
      }, IDLE_CONNECTION_GRACE_MS);
      await closed;
      clearTimeout(grace);
      clearInterval(closeIdle);
      if (options.drainQueues) {
        // Every queue stops taking jobs and waits for its running ones. All stay connected until
        // app.close(): a running job may still hand work to another queue (a reminder its e-mails).
        await Promise.all(
          app
            .get(JobEnqueueService)
            .allQueues()
            .map((queue) => queue.pause(true)),
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
