import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Counter } from 'prom-client';
import { from, mergeMap, type Observable } from 'rxjs';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { DomainError } from '../errors/domain-error.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { AccountWindows } from './account-windows.js';
import { IS_EXPENSIVE } from './expensive.decorator.js';
import { ExpensiveRouteLimiter } from './expensive-route-limiter.js';

const MINUTE_MS = 60_000;
type Limit = 'general' | 'expensive';

/**
 * Per-account request limits, after authentication (interceptors run after every guard, so the
 * caller is known): a general ceiling on every route a signed-in account calls, counted in memory
 * by each API process (no round trip a request), and a lower limit on the `@Expensive()` routes,
 * counted in Redis across processes. Past either: 429 with Retry-After. Requests without an
 * account (log-in, health) are not counted here; log-in has its own throttle.
 */
@Injectable()
export class RequestLimitsInterceptor implements NestInterceptor {
  private readonly ceiling: AccountWindows;
  private readonly refusals: Counter<'limit'>;

  constructor(
    private readonly reflector: Reflector,
    private readonly expensive: ExpensiveRouteLimiter,
    @Inject(APP_CONFIG) config: AppConfig,
    metrics: MetricsService,
  ) {
    this.ceiling = new AccountWindows(config.limits.requestsPerMinute, MINUTE_MS);
    this.refusals = new Counter({
      name: 'rtw_request_limit_refusals_total',
      help: 'Requests refused with 429 by a per-account limit (general ceiling or expensive routes)',
      labelNames: ['limit'] as const,
      registers: [metrics.registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const user = context.switchToHttp().getRequest<Request>().user as AuthenticatedUser | undefined;
    if (!user) return next.handle();
    const wait = this.ceiling.take(user.id);
    if (wait > 0) throw this.refuse('general', wait);
    const expensive = this.reflector.getAllAndOverride<boolean | undefined>(IS_EXPENSIVE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!expensive) return next.handle();
    return from(this.expensive.take(user.id)).pipe(
      mergeMap((seconds) => {
        if (seconds > 0) throw this.refuse('expensive', seconds);
        return next.handle();
      }),
    );
  }

  private refuse(limit: Limit, retryAfterSeconds: number): DomainError {
    this.refusals.inc({ limit });
    return new DomainError(
      'rate_limited',
      limit === 'general'
        ? 'Too many requests from this account in the last minute; try again later.'
        : 'Too many report, export and import requests from this account in the last minute; try again later.',
      { retryAfterSeconds },
    );
  }
}
