import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import helmet from 'helmet';
import type { AppConfig } from '../../config/config.js';
import type { AppLogger } from '../logging/logger.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { EtagInterceptor } from './etag.interceptor.js';
import { jsonBodyParser, jsonBodyRefusal } from './json-body.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { mountQueueDashboard, QUEUE_DASHBOARD_PATH } from './queue-dashboard.js';
import { requestContext, requestLifecycle } from './request-lifecycle.js';
import { isWebAppPath, WEB_APP_CSP } from './web-app.js';
import { createValidationPipe } from './validation.js';

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

  // Swagger UI and the queue dashboard ship inline scripts; the web application has its own
  // policy (its scripts only, never framed); everything else gets the strict policy.
  const strict = helmet();
  const relaxed = helmet({ contentSecurityPolicy: false });
  const webApp = helmet({ contentSecurityPolicy: false, xFrameOptions: { action: 'deny' } });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (isWebAppPath(request.path)) {
      response.setHeader('Content-Security-Policy', WEB_APP_CSP);
      return webApp(request, response, next);
    }
    // The API's answers are personal and often clinical: no browser or proxy keeps a copy (nor
    // answers a later read from one). The web application's files set their own caching.
    response.setHeader('Cache-Control', 'no-store');
    return (isUiPath(request.path) ? relaxed : strict)(request, response, next);
  });

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

  if (options.queueDashboard) mountQueueDashboard(app, logger);
}

function isUiPath(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/') || path.startsWith(QUEUE_DASHBOARD_PATH);
}
