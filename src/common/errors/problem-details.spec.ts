import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { describe, expect, it } from '@jest/globals';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError, HTTP_STATUS_BY_CODE, TITLE_BY_STATUS } from './domain-error.js';
import { toDomainError, toProblem } from './problem-details.js';

describe('problem details', () => {
  it('gives every error code a status with a title', () => {
    for (const status of Object.values(HTTP_STATUS_BY_CODE))
      expect(TITLE_BY_STATUS[status]).toBeDefined();
  });

  it('shapes a domain error as RFC 9457 with field errors', () => {
    const error = new DomainError('validation_failed', 'Some fields are invalid.', {
      errors: [{ field: 'absenceStart', message: 'absenceStart must be a valid date' }],
    });
    expect(toProblem(error, '/episodes', 'c-1')).toEqual({
      type: 'urn:rtw:problem:validation_failed',
      title: 'Bad Request',
      status: 400,
      detail: 'Some fields are invalid.',
      instance: '/episodes',
      code: 'validation_failed',
      correlationId: 'c-1',
      errors: [{ field: 'absenceStart', message: 'absenceStart must be a valid date' }],
    });
  });

  it('never passes an unknown error message on', () => {
    const error = toDomainError(new Error('duplicate key value (diagnosis)=(CANARY)'));
    expect(error.code).toBe('internal_error');
    expect(error.detail).not.toContain('CANARY');
  });

  it('does not echo framework messages, which can quote the request', () => {
    const error = toDomainError(new BadRequestException('Unexpected token CANARY in JSON'));
    expect(error.code).toBe('malformed_request');
    expect(error.detail).not.toContain('CANARY');
  });

  it('tells an unknown route from a missing resource', () => {
    expect(toDomainError(new NotFoundException('Cannot GET /nope')).code).toBe('route_not_found');
    expect(toDomainError(new NotFoundException()).code).toBe('not_found');
    expect(toDomainError(new PayloadTooLargeException()).code).toBe('payload_too_large');
  });

  it('maps database and body-parser failures', () => {
    expect(toDomainError(Object.assign(new Error('x'), { code: '57P01' })).code).toBe(
      'service_unavailable',
    );
    expect(toDomainError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).code).toBe(
      'service_unavailable',
    );
    expect(toDomainError(Object.assign(new Error('x'), { code: '23505' })).code).toBe('conflict');
    // A transaction whose connection broke between two of its statements.
    expect(toDomainError(new QueryRunnerAlreadyReleasedError()).code).toBe('service_unavailable');
    expect(toDomainError(new QueryRunnerProviderAlreadyReleasedError()).code).toBe(
      'service_unavailable',
    );
    for (const lost of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
    ]) {
      const error = toDomainError(new Error(lost));
      expect({ lost, code: error.code }).toEqual({ lost, code: 'service_unavailable' });
      expect(error.extras.retryAfterSeconds).toBeGreaterThan(0);
    }
    expect(
      toDomainError(Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 })).code,
    ).toBe('payload_too_large');
    expect(
      toDomainError(Object.assign(new Error('x'), { type: 'entity.parse.failed', status: 400 }))
        .code,
    ).toBe('malformed_request');
  });
});
