import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const PROD = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app:pw-db-9@db.internal:5432/rtw',
  REDIS_URL: 'redis://:pw-redis-9@cache.internal:6379',
  JWT_ACCESS_SECRET: 'a'.repeat(40),
  JWT_REFRESH_SECRET: 'b'.repeat(40),
  SMTP_URL: 'smtp://mail.internal:25',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  METRICS_TOKEN: 'm'.repeat(40),
};

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs in development on local defaults with the mail capture', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/rtw');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.bullPrefix).toBe('rtw');
    expect(config.mail).toEqual({
      transport: 'capture',
      smtpUrl: null,
      from: 'Return to Work <no-reply@rtw.local>',
    });
    expect(config.jwt.accessTtlSeconds).toBeLessThanOrEqual(900);
    expect(config.bodyLimitBytes).toBe(1024 * 1024);
  });

  it('accepts a complete production environment', () => {
    const config = loadConfig({ ...PROD, PORT: '8080', BODY_LIMIT: '512kb', LOG_LEVEL: 'warn' });
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      bodyLimitBytes: 512 * 1024,
      logLevel: 'warn',
    });
    expect(config.mail).toMatchObject({ transport: 'smtp', smtpUrl: 'smtp://mail.internal:25' });
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'nonsense' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root:hunter2-secret@db/rtw' }],
    ['REDIS_URL', { REDIS_URL: 'redis://user:hunter2-secret@' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '80a' }],
    ['BULL_PREFIX', { BULL_PREFIX: 'has space' }],
    ['JWT_ACCESS_SECRET', { JWT_ACCESS_SECRET: 'hunter2-secret' }],
    [
      'JWT_REFRESH_SECRET',
      {
        JWT_ACCESS_SECRET: 'hunter2-secret'.repeat(3),
        JWT_REFRESH_SECRET: 'hunter2-secret'.repeat(3),
      },
    ],
    ['JWT_ACCESS_TTL_SECONDS', { JWT_ACCESS_TTL_SECONDS: '3600' }],
    ['SMTP_URL', { SMTP_URL: 'http://hunter2-secret@mail' }],
    ['MAIL_FROM', { MAIL_FROM: 'not an address' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['BODY_LIMIT', { BODY_LIMIT: '1gb' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['DATA_ENCRYPTION_KEY', { DATA_ENCRYPTION_KEY: 'hunter2-secret' }],
    ['METRICS_TOKEN', { METRICS_TOKEN: 'hunter2-secret' }],
    ['RATE_LIMIT_PER_MINUTE', { RATE_LIMIT_PER_MINUTE: '5' }],
    ['EXPENSIVE_RATE_LIMIT_PER_MINUTE', { EXPENSIVE_RATE_LIMIT_PER_MINUTE: '0' }],
  ])('names %s and never repeats the value given', (variable, env) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(variable)).toBe(true);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('nonsense');
    expect(error.message).not.toContain('\n');
  });

  it.each([
    'DATABASE_URL',
    'REDIS_URL',
    'JWT_ACCESS_SECRET',
    'JWT_REFRESH_SECRET',
    'SMTP_URL',
    'DATA_ENCRYPTION_KEY',
    'METRICS_TOKEN',
  ])('requires %s in production', (variable) => {
    const env: Record<string, string> = { ...PROD };
    delete env[variable];
    expect(errorOf(env).variable).toBe(variable);
  });

  it('refuses the development secrets and the mail capture in production', () => {
    const dev = loadConfig({});
    expect(errorOf({ ...PROD, JWT_ACCESS_SECRET: dev.jwt.accessSecret }).variable).toBe(
      'JWT_ACCESS_SECRET',
    );
    expect(errorOf({ ...PROD, SMTP_URL: 'capture' }).variable).toBe('SMTP_URL');
    const devKey = dev.dataEncryptionKey.toString('base64');
    expect(errorOf({ ...PROD, DATA_ENCRYPTION_KEY: devKey }).variable).toBe('DATA_ENCRYPTION_KEY');
  });
});
