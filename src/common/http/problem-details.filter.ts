import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CLINICAL_VIEW_ROLES } from '../access/episode-scope.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { describeError } from '../errors/describe-error.js';
import { PROBLEM_CONTENT_TYPE, toDomainError, toProblem } from '../errors/problem-details.js';
import type { AppLogger } from '../logging/logger.js';
import { currentCorrelationId, newCorrelationId } from '../request-context/request-context.js';

/**
 * Answers every error as RFC 9457 problem details with the request's correlation id, in the terms
 * its reader may see: clinical for a physiotherapist or doctor, functional for everyone else.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const error = toDomainError(exception);
    const correlationId = request.correlationId ?? currentCorrelationId() ?? newCorrelationId();

    if (error.status >= 500) {
      this.logger.error(
        { correlationId, code: error.code, error: describeError(exception) },
        'request failed',
      );
    }
    if (response.headersSent) return;

    if (error.extras.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(error.extras.retryAfterSeconds));
    }
    response.setHeader('X-Request-Id', correlationId);
    response
      .status(error.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(toProblem(error, request.path, correlationId, audienceOf(request))));
  }
}

function audienceOf(request: Request): 'clinical' | 'functional' {
  const user = request.user as AuthenticatedUser | undefined;
  return user && (CLINICAL_VIEW_ROLES as readonly string[]).includes(user.role)
    ? 'clinical'
    : 'functional';
}
