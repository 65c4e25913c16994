/**
 * The secrets of a local run (the demo, and the embedded PostgreSQL `npm test` may start), made on
 * first use with a CSPRNG and kept in `<data dir>/secrets.json`, readable by its owner only. Later
 * runs read the same values, so the demo's sessions and encrypted TOTP seeds stay valid; deleting
 * the file (or the whole data dir) gives new ones. No value in here is ever printed.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

export const SECRETS_FILE = 'secrets.json';

/** What the demo's processes read from the environment; a variable set there wins. */
export interface DemoSecrets {
  JWT_ACCESS_SECRET: string;
  JWT_REFRESH_SECRET: string;
  /** 32 bytes in base64: the TOTP seeds' key. */
  DATA_ENCRYPTION_KEY: string;
  /** Password of the demo's runtime login role (the name docker-compose gives rtw_app's). */
  APP_DB_PASSWORD: string;
}

/** Everything the file keeps: the demo's secrets and the embedded PostgreSQL's superuser password. */
export interface LocalSecrets extends DemoSecrets {
  EMBEDDED_POSTGRES_PASSWORD: string;
}

const MAKERS: Record<keyof LocalSecrets, () => string> = {
  JWT_ACCESS_SECRET: () => randomBytes(32).toString('base64url'),
  JWT_REFRESH_SECRET: () => randomBytes(32).toString('base64url'),
  DATA_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  APP_DB_PASSWORD: () => randomBytes(24).toString('base64url'),
  EMBEDDED_POSTGRES_PASSWORD: () => randomBytes(24).toString('base64url'),
};
const DEMO_SECRET_NAMES = [
  'JWT_ACCESS_SECRET',
  'JWT_REFRESH_SECRET',
  'DATA_ENCRYPTION_KEY',
  'APP_DB_PASSWORD',
] as const satisfies readonly (keyof DemoSecrets)[];

/**
 * The kept secrets, making the file (0600) on first use and adding any value it lacks (a file
 * written by an earlier version). A file others may read is narrowed to its owner first.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, SECRETS_FILE);
  mkdirSync(dataDir, { recursive: true });
  const kept = readKept(file) ?? createOnce(file);
  const complete = makeMissing(kept);
  if (
    (Object.keys(MAKERS) as (keyof LocalSecrets)[]).some((name) => kept[name] !== complete[name])
  ) {
    renameSync(writeAside(file, complete), file);
  }
  return complete;
}

/** The demo's secrets: each variable set (not blank) in `env` wins over the kept value. */
export function demoSecrets(
  dataDir: string,
  env: Record<string, string | undefined> = process.env,
): DemoSecrets {
  const kept = localSecrets(dataDir);
  const secrets = {} as DemoSecrets;
  for (const name of DEMO_SECRET_NAMES) secrets[name] = env[name]?.trim() || kept[name];
  return secrets;
}

function readKept(file: string): Partial<LocalSecrets> | undefined {
  if (!existsSync(file)) return undefined;
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    parsed = undefined; // the parser's message would quote the file: a secret
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} is not a JSON object: delete it to have new secrets made`);
  }
  return parsed as Partial<LocalSecrets>;
}

function makeMissing(kept: Partial<LocalSecrets>): LocalSecrets {
  const complete = { ...kept };
  for (const [name, make] of Object.entries(MAKERS) as [keyof LocalSecrets, () => string][]) {
    if (typeof complete[name] !== 'string' || !complete[name]) complete[name] = make();
  }
  return complete as LocalSecrets;
}

/**
 * Fresh secrets, written aside and then linked into place: of two runs starting together, one
 * file wins, whole, and both use its values.
 */
function createOnce(file: string): Partial<LocalSecrets> {
  const fresh = makeMissing({});
  const aside = writeAside(file, fresh);
  try {
    linkSync(aside, file);
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKept(file) ?? fresh;
  } finally {
    unlinkSync(aside);
  }
}

/** A 0600 file beside `file` holding the secrets, for a link or rename into place. */
function writeAside(file: string, secrets: Partial<LocalSecrets>): string {
  const aside = join(
    dirname(file),
    `.${SECRETS_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`,
  );
  const fd = openSync(aside, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(secrets, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
  return aside;
}
