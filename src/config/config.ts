/**
 * The platform's configuration, read from the environment and validated once at start-up.
 *
 * A wrong value stops the process with one line naming the variable. Messages describe what is
 * expected and never repeat the value given: connection URLs and secrets carry passwords.
 */

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  env: NodeEnv;
  /** HTTP port of the API process. */
  port: number;
  /** HTTP port of the worker process (health and metrics only). */
  workerPort: number;
  databaseUrl: string;
  databasePoolSize: number;
  /**
   * How long PostgreSQL may leave a `SELECT 1` unanswered before the process counts it as not
   * answering and cuts its connections, so that requests waiting on a frozen server or a dropped
   * network get 503 instead of hanging (0: never).
   */
  databaseStallMs: number;
  redisUrl: string;
  /** Namespace of every bull key; each test run and each deployment gets its own. */
  bullPrefix: string;
  jwt: {
    accessSecret: string;
    refreshSecret: string;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
  };
  /** 32-byte key (base64) for secrets stored in the database, such as TOTP seeds (AES-256-GCM). */
  dataEncryptionKey: Buffer;
  mail: {
    /** `capture` keeps messages in the database for the demo and tests; otherwise an smtp(s):// URL. */
    transport: 'capture' | 'smtp';
    smtpUrl: string | null;
    from: string;
  };
  /** Where links in e-mails and calendar files point (the web application). */
  appUrl: string;
  metrics: {
    /**
     * Bearer token `/metrics` asks for (the scraper sends `Authorization: Bearer <token>`);
     * required in production, where the metrics are never public. Null outside production when
     * unset: the metrics are then open, for local development.
     */
    token: string | null;
  };
  limits: {
    /** Requests per minute one account may make in all, on any route (a general ceiling). */
    requestsPerMinute: number;
    /** Requests per minute one account may make to the expensive routes (imports, exports, charts, reports). */
    expensivePerMinute: number;
  };
  jobs: {
    /** How many days before a checkpoint falls due its participants are reminded. */
    reminderDaysBefore: number;
    /**
     * How often the worker looks in PostgreSQL for what fell due: reminders, e-mails, and episodes
     * whose return to full duty is now held (moved to monitoring).
     */
    reminderSweepMs: number;
    /** How often the worker relays new outbox events to the queues. */
    outboxRelayMs: number;
    /**
     * A job handed to Redis that has not done its work after this long is handed over again (the
     * job id makes that a no-op while the first is still queued; after a Redis loss it restores it).
     */
    requeueAfterMs: number;
    /**
     * How long a worker holds a job before another may take it over as stalled (a worker that died
     * mid-job): bull's lock duration and stalled-job check interval.
     */
    lockMs: number;
  };
  reports: {
    /** Cells behind fewer people than this are withheld from every report (never below 5). */
    minimumCell: number;
  };
  logLevel: LogLevel;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /**
   * Which proxies to trust for the client address (Express `trust proxy`): `false`, a hop count, or
   * `loopback` / `uniquelocal` / addresses. Behind a load balancer, set it so throttling and the
   * audit trail see the real client.
   */
  trustProxy: boolean | number | string;
  /** How long a SIGTERM may take before the process gives up waiting for in-flight work. */
  shutdownTimeoutMs: number;
  /**
   * How long an idle keep-alive connection stays open. Longer than the idle timeout of the load
   * balancer in front, so that the balancer closes idle connections and never sends a request down
   * one the API is closing at that moment (which the client would get as a reset or a 502).
   */
  keepAliveTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expectation: string,
  ) {
    super(`${variable} ${expectation}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

// Development-only secrets: refused in production so a deployment cannot run on them by accident.
const DEV_ACCESS_SECRET = 'development-only-access-secret-change-me-0000';
const DEV_REFRESH_SECRET = 'development-only-refresh-secret-change-me-000';
const DEV_DATA_KEY = Buffer.alloc(32, 'development-only-data-key').toString('base64');
export const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/rtw';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf('NODE_ENV', env.NODE_ENV, NODE_ENVS, 'development');
  const production = nodeEnv === 'production';

  const required = (name: string, fallback: string): string => {
    const value = blankToUndefined(env[name]);
    if (value !== undefined) return value;
    if (production) throw new ConfigError(name, 'is required in production');
    return fallback;
  };

  const databaseUrl = url('DATABASE_URL', required('DATABASE_URL', LOCAL_DATABASE_URL), [
    'postgres:',
    'postgresql:',
  ]);
  const redisUrl = url('REDIS_URL', required('REDIS_URL', LOCAL_REDIS_URL), ['redis:', 'rediss:']);

  const accessSecret = secret(
    'JWT_ACCESS_SECRET',
    required('JWT_ACCESS_SECRET', DEV_ACCESS_SECRET),
  );
  const refreshSecret = secret(
    'JWT_REFRESH_SECRET',
    required('JWT_REFRESH_SECRET', DEV_REFRESH_SECRET),
  );
  if (production && (accessSecret === DEV_ACCESS_SECRET || refreshSecret === DEV_REFRESH_SECRET)) {
    throw new ConfigError('JWT_ACCESS_SECRET', 'must not be the development default in production');
  }
  if (accessSecret === refreshSecret) {
    throw new ConfigError('JWT_REFRESH_SECRET', 'must differ from JWT_ACCESS_SECRET');
  }

  const dataKeyRaw = required('DATA_ENCRYPTION_KEY', DEV_DATA_KEY);
  const dataEncryptionKey = Buffer.from(dataKeyRaw, 'base64');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(dataKeyRaw) || dataEncryptionKey.length !== 32) {
    throw new ConfigError(
      'DATA_ENCRYPTION_KEY',
      'must be 32 random bytes in base64 (openssl rand -base64 32)',
    );
  }
  if (production && dataKeyRaw === DEV_DATA_KEY) {
    throw new ConfigError(
      'DATA_ENCRYPTION_KEY',
      'must not be the development default in production',
    );
  }

  const metricsToken = blankToUndefined(env.METRICS_TOKEN);
  if (metricsToken === undefined && production) {
    throw new ConfigError('METRICS_TOKEN', 'is required in production');
  }
  if (metricsToken !== undefined) secret('METRICS_TOKEN', metricsToken);

  const smtpRaw = blankToUndefined(env.SMTP_URL) ?? (production ? undefined : 'capture');
  if (smtpRaw === undefined) throw new ConfigError('SMTP_URL', 'is required in production');
  if (smtpRaw === 'capture' && production) {
    throw new ConfigError('SMTP_URL', 'must be an smtp:// or smtps:// URL in production');
  }
  const smtpUrl = smtpRaw === 'capture' ? null : url('SMTP_URL', smtpRaw, ['smtp:', 'smtps:']);

  return {
    env: nodeEnv,
    port: integer('PORT', env.PORT, 3000, 1, 65535),
    workerPort: integer('WORKER_PORT', env.WORKER_PORT, 3001, 0, 65535),
    databaseUrl,
    databasePoolSize: integer('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, 10, 1, 200),
    databaseStallMs: integer(
      'DATABASE_STALL_TIMEOUT_MS',
      env.DATABASE_STALL_TIMEOUT_MS,
      2500,
      0,
      60_000,
    ),
    redisUrl,
    bullPrefix: pattern(
      'BULL_PREFIX',
      env.BULL_PREFIX,
      'rtw',
      /^[A-Za-z0-9_{}:-]{1,64}$/,
      'must be 1-64 letters, digits or _ { } : -',
    ),
    jwt: {
      accessSecret,
      refreshSecret,
      issuer: pattern(
        'JWT_ISSUER',
        env.JWT_ISSUER,
        'rtw-platform',
        /^\S{1,200}$/,
        'must be a non-empty string without spaces',
      ),
      audience: pattern(
        'JWT_AUDIENCE',
        env.JWT_AUDIENCE,
        'rtw-api',
        /^\S{1,200}$/,
        'must be a non-empty string without spaces',
      ),
      // Access tokens are short-lived by policy: at most 15 minutes.
      accessTtlSeconds: integer('JWT_ACCESS_TTL_SECONDS', env.JWT_ACCESS_TTL_SECONDS, 900, 30, 900),
      refreshTtlSeconds: integer(
        'JWT_REFRESH_TTL_SECONDS',
        env.JWT_REFRESH_TTL_SECONDS,
        14 * 86400,
        300,
        90 * 86400,
      ),
    },
    dataEncryptionKey,
    mail: {
      transport: smtpUrl === null ? 'capture' : 'smtp',
      smtpUrl,
      from: pattern(
        'MAIL_FROM',
        env.MAIL_FROM,
        'Return to Work <no-reply@rtw.local>',
        /^(.+<)?[^\s@<>]+@[^\s@<>]+(>)?$/,
        'must be an e-mail address, optionally as "Name <address>"',
      ),
    },
    appUrl: url(
      'APP_URL',
      blankToUndefined(env.APP_URL) ??
        `http://localhost:${integer('PORT', env.PORT, 3000, 1, 65535)}/app`,
      ['http:', 'https:'],
    ).replace(/\/+$/, ''),
    metrics: { token: metricsToken ?? null },
    limits: {
      requestsPerMinute: integer(
        'RATE_LIMIT_PER_MINUTE',
        env.RATE_LIMIT_PER_MINUTE,
        600,
        10,
        100_000,
      ),
      expensivePerMinute: integer(
        'EXPENSIVE_RATE_LIMIT_PER_MINUTE',
        env.EXPENSIVE_RATE_LIMIT_PER_MINUTE,
        30,
        1,
        10_000,
      ),
    },
    jobs: {
      reminderDaysBefore: integer('REMINDER_DAYS_BEFORE', env.REMINDER_DAYS_BEFORE, 7, 0, 60),
      reminderSweepMs: integer(
        'REMINDER_SWEEP_INTERVAL_MS',
        env.REMINDER_SWEEP_INTERVAL_MS,
        60_000,
        50,
        3_600_000,
      ),
      outboxRelayMs: integer(
        'OUTBOX_RELAY_INTERVAL_MS',
        env.OUTBOX_RELAY_INTERVAL_MS,
        500,
        20,
        60_000,
      ),
      requeueAfterMs: integer(
        'JOB_REQUEUE_AFTER_MS',
        env.JOB_REQUEUE_AFTER_MS,
        30_000,
        100,
        3_600_000,
      ),
      lockMs: integer('JOB_LOCK_MS', env.JOB_LOCK_MS, 30_000, 1_000, 600_000),
    },
    reports: {
      minimumCell: integer('REPORT_MIN_CELL', env.REPORT_MIN_CELL, 10, 5, 1000),
    },
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    bodyLimitBytes: byteSize('BODY_LIMIT', env.BODY_LIMIT, 1024 * 1024),
    trustProxy: trustProxy(env.TRUST_PROXY),
    shutdownTimeoutMs: integer(
      'SHUTDOWN_TIMEOUT_MS',
      env.SHUTDOWN_TIMEOUT_MS,
      10_000,
      100,
      300_000,
    ),
    keepAliveTimeoutMs: integer(
      'HTTP_KEEP_ALIVE_TIMEOUT_MS',
      env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      65_000,
      1_000,
      600_000,
    ),
  };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function oneOf<T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = blankToUndefined(raw);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

function integer(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = blankToUndefined(raw);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

function pattern(
  name: string,
  raw: string | undefined,
  fallback: string,
  re: RegExp,
  expectation: string,
): string {
  const value = blankToUndefined(raw);
  if (value === undefined) return fallback;
  if (!re.test(value)) throw new ConfigError(name, expectation);
  return value;
}

function url(name: string, value: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`);
  }
  if (!protocols.includes(parsed.protocol) || parsed.hostname === '') {
    throw new ConfigError(
      name,
      `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL with a host`,
    );
  }
  return value;
}

function secret(name: string, value: string): string {
  if (value.length < 32) throw new ConfigError(name, 'must be at least 32 characters long');
  return value;
}

function byteSize(name: string, raw: string | undefined, fallback: number): number {
  const value = blankToUndefined(raw);
  if (value === undefined) return fallback;
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(value);
  const units: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };
  const bytes = match ? Number(match[1]) * units[(match[2] ?? 'b').toLowerCase()] : NaN;
  if (!Number.isFinite(bytes) || bytes < 1024 || bytes > 50 * 1024 * 1024) {
    throw new ConfigError(name, 'must be a size from 1kb to 50mb, such as 512kb or 1mb');
  }
  return bytes;
}

function trustProxy(raw: string | undefined): boolean | number | string {
  const value = blankToUndefined(raw);
  if (value === undefined || value === 'false') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  if (
    /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:./]+)(,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F:./]+))*$/.test(
      value,
    )
  ) {
    return value;
  }
  throw new ConfigError(
    'TRUST_PROXY',
    'must be false, a hop count, or loopback/uniquelocal/addresses separated by commas',
  );
}

/** Loads the configuration or ends the process with one line naming the wrong variable. */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
