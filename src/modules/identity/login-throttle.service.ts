import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { REDIS_CLIENT } from '../../common/queue/queue.module.js';

export const LOGIN_WINDOW_SECONDS = 3600;
export const MAX_ATTEMPTS_PER_ACCOUNT = 10;
export const MAX_FAILURES_PER_ADDRESS = 50;

/**
 * Limits log-in attempts in fixed one-hour windows: per account every attempt counts, and the count
 * goes up before the password is checked, so concurrent guesses cannot slip past the limit (a
 * successful log-in clears it); per address the failures count, so one office behind one address
 * can still sign in all day while password spraying is stopped. Without Redis nobody is let in
 * (fail closed).
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async registerAttempt(email: string, address: string): Promise<void> {
    const keys = [this.key('account', email), this.key('address', address)];
    let results: [Error | null, unknown][] | null;
    try {
      results = await this.redis
        .multi()
        .incr(keys[0])
        .expire(keys[0], LOGIN_WINDOW_SECONDS, 'NX')
        .ttl(keys[0])
        .get(keys[1])
        .ttl(keys[1])
        .exec();
    } catch {
      results = null;
    }
    if (!results || results.some(([error]) => error)) {
      throw new DomainError(
        'service_unavailable',
        'Log-in is unavailable right now; try again shortly.',
      );
    }
    const [accountCount, , accountTtl, addressFailures, addressTtl] = results.map(([, value]) =>
      Number(value),
    );
    const retryAfter = Math.max(
      accountCount > MAX_ATTEMPTS_PER_ACCOUNT ? accountTtl : 0,
      addressFailures >= MAX_FAILURES_PER_ADDRESS ? addressTtl : 0,
    );
    if (retryAfter > 0) {
      throw new DomainError('rate_limited', 'Too many log-in attempts; try again later.', {
        retryAfterSeconds: retryAfter,
      });
    }
  }

  /**
   * Runs the look-up an attempt needs before its secret can be checked (the account's password
   * hash). If the look-up fails (the database away), the attempt is given back: nothing was
   * evaluated, and someone retrying through an outage must not find the account locked for an hour
   * once it is over.
   */
  async beforeCheck<T>(account: string, lookUp: () => Promise<T>): Promise<T> {
    try {
      return await lookUp();
    } catch (error) {
      await this.giveBack(account);
      throw error;
    }
  }

  /** Takes one attempt off the account's count (never below zero, never a key without expiry). */
  async giveBack(account: string): Promise<void> {
    await this.redis
      .eval(
        `local n = tonumber(redis.call('GET', KEYS[1]))
         if n and n > 0 then return redis.call('DECR', KEYS[1]) end
         return 0`,
        1,
        this.key('account', account),
      )
      .catch(() => undefined);
  }

  async registerFailure(address: string): Promise<void> {
    const key = this.key('address', address);
    await this.redis
      .multi()
      .incr(key)
      .expire(key, LOGIN_WINDOW_SECONDS, 'NX')
      .exec()
      .catch(() => undefined);
  }

  async clearAccount(email: string): Promise<void> {
    await this.redis.del(this.key('account', email)).catch(() => undefined);
  }

  // Keys hold a hash, not the e-mail address: Redis is not a store of personal data.
  private key(kind: 'account' | 'address', value: string): string {
    const digest = createHash('sha256').update(value).digest('hex').slice(0, 32);
    return `${this.config.bullPrefix}:login:${kind}:${digest}`;
  }
}
