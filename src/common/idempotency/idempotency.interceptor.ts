import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, type Observable, of } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { DomainError } from '../errors/domain-error.js';
import { SECRET_RESPONSE } from './secret-response.decorator.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a retry waits for the first request with its key to finish before answering 409. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 25;
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

interface StoredKey {
  request_hash: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
  response_etag: string | null;
}

/**
 * Creating requests (POST) sent with an `Idempotency-Key` header run once per caller and key. The
 * first claims the key in PostgreSQL, runs, and stores its answer; a retry (also one racing the
 * first) waits for that answer and gets it again (status, body and ETag) instead of a second
 * resource.
 * The same key with a different request answers 422; a failed request releases its key, so the
 * retry runs for real. Keys are kept for a day (the worker's purge). Routes whose answer carries a
 * secret (`@SecretResponse()`) refuse a key: their answers are never stored.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (key !== undefined && this.reflector.get<boolean>(SECRET_RESPONSE, context.getHandler())) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [
          {
            field: 'Idempotency-Key',
            message:
              'Idempotency-Key is not accepted here: the answer carries a secret, which is never kept for a replay',
          },
        ],
      });
    }
    const user = request.user as AuthenticatedUser | undefined;
    if (request.method !== 'POST' || key === undefined || !user) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [
          {
            field: 'Idempotency-Key',
            message: 'Idempotency-Key must be 1-200 letters, digits or . _ : -',
          },
        ],
      });
    }
    const response = context.switchToHttp().getResponse<Response>();
    const hash = requestHash(request);
    return from(this.claimOrReplay(user.id, key, hash)).pipe(
      mergeMap((stored) => {
        if (stored) {
          response.status(stored.response_status ?? 200);
          if (stored.response_etag) response.setHeader('ETag', stored.response_etag);
          return of(stored.response_body);
        }
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            await this.dataSource.query(
              `UPDATE idempotency_key
                  SET state = 'completed', response_status = $3, response_body = $4, response_etag = $5
                WHERE actor_user_id = $1 AND key = $2`,
              [
                user.id,
                key,
                response.statusCode,
                JSON.stringify(body ?? null),
                response.getHeader('ETag') ?? null,
              ],
            );
            return body;
          }),
          catchError(async (error: unknown) => {
            await this.dataSource.query(
              `DELETE FROM idempotency_key WHERE actor_user_id = $1 AND key = $2 AND state = 'in_progress'`,
              [user.id, key],
            );
            throw error;
          }),
        );
      }),
    );
  }

  /** Claims the key (undefined: run the request) or returns the first request's stored answer. */
  private async claimOrReplay(
    userId: string,
    key: string,
    hash: string,
  ): Promise<StoredKey | undefined> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const claimed = await this.dataSource.query<unknown[]>(
        `INSERT INTO idempotency_key (actor_user_id, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT "PK_idempotency_key" DO NOTHING RETURNING key`,
        [userId, key, hash],
      );
      if (claimed.length) return undefined;
      const [stored] = await this.dataSource.query<StoredKey[]>(
        `SELECT request_hash, state, response_status, response_body, response_etag FROM idempotency_key
          WHERE actor_user_id = $1 AND key = $2`,
        [userId, key],
      );
      if (stored && stored.request_hash !== hash) {
        throw new DomainError(
          'idempotency_key_reused',
          'This Idempotency-Key was used for a different request; use a new key.',
        );
      }
      if (stored?.state === 'completed') return stored;
      if (Date.now() > deadline) {
        throw new DomainError(
          'request_in_progress',
          'A request with this Idempotency-Key is still running; retry in a moment.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

function requestHash(request: Request): string {
  const body: unknown = request.body;
  return createHash('sha256')
    .update(`${request.method} ${request.originalUrl}\n`)
    .update(Buffer.isBuffer(body) ? body : JSON.stringify(body ?? null))
    .digest('hex');
}

/** The OpenAPI description of the header, for the creating routes. */
export const IDEMPOTENCY_KEY_HEADER_DOC = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Send the same key when retrying: the request runs once and a retry gets the same answer (kept for a day)',
};
