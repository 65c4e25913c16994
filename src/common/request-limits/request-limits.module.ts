import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ExpensiveRouteLimiter } from './expensive-route-limiter.js';
import { RequestLimitsInterceptor } from './request-limits.interceptor.js';

/**
 * The API's per-account request limits (see RequestLimitsInterceptor). Imported before the
 * idempotency module, so a refused request claims no idempotency key.
 */
@Module({
  providers: [
    ExpensiveRouteLimiter,
    { provide: APP_INTERCEPTOR, useClass: RequestLimitsInterceptor },
  ],
})
export class RequestLimitsModule {}
