import { Inject, Injectable } from '@nestjs/common';
import { redisAnswer } from '../../common/queue/redis-client.js';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../../common/errors/problem-details.js';
import { REDIS_CLIENT } from '../../common/queue/queue.module.js';

export const LOGIN_WINDOW_SECONDS = 3600;
/** Attempts an hour on one account from clients it does not know (scenario 5: at most 10). */
export const MAX_ATTEMPTS_PER_ACCOUNT = 10;
/** Failures one client may make on one account before it waits between attempts. */
export const FREE_FAILURES_PER_CLIENT = 3;
/** Failures from one address, over all accounts, before its unknown clients wait between attempts. */
export const FREE_FAILURES_PER_ADDRESS = 50;
/** The longest a client is made to wait between two attempts. */
export const MAX_DELAY_SECONDS = 300;
/** Wrong second-factor codes an hour on one account before a code no longer opens a locked account. */
export const MAX_SECOND_FACTOR_FAILURES = 10;
/** How long a log-in waits for Redis before it answers 503 (or skips what can be skipped). */
export const REQUEST_REDIS_TIMEOUT_MS = 500;

/**
 * Where an attempt comes from: its address, and the device id when the client presented a device
 * token of this account (a client that signed in to it before).
 */
export interface LoginClient {
  address: string;
  deviceId?: string;
}

export interface AttemptOptions {
  /**
   * The attempt proved more than a password can: it comes from a device of the account, or carries
   * a valid second-factor code. It is not held back by the account's or the address's limits,
   * only by its own client's, so guesses from elsewhere cannot keep the owner out.
   */
  trusted?: boolean;
}

type Verdict = 'ok' | 'counted' | 'client' | 'address' | 'account';

/**
 * Limits guessing of passwords and codes, in Redis:
 *
 * - per account and client (the device, else the address): after 3 failures the client waits
 *   before its next attempt, 2 s, 4 s, 8 s... up to 5 minutes. This is all that slows a known
 *   device or an attempt with a valid second factor.
 * - per account, for attempts from clients it does not know: 10 an hour. The count goes up before
 *   the password is checked, so concurrent guesses cannot slip past it; a successful attempt gives
 *   its count back, so the owner's own log-ins never use up the hour.
 * - per address, for unknown clients: after 50 failures an hour (password spraying), they wait
 *   between attempts as above, rather than the whole office behind the address being locked out.
 *
 * So guessing stays bounded (scenario 5), while someone who knows only an e-mail address cannot
 * keep its owner out: the owner's device, a second factor or a password reset by e-mail still get
 * through. Without Redis nobody is let in (fail closed). Keys hold hashes, never an address.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async registerAttempt(
    account: string,
    client: LoginClient,
    options: AttemptOptions = {},
  ): Promise<void> {
    const [verdict, wait] = (await this.run(
      ATTEMPT_SCRIPT,
      [
        this.key('account', account),
        this.clientKey(account, client),
        this.key('address', client.address),
      ],
      [
        Date.now(),
        options.trusted || client.deviceId ? 1 : 0,
        MAX_ATTEMPTS_PER_ACCOUNT,
        LOGIN_WINDOW_SECONDS,
      ],
    )) as [Verdict, number];
    if (verdict === 'client') {
      throw new DomainError(
        'rate_limited',
        'Too many failed attempts from this device; wait a moment before the next one.',
        { retryAfterSeconds: wait },
      );
    }
    if (verdict === 'address' || verdict === 'account') {
      throw new DomainError(
        'rate_limited',
        'Too many attempts to sign in to this account from elsewhere. Sign in from a device you used before, add the code of your authenticator, or reset your password by e-mail.',
        { retryAfterSeconds: wait },
      );
    }
  }

  /**
   * A failed attempt: its client waits longer before the next one, and an unknown client's
   * address counts one more failure.
   */
  async registerFailure(
    account: string,
    client: LoginClient,
    options: AttemptOptions = {},
  ): Promise<void> {
    await this.run(
      FAILURE_SCRIPT,
      [this.clientKey(account, client), this.key('address', client.address)],
      [
        Date.now(),
        options.trusted || client.deviceId ? 1 : 0,
        FREE_FAILURES_PER_CLIENT,
        FREE_FAILURES_PER_ADDRESS,
        MAX_DELAY_SECONDS,
        LOGIN_WINDOW_SECONDS,
      ],
    ).catch(() => undefined);
  }

  /** A successful attempt: its count goes back, and its client starts afresh. */
  async registerSuccess(
    account: string,
    client: LoginClient,
    options: AttemptOptions = {},
  ): Promise<void> {
    if (!options.trusted && !client.deviceId) await this.giveBack(account);
    await this.quick(() => this.redis.del(this.clientKey(account, client))).catch(() => undefined);
  }

  /**
   * Runs the look-up an attempt needs before its secret can be checked (the account's password
   * hash). If the look-up fails (the database away), the attempt is given back: nothing was
   * evaluated, and someone retrying through an outage must not find the account locked once it is
   * over.
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
    await this.quick(() =>
      this.redis.eval(
        `local n = tonumber(redis.call('GET', KEYS[1]))
         if n and n > 0 then return redis.call('DECR', KEYS[1]) end
         return 0`,
        1,
        this.key('account', account),
      ),
    ).catch(() => undefined);
  }

  /** Forgets the account's count of attempts (its password was just reset by its owner). */
  async clearAccount(account: string): Promise<void> {
    await this.quick(() => this.redis.del(this.key('account', account))).catch(() => undefined);
  }

  /**
   * Whether a second-factor code sent with a log-in may still be checked: not after 10 wrong ones
   * an hour. Answers false (the code is then ignored) rather than refusing, so that the answer
   * never tells whether the account has a second factor.
   */
  async secondFactorAllowed(userId: string): Promise<boolean> {
    const failures = await this.quick(() =>
      this.redis.get(this.key('second-factor', userId)),
    ).catch(() => null);
    return Number(failures ?? 0) < MAX_SECOND_FACTOR_FAILURES;
  }

  async secondFactorFailed(userId: string): Promise<void> {
    const key = this.key('second-factor', userId);
    await this.quick(() =>
      this.redis.multi().incr(key).expire(key, LOGIN_WINDOW_SECONDS, 'NX').exec(),
    ).catch(() => undefined);
  }

  /**
   * Counts one more use of a budget of `limit` an hour; false once it is spent. For what is not a
   * guess (password-reset e-mails asked for), so nothing is given back.
   */
  async withinHourlyBudget(budget: string, limit: number): Promise<boolean> {
    const key = this.key('budget', budget);
    let results: [Error | null, unknown][] | null;
    try {
      results = await this.quick(() =>
        this.redis.multi().incr(key).expire(key, LOGIN_WINDOW_SECONDS, 'NX').exec(),
      );
    } catch {
      results = null;
    }
    if (!results || results.some(([error]) => error)) {
      throw new DomainError(
        'service_unavailable',
        'This is unavailable right now; try again shortly.',
        { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
      );
    }
    return Number(results[0][1]) <= limit;
  }

  /** A command a log-in waits for: within a second, answered or refused (503 or skipped). */
  private quick<T>(command: () => Promise<T>): Promise<T> {
    return redisAnswer(this.redis, command, REQUEST_REDIS_TIMEOUT_MS);
  }

  private async run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await this.quick(() => this.redis.eval(script, keys.length, ...keys, ...args));
    } catch {
      throw new DomainError(
        'service_unavailable',
        'Log-in is unavailable right now; try again shortly.',
        { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
      );
    }
  }

  private clientKey(account: string, client: LoginClient): string {
    return this.key(
      'client',
      `${account}\n${client.deviceId ? `device:${client.deviceId}` : `address:${client.address}`}`,
    );
  }

  // Keys hold a hash, not the e-mail address: Redis is not a store of personal data.
  private key(
    kind: 'account' | 'address' | 'client' | 'second-factor' | 'budget',
    value: string,
  ): string {
    const digest = createHash('sha256').update(value).digest('hex').slice(0, 32);
    return `${this.config.bullPrefix}:login:${kind}:${digest}`;
  }
}

/**
 * KEYS: account, client, address. ARGV: now (ms), trusted (0/1), account limit, window (s).
 * Answers the verdict and, when held back, the seconds to wait.
 */
const ATTEMPT_SCRIPT = `
local now = tonumber(ARGV[1])
local function waiting(key)
  local next_at = tonumber(redis.call('HGET', key, 'next') or '0')
  if next_at > now then return math.ceil((next_at - now) / 1000) end
  return 0
end
local wait = waiting(KEYS[2])
if wait > 0 then return {'client', wait} end
if ARGV[2] == '1' then return {'ok', 0} end
wait = waiting(KEYS[3])
if wait > 0 then return {'address', wait} end
local count = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[4], 'NX')
if count > tonumber(ARGV[3]) then
  local ttl = redis.call('TTL', KEYS[1])
  if ttl < 1 then ttl = 1 end
  return {'account', ttl}
end
return {'counted', 0}
`;

/**
 * KEYS: client, address. ARGV: now (ms), trusted (0/1), free failures per client, free failures
 * per address, longest wait (s), window (s). Each failure past the free ones doubles the wait.
 */
const FAILURE_SCRIPT = `
local now = tonumber(ARGV[1])
local function fail(key, free)
  local failures = redis.call('HINCRBY', key, 'failures', 1)
  if failures > free then
    local wait = math.min(2 ^ (failures - free), tonumber(ARGV[5]))
    redis.call('HSET', key, 'next', now + wait * 1000)
  end
  redis.call('EXPIRE', key, ARGV[6])
end
fail(KEYS[1], tonumber(ARGV[3]))
if ARGV[2] == '0' then fail(KEYS[2], tonumber(ARGV[4])) end
return 1
`;
