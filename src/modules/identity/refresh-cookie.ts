import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, map, type Observable, throwError } from 'rxjs';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { DomainError } from '../../common/errors/domain-error.js';

/**
 * The web application keeps its refresh token where its scripts cannot read it: in an HttpOnly,
 * Secure, SameSite=Strict cookie sent only to the two routes that take it. A client asks for this
 * with the header below on the routes that sign in; the answer then carries no `refreshToken`.
 */
export const REFRESH_TRANSPORT_HEADER = 'x-refresh-transport';
export const REFRESH_COOKIE = 'rtw_refresh';
/** The routes the cookie is sent to: one cookie per path (a cookie has one path). */
export const REFRESH_COOKIE_PATHS = ['/auth/refresh', '/auth/logout'] as const;

interface TokenAnswer {
  refreshToken?: string;
  refreshTokenExpiresAt?: string;
}

/** The refresh token a request carries in its cookie, if any (not checked for its origin). */
function cookieToken(request: Request): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    if (part.slice(0, at).trim() === REFRESH_COOKIE) {
      const value = part.slice(at + 1).trim();
      return value.length > 0 && value.length <= 200 ? value : undefined;
    }
  }
  return undefined;
}

/**
 * The refresh token of a request: the body's, or else the cookie's. A cookie is only taken from
 * a request whose `Origin` is the web application's or the API's own (a browser sends `Origin`
 * with every POST), so another site cannot spend it even where SameSite does not hold.
 */
export function refreshTokenOf(
  request: Request,
  fromBody: string | undefined,
  config: AppConfig,
): { token: string; fromCookie: boolean } {
  if (fromBody !== undefined) return { token: fromBody, fromCookie: false };
  const token = cookieToken(request);
  if (token === undefined) {
    throw new DomainError('unauthenticated', 'No refresh token: log in again.');
  }
  const origin = request.headers.origin;
  const own = `${request.protocol}://${request.get('host') ?? ''}`;
  if (origin !== new URL(config.appUrl).origin && origin !== own) {
    throw new DomainError(
      'forbidden',
      'A refresh cookie is only accepted from the web application.',
    );
  }
  request.refreshFromCookie = true;
  return { token, fromCookie: true };
}

function cookieAttributes(path: string, secure: boolean): string {
  return `Path=${path}; HttpOnly;${secure ? ' Secure;' : ''} SameSite=Strict`;
}

/** Sets (or, with no token, clears) the refresh cookie on both of its paths. */
export function setRefreshCookie(
  response: Response,
  token: string | undefined,
  expiresAt: string | undefined,
): void {
  const cookies = REFRESH_COOKIE_PATHS.map((path) =>
    token
      ? `${REFRESH_COOKIE}=${token}; ${cookieAttributes(path, true)}; Expires=${new Date(expiresAt ?? 0).toUTCString()}`
      : `${REFRESH_COOKIE}=; ${cookieAttributes(path, true)}; Max-Age=0`,
  );
  response.append('Set-Cookie', cookies);
}

/**
 * On the routes that answer with tokens: when the client asked for the cookie (the header) or
 * sent its token in one, the refresh token goes into the cookie and out of the body.
 */
@Injectable()
export class RefreshCookieInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    return next.handle().pipe(
      map((answer: unknown) => {
        const inCookie =
          request.refreshFromCookie === true ||
          request.headers[REFRESH_TRANSPORT_HEADER] === 'cookie';
        if (!inCookie) return answer;
        if (answer === undefined || answer === null) {
          // A logout: the session is over, and so is the cookie.
          setRefreshCookie(response, undefined, undefined);
          return answer;
        }
        // The tokens are the answer, or its `tokens` (the second factor's first confirmation).
        const nested = (answer as { tokens?: TokenAnswer }).tokens;
        const tokens = nested ?? (answer as TokenAnswer);
        if (typeof tokens.refreshToken !== 'string') return answer;
        setRefreshCookie(response, tokens.refreshToken, tokens.refreshTokenExpiresAt);
        const { refreshToken: _kept, ...rest } = tokens;
        return nested ? { ...answer, tokens: rest } : rest;
      }),
      catchError((error: unknown) => {
        // A cookie that no longer signs in (used, expired, its session ended) is removed.
        if (request.refreshFromCookie === true) setRefreshCookie(response, undefined, undefined);
        return throwError(() => error);
      }),
    );
  }
}
