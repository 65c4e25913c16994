/**
 * The demo is safe by default (security scenario 32): it runs on secrets of its own, made on
 * first run and kept in `.data/secrets.json` (0600), never on the built-in development ones; its
 * API and worker connect as a member of `rtw_runtime`, so the audit trail stays append-only; a
 * demo database seeded under the built-in key keeps working. scripts/smoke-demo.sh checks the
 * running demo end to end (a token signed with the development secret is refused).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openSecret } from '../../src/common/crypto/secret-box.js';
import { loadConfig } from '../../src/config/config.js';
import { runMigrations } from '../../src/database/migrate.js';
import { demoSecrets, localSecrets, SECRETS_FILE } from '../../src/dev/local-secrets.js';
import {
  databaseName,
  dropTestDatabase,
  ensureDatabase,
  ensureRuntimeLogin,
  freePort,
  type PostgresServer,
  resolvePostgres,
  startEmbeddedPostgres,
  withDatabase,
} from '../../src/dev/local-services.js';
import { DEMO_TOTP_SECRETS, DEMO_USERS, seedDemo } from '../../src/dev/seed-demo.js';

const adminUrl = process.env.RTW_TEST_ADMIN_DATABASE_URL as string;
const temps: string[] = [];

/** A temp dir the `postgres` user (embedded PostgreSQL run as root) can enter. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  temps.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function connectError(url: string): Promise<string | undefined> {
  return withClient(url, async () => undefined).catch((error: { code?: string }) => error.code);
}

/** The SQLSTATE a statement fails with, or undefined when it succeeds. */
async function refusal(client: pg.Client, sql: string): Promise<string | undefined> {
  return client.query(sql).then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );
}

const builtIn = loadConfig({ NODE_ENV: 'development' });

describe('the demo is safe by default: its own secrets', () => {
  it('makes its own secrets on first run, in a file only its owner can read, and reuses them on later runs', () => {
    const dataDir = tempDir('rtw-secrets-');
    const first = demoSecrets(dataDir, {});

    const file = join(dataDir, SECRETS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject(first);
    // Fit for the processes' configuration, and none of them the built-in development value.
    const config = loadConfig({ NODE_ENV: 'development', ...first });
    expect(config.jwt.accessSecret).not.toBe(builtIn.jwt.accessSecret);
    expect(config.jwt.refreshSecret).not.toBe(builtIn.jwt.refreshSecret);
    expect(config.dataEncryptionKey.equals(builtIn.dataEncryptionKey)).toBe(false);
    expect(first.APP_DB_PASSWORD.length).toBeGreaterThanOrEqual(32);
    const values = Object.values(localSecrets(dataDir));
    expect(new Set(values).size).toBe(values.length);

    expect(demoSecrets(dataDir, {})).toEqual(first);
    // Another installation gets values of its own.
    const elsewhere = demoSecrets(tempDir('rtw-secrets-'), {});
    for (const name of Object.keys(first) as (keyof typeof first)[]) {
      expect(elsewhere[name]).not.toBe(first[name]);
    }

    // A file others could read is narrowed to its owner; a value it lacks is added, the rest kept.
    const { JWT_REFRESH_SECRET: _dropped, ...partial } = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify(partial));
    chmodSync(file, 0o644);
    const again = demoSecrets(dataDir, {});
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(again).toMatchObject({
      JWT_ACCESS_SECRET: first.JWT_ACCESS_SECRET,
      DATA_ENCRYPTION_KEY: first.DATA_ENCRYPTION_KEY,
      APP_DB_PASSWORD: first.APP_DB_PASSWORD,
    });
    expect(again.JWT_REFRESH_SECRET).not.toBe(first.JWT_REFRESH_SECRET);
    expect(again.JWT_REFRESH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('lets secrets set in the environment win over the kept ones', () => {
    const dataDir = tempDir('rtw-secrets-');
    const kept = demoSecrets(dataDir, {});
    const env = {
      JWT_ACCESS_SECRET: `env-access-${'a'.repeat(32)}`,
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      APP_DB_PASSWORD: '  ',
    };

    expect(demoSecrets(dataDir, env)).toEqual({
      ...kept,
      JWT_ACCESS_SECRET: env.JWT_ACCESS_SECRET,
      DATA_ENCRYPTION_KEY: env.DATA_ENCRYPTION_KEY,
    });
    // The environment's values are not written down; the kept ones stay for a run without them.
    expect(demoSecrets(dataDir, {})).toEqual(kept);
    expect(readFileSync(join(dataDir, SECRETS_FILE), 'utf8')).not.toContain(env.JWT_ACCESS_SECRET);
  });
});

describe('the demo is safe by default: the runtime database role', () => {
  const role = `rtw_test_demo_${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    await withClient(process.env.DATABASE_URL as string, async (admin) => {
      await admin.query(`DROP OWNED BY ${role}`);
      await admin.query(`DROP ROLE ${role}`);
    });
  });

  it('connects the API and the worker as a member of rtw_runtime that is not the owner and cannot change audit rows', async () => {
    const ownerUrl = process.env.DATABASE_URL as string;
    // A role of that name given more rights by hand is taken back to the runtime's.
    await withClient(ownerUrl, (admin) => admin.query(`CREATE ROLE ${role} LOGIN CREATEROLE`));
    await ensureRuntimeLogin(ownerUrl, role, randomBytes(24).toString('base64url'));
    // A second run (a new password, say, after .data/ was deleted) finds the role and keeps it so.
    const appUrl = await ensureRuntimeLogin(ownerUrl, role, randomBytes(24).toString('base64url'));
    expect(new URL(appUrl).username).toBe(role);
    expect(databaseName(appUrl)).toBe(databaseName(ownerUrl));

    await withClient(appUrl, async (app) => {
      const [me] = (
        await app.query<{
          user: string;
          superuser: boolean;
          runtime: boolean;
          audit_owner: string;
          create_role: boolean;
        }>(
          `SELECT current_user AS user, r.rolsuper AS superuser, r.rolcreaterole AS create_role,
                  pg_has_role(current_user, 'rtw_runtime', 'MEMBER') AS runtime,
                  (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event') AS audit_owner
             FROM pg_roles r WHERE r.rolname = current_user`,
        )
      ).rows;
      expect(me).toEqual({
        user: role,
        superuser: false,
        create_role: false,
        runtime: true,
        audit_owner: expect.not.stringMatching(`^${role}$`),
      });

      const [{ id }] = (
        await app.query<{ id: string }>(
          `INSERT INTO audit_event (action, object_type, outcome) VALUES ('demo.read', 'demo', 'allowed') RETURNING id`,
        )
      ).rows;
      expect(await refusal(app, `UPDATE audit_event SET outcome = 'denied' WHERE id = ${id}`)).toBe(
        '42501',
      );
      expect(await refusal(app, `DELETE FROM audit_event WHERE id = ${id}`)).toBe('42501');
      expect(await refusal(app, `ALTER TABLE audit_event DISABLE TRIGGER ALL`)).toBe('42501');
      const [row] = (
        await app.query<{ outcome: string }>(`SELECT outcome FROM audit_event WHERE id = $1`, [id])
      ).rows;
      expect(row).toEqual({ outcome: 'allowed' });
      // What the platform does with the other tables it may do.
      await expect(app.query(`SELECT count(*) FROM captured_mail`)).resolves.toBeDefined();
    });
  });

  it('on the embedded PostgreSQL, the superuser and the runtime login take generated passwords; an older cluster is switched over', async () => {
    const dataDir = tempDir('rtw-embedded-secrets-');
    // A cluster as earlier versions made it, its superuser's password the same everywhere.
    const older = await startEmbeddedPostgres(join(dataDir, 'postgres'), () => undefined, {
      password: 'postgres',
    });
    await older.stop();

    const closedPort = await freePort();
    let server: PostgresServer | undefined;
    try {
      server = await resolvePostgres({
        env: {},
        localPostgresUrl: `postgres://postgres@127.0.0.1:${closedPort}/postgres`,
        dataDir,
      });
      expect(server.source).toBe('embedded');
      const kept = localSecrets(dataDir);
      expect(decodeURIComponent(new URL(server.adminUrl).password)).toBe(
        kept.EMBEDDED_POSTGRES_PASSWORD,
      );
      const legacy = new URL(server.adminUrl);
      legacy.password = 'postgres';
      expect(await connectError(legacy.toString())).toBe('28P01');

      await ensureDatabase(server.adminUrl, 'rtw_test_demo');
      const ownerUrl = withDatabase(server.adminUrl, 'rtw_test_demo');
      await runMigrations(ownerUrl);
      const appUrl = await ensureRuntimeLogin(ownerUrl, 'rtw_demo_app', kept.APP_DB_PASSWORD);
      await expect(
        withClient(appUrl, async (app) => (await app.query(`SELECT current_user AS u`)).rows[0]),
      ).resolves.toEqual({ u: 'rtw_demo_app' });
      const wrong = new URL(appUrl);
      wrong.password = randomBytes(24).toString('base64url');
      expect(await connectError(wrong.toString())).toBe('28P01');
    } finally {
      await server?.stop();
    }
  }, 90_000);
});

describe('the demo is safe by default: a database seeded under the built-in key', () => {
  const database = `${databaseName(process.env.DATABASE_URL as string)}_seed`;
  const url = withDatabase(adminUrl, database);

  beforeAll(async () => {
    await ensureDatabase(adminUrl, database);
    await runMigrations(url);
    // The seed adds a synthetic population only where there is none; it plays no part here.
    await withClient(url, (client) =>
      client.query(
        `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Synthetic stand-in', 1)`,
      ),
    );
  });
  afterAll(async () => {
    await dropTestDatabase(adminUrl, database);
  });

  it('keeps working: the seed seals the TOTP seeds again with the demo key', async () => {
    const clinicians = DEMO_USERS.filter((user) => DEMO_TOTP_SECRETS[user.role]);
    const sealed = () =>
      withClient(url, async (client) => {
        const { rows } = await client.query<{ id: string; totp_secret: string; enabled: Date }>(
          `SELECT id, totp_secret, totp_enabled_at AS enabled FROM app_user WHERE id = ANY($1) ORDER BY id`,
          [clinicians.map((user) => user.id)],
        );
        return rows;
      });
    await seedDemo(url, builtIn.dataEncryptionKey);
    const before = await sealed();
    expect(before.length).toBeGreaterThan(0);
    expect(before).toHaveLength(clinicians.length);

    const demoKey = Buffer.from(
      demoSecrets(tempDir('rtw-secrets-'), {}).DATA_ENCRYPTION_KEY,
      'base64',
    );
    await seedDemo(url, demoKey);
    const after = await sealed();
    for (const [index, row] of after.entries()) {
      const role = clinicians.find((user) => user.id === row.id)?.role;
      expect(openSecret(demoKey, row.totp_secret)).toBe(DEMO_TOTP_SECRETS[role!]);
      expect(() => openSecret(builtIn.dataEncryptionKey, row.totp_secret)).toThrow();
      // Still the same enrolment: its date is kept.
      expect(row.enabled).toEqual(before[index].enabled);
    }

    // Seeds that open with the key are left as they are.
    await seedDemo(url, demoKey);
    expect(await sealed()).toEqual(after);
  });
});
