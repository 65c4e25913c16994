import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppLogger } from '../logging/logger.js';
import { APP_LOGGER } from '../logging/logging.module.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { REDIS_CLIENT } from '../queue/queue.module.js';
import { redisAnswer } from '../queue/redis-client.js';

/** The limit is per minute, over the last 60 seconds at any moment (a sliding window). */
export const EXPENSIVE_WINDOW_MS = 60_000;
/** Longest wait for Redis' answer before the request goes ahead uncounted. */
export const EXPENSIVE_CHECK_TIMEOUT_MS = 250;

/**
 * A sliding-window log in a sorted set: the times of the requests let through in the last window.
 * Older ones are dropped; the request is let through, and recorded, only while fewer than the
 * limit remain, else the answer is the milliseconds until the oldest leaves the window. One
 * script, so concurrent requests of an account on several API processes cannot slip past the
 * limit together; Redis' clock, so the processes' clocks need not agree. The key expires with its
 * newest entry.
 */
const SLIDING_WINDOW_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`;

/** Counts one request under `key`: 0 when it may go ahead, else the milliseconds to wait. */
export async function takeFromSlidingWindow(
  redis: Redis,
  key: string,
  limit: number,
  windowMs: number,
): Promise<number> {
  return Number(await redis.eval(SLIDING_WINDOW_SCRIPT, 1, key, limit, windowMs, randomUUID()));
}

/**
 * The per-account limit of the expensive routes, shared by every API process through Redis.
 *
 * While Redis does not answer (not connected, or no answer within 250 ms) the request goes ahead
 * uncounted (fail open): these routes need nothing else from Redis, and the limit protects
 * capacity, not a secret, so an outage of Redis should not also take reports and imports away.
 * Each process's general ceiling still bounds every account meanwhile. Requests let through this
 * way are counted in `rtw_request_limit_unchecked_total`, and the log says so once per outage.
 */
@Injectable()
export class ExpensiveRouteLimiter {
  private readonly unchecked: Counter;
  private redisAway = false;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    metrics: MetricsService,
  ) {
    this.unchecked = new Counter({
      name: 'rtw_request_limit_unchecked_total',
      help: 'Requests to expensive routes let through uncounted because Redis did not answer',
      registers: [metrics.registry],
    });
  }

  /** Counts one expensive request of the account: 0 when it may go ahead, else seconds to wait. */
  async take(accountId: string): Promise<number> {
    let waitMs: number;
    try {
      // Between reconnect attempts a command would wait for the next one; go ahead at once.
      waitMs = await redisAnswer(
        this.redis,
        () =>
          takeFromSlidingWindow(
            this.redis,
            this.key(accountId),
            this.config.limits.expensivePerMinute,
            EXPENSIVE_WINDOW_MS,
          ),
        EXPENSIVE_CHECK_TIMEOUT_MS,
      );
    } catch {
      this.unchecked.inc();
      if (!this.redisAway) {
        this.redisAway = true;
        this.logger.warn(
          { limit: 'expensive' },
          'request limit not counted: Redis does not answer; expensive requests go ahead unchecked',
        );
      }
      return 0;
    }
    if (this.redisAway) {
      this.redisAway = false;
      this.logger.info({ limit: 'expensive' }, 'request limit counted again');
    }
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  // The key holds a hash of the account id, like the log-in throttle's: Redis keeps no identifiers.
  private key(accountId: string): string {
    const digest = createHash('sha256').update(accountId).digest('hex').slice(0, 32);
    return `${this.config.bullPrefix}:limit:expensive:${digest}`;
  }
}
