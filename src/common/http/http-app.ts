import { BullAdapter } from '@bull-board/api/bullAdapter';
import { createBullBoard } from '@bull-board/api';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import helmet from 'helmet';
import passport from 'passport';
import type { AppConfig } from '../../config/config.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { DomainError } from '../errors/domain-error.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../errors/problem-details.js';
import type { AppLogger } from '../logging/logger.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { JobEnqueueService } from '../queue/job-enqueue.service.js';
import { EtagInterceptor } from './etag.interceptor.js';
import { jsonBodyParser, jsonBodyRefusal } from './json-body.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { requestContext, requestLifecycle } from './request-lifecycle.js';
import { createValidationPipe } from './validation.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** Room for the largest import the parser accepts (150,000 rows of about 100 bytes). */
export const CSV_UPLOAD_LIMIT_BYTES = 24 * 1024 * 1024;

/**
 * The HTTP pipeline of both processes, in order: correlation id and access log, security headers,
 * JSON body parsing limited in size, depth and width, async context, validation, problem-details
 * errors.
 */
export function configureHttp(
  app: NestExpressApplication,
  config: AppConfig,
  logger: AppLogger,
  options: { queueDashboard: boolean },
): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  // A request's headers may take as long as the idle wait before them (Node's rule: longer).
  server.headersTimeout = config.keepAliveTimeoutMs + 1000;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(requestLifecycle(logger, app.get(MetricsService)));

  // Swagger UI and the queue dashboard ship inline scripts; everything else gets the strict policy.
  const strict = helmet();
  const relaxed = helmet({ contentSecurityPolicy: false });
  app.use((request: Request, response: Response, next: NextFunction) =>
    (isUiPath(request.path) ? relaxed : strict)(request, response, next),
  );

  app.use(jsonBodyParser(config.bodyLimitBytes));
  app.use(jsonBodyRefusal);
  // CSV uploads (employee imports) arrive as bytes; the importer detects their encoding itself.
  app.useBodyParser('raw', {
    type: ['text/csv', 'application/csv'],
    limit: CSV_UPLOAD_LIMIT_BYTES,
  });
  app.use(requestContext());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new EtagInterceptor());
  app.useGlobalFilters(new ProblemDetailsFilter(logger));

  if (options.queueDashboard) mountQueueDashboard(app);
}

function isUiPath(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/') || path.startsWith(QUEUE_DASHBOARD_PATH);
}

/**
 * The queue dashboard (bull-board) lives outside Nest's router, so the global guard does not see
 * it: it gets its own gate, admins only, with the same access token as the API.
 */
function mountQueueDashboard(app: NestExpressApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: app
      .get(JobEnqueueService)
      .allQueues()
      .map((queue) => new BullAdapter(queue)),
    serverAdapter,
  });
  app.use(QUEUE_DASHBOARD_PATH, adminsOnly, serverAdapter.getRouter());
}

function adminsOnly(request: Request, response: Response, next: NextFunction): void {
  const refuse = (error: DomainError) =>
    response
      .status(error.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        JSON.stringify(
          toProblem(error, request.originalUrl.split('?')[0], request.correlationId ?? ''),
        ),
      );
  const authenticate = passport.authenticate(
    'jwt',
    { session: false },
    (error: unknown, user: AuthenticatedUser | false) => {
      if (error || !user) return refuse(new DomainError('unauthenticated', 'Sign-in is required.'));
      if (user.role !== 'admin')
        return refuse(new DomainError('forbidden', 'Your role does not allow this.'));
      next();
    },
  ) as (request: Request, response: Response, next: NextFunction) => void;
  authenticate(request, response, next);
}
