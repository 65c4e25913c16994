import type { NextFunction, Request, Response } from 'express';
import type { AppLogger } from '../logging/logger.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import { newCorrelationId, runWithContext } from '../request-context/request-context.js';

/**
 * First middleware of every request: gives it a server-made correlation id (also sent back as
 * `X-Request-Id`), and when the response is finished logs one line (method, path, status, time; never
 * the query string or body) and records the latency by route pattern.
 */
export function requestLifecycle(logger: AppLogger, metrics: MetricsService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const correlationId = newCorrelationId();
    request.correlationId = correlationId;
    response.setHeader('X-Request-Id', correlationId);
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routePattern(request);
      metrics.observeHttp(request.method, route, response.statusCode, seconds);
      logger.info(
        {
          correlationId,
          method: request.method,
          path: request.path,
          route,
          status: response.statusCode,
          durationMs: Math.round(seconds * 1000),
        },
        'request',
      );
    });
    next();
  };
}

/** The matched route pattern (`/episodes/:id`), so metrics stay low-cardinality. */
function routePattern(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return request.route ? `${request.baseUrl}/*` : 'unmatched';
  return `${request.baseUrl}${path}`;
}

/**
 * Binds the correlation id to the async context. Registered after body parsing: stream callbacks
 * of the body parser would otherwise run outside the context.
 */
export function requestContext() {
  return (request: Request, _response: Response, next: NextFunction): void => {
    runWithContext(
      { correlationId: request.correlationId ?? newCorrelationId(), address: request.ip },
      next,
    );
  };
}
