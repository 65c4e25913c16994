import { HttpException } from '@nestjs/common';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError, type ErrorCode, type FieldError, TITLE_BY_STATUS } from './domain-error.js';
import { type ErrorAudience, errorFor } from './error-audience.js';

/** RFC 9457 problem details, as every error response of the platform is shaped. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  correlationId: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Postgres SQLSTATE classes that mean "the database is not there right now". */
const UNAVAILABLE_PG_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  '53300',
]);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * How long a client is asked to wait before retrying a request refused because PostgreSQL or Redis
 * is away: long enough not to hammer a recovering server, short enough that a blip costs little.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

function serviceUnavailable(): DomainError {
  return new DomainError(
    'service_unavailable',
    'A service the platform depends on is unavailable; try again shortly.',
    { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
  );
}

/**
 * Turns anything thrown into a domain error. Unknown errors become `internal_error` with a generic
 * text: their messages can hold SQL, values or stack details and never reach a response.
 */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof HttpException) return fromHttpException(error);

  const e = error as { type?: unknown; status?: unknown; code?: unknown; message?: unknown };
  // Errors raised by the body parser carry a `type` and an HTTP status.
  if (typeof e?.type === 'string' && typeof e.status === 'number') {
    if (e.type === 'entity.too.large')
      return new DomainError(
        'payload_too_large',
        'The request body is larger than this API accepts.',
      );
    if (e.type === 'entity.parse.failed')
      return new DomainError('malformed_request', 'The request body is not valid JSON.');
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      return new DomainError(
        'unsupported_media_type',
        'The request body encoding is not supported.',
      );
    }
    if (e.status >= 400 && e.status < 500)
      return new DomainError('malformed_request', 'The request could not be read.');
  }
  if (typeof e?.code === 'string') {
    if (UNAVAILABLE_PG_CODES.has(e.code) || UNAVAILABLE_NODE_CODES.has(e.code)) {
      return serviceUnavailable();
    }
    if (e.code === '23505')
      return new DomainError('conflict', 'This conflicts with an existing record.');
    if (e.code === '23503')
      return new DomainError(
        'conflict',
        'This refers to a record that does not exist or is still in use.',
      );
  }
  if (isPostgresUnavailable(error) || isRedisUnavailable(error)) return serviceUnavailable();
  return new DomainError(
    'internal_error',
    'An unexpected error occurred. Quote the correlation id when reporting it.',
  );
}

/**
 * TypeORM hands a transaction's connection back the moment the connection fails, so a statement
 * the transaction sends after that fails as "already released" rather than with the connection's
 * own error: nothing here releases a transaction's connection while it still runs otherwise.
 *
 * node-postgres reports a connection lost mid-query, one it could not open in time, or a pool
 * with no connection free in time by message only, without a code.
 */
function isPostgresUnavailable(error: unknown): boolean {
  if (
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError
  ) {
    return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /^(Connection terminated|timeout exceeded when trying to connect|Client (was closed|has encountered a connection error) and is not queryable)/.test(
    message,
  );
}

function isRedisUnavailable(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /Stream isn't writeable|Connection is closed|enableOfflineQueue|MaxRetriesPerRequest/i.test(
    message,
  );
}

/** The code and text for an HTTP exception raised by the framework (not by the platform's own code). */
const FRAMEWORK_ERRORS: Record<number, [ErrorCode, string]> = {
  400: ['malformed_request', 'The request could not be read.'],
  401: ['unauthenticated', 'Sign-in is required.'],
  403: ['forbidden', 'You may not do this.'],
  404: ['not_found', 'The requested resource does not exist.'],
  405: ['method_not_allowed', 'This method is not allowed here.'],
  409: ['conflict', 'This conflicts with the current state of the resource.'],
  412: ['precondition_failed', 'The resource has changed since you read it.'],
  413: ['payload_too_large', 'The request body is larger than this API accepts.'],
  415: ['unsupported_media_type', 'This content type is not supported.'],
  422: ['unprocessable', 'The request cannot be processed.'],
  428: ['precondition_required', 'This request must be conditional (If-Match).'],
  429: ['rate_limited', 'Too many requests; try again later.'],
};

/**
 * The framework's messages can quote the request (a JSON parse error shows the offending text), so
 * only the status is kept and the text comes from the table above.
 */
function fromHttpException(error: HttpException): DomainError {
  const status = error.getStatus();
  if (status === 404) {
    // Nest's own answer for a path no controller serves reads "Cannot GET /path".
    const response = error.getResponse() as { message?: unknown } | string;
    const message = typeof response === 'string' ? response : String(response?.message ?? '');
    if (/^Cannot [A-Z]+ /.test(message)) {
      return new DomainError('route_not_found', 'No route matches this method and path.');
    }
  }
  if (status === 503) return serviceUnavailable();
  const known = FRAMEWORK_ERRORS[status];
  if (known) return new DomainError(known[0], known[1]);
  return status >= 500
    ? new DomainError(
        'internal_error',
        'An unexpected error occurred. Quote the correlation id when reporting it.',
      )
    : new DomainError('malformed_request', 'The request could not be processed.');
}

/**
 * The problem details of an error as its reader may see them: functional for everyone but the care
 * team (see errorFor).
 */
export function toProblem(
  raised: DomainError,
  instance: string,
  correlationId: string,
  audience: ErrorAudience = 'functional',
): ProblemDetails {
  const error = errorFor(raised, audience);
  const problem: ProblemDetails = {
    type: `urn:rtw:problem:${error.code}`,
    title: TITLE_BY_STATUS[error.status] ?? 'Error',
    status: error.status,
    detail: error.detail,
    instance,
    code: error.code,
    correlationId,
  };
  if (error.extras.errors?.length)
    problem.errors = error.extras.errors.map(({ field, message }) => ({ field, message }));
  return problem;
}
