/**
 * The deployment files (Dockerfile, docker-compose.yml, .env.example) checked as text and YAML:
 * Docker cannot run on the development and CI machines, so this is what stands between a typo in
 * them and a failed production start.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const exists = (path: string): boolean => existsSync(new URL(path, root));

// ---------------------------------------------------------------------------------------------
// docker-compose.yml
// ---------------------------------------------------------------------------------------------

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  ports?: string[];
  volumes?: string[];
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
}

interface ComposeFile {
  services: Record<string, Service>;
}

function loadCompose(): ComposeFile {
  // `merge`: the file shares the app services' settings through YAML merge keys (`<<: *app`),
  // which Compose resolves too.
  const parsed: unknown = parse(read('docker-compose.yml'), { merge: true });
  if (typeof parsed !== 'object' || parsed === null || !('services' in parsed)) {
    throw new Error('docker-compose.yml has no services');
  }
  return parsed as ComposeFile;
}

const compose = loadCompose();

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

function environment(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    : Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries) as Record<string, string>;
}

function commandLine(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
}

/** Major version of an image tag such as `postgres:17` or `redis:7.4-bookworm`, NaN without one. */
function imageMajor(image: string | undefined, repository: string): number {
  const match = new RegExp(`^(?:docker\\.io/)?(?:library/)?${repository}:(\\d+)(?:[.-]|$)`).exec(
    image ?? '',
  );
  return match ? Number(match[1]) : NaN;
}

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 16 or newer, with a volume for its data', () => {
    const postgres = service('postgres');
    expect(imageMajor(postgres.image, 'postgres')).toBeGreaterThanOrEqual(16);
    expect(environment('postgres')).toMatchObject({ POSTGRES_USER: 'rtw', POSTGRES_DB: 'rtw' });
  });

  it('runs Redis 7 that never evicts a key and keeps an append-only file', () => {
    const redis = service('redis');
    expect(imageMajor(redis.image, 'redis')).toBe(7);
    const command = commandLine(redis.command);
    expect(command).toMatch(/--maxmemory-policy[\s=]+noeviction\b/);
    expect(command).toMatch(/--appendonly[\s=]+yes\b/);
  });

  it.each(['api', 'worker', 'postgres', 'redis'])('gives %s a healthcheck', (name) => {
    const healthcheck = service(name).healthcheck;
    expect(healthcheck?.disable).not.toBe(true);
    const test = healthcheck?.test;
    // A string is run by the shell; a list starts with CMD or CMD-SHELL (NONE switches it off).
    const parts = Array.isArray(test) ? test : test ? ['CMD-SHELL', test] : [];
    expect(['CMD', 'CMD-SHELL']).toContain(parts[0]);
    expect(parts.slice(1).join(' ').trim()).not.toBe('');
  });

  it.each([
    ['api', 'PORT'],
    ['worker', 'WORKER_PORT'],
  ])(
    'checks readiness of %s on its own port (%s) with node, as curl is not in the image',
    (name, port) => {
      const test = commandLine(service(name).healthcheck?.test);
      expect(test).toMatch(/^CMD node -e /);
      expect(test).toContain('fetch(');
      expect(test).toContain(`process.env.${port} + '/health/ready'`);
      expect(environment(name)[port]).toMatch(/^\d+$/);
    },
  );

  it.each(['api', 'worker'])(
    '%s waits for healthy PostgreSQL and Redis and for the migrations to succeed',
    (name) => {
      const dependsOn = service(name).depends_on;
      expect(Array.isArray(dependsOn)).toBe(false);
      expect(dependsOn).toMatchObject({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    },
  );

  it.each(['api', 'worker', 'migrate'])(
    '%s runs in production against the PostgreSQL and Redis services of the file',
    (name) => {
      const env = environment(name);
      expect(env.NODE_ENV).toBe('production');
      expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/[^@/]+@postgres:5432\/rtw$/);
      expect(env.REDIS_URL).toMatch(/^redis:\/\/redis:6379$/);
    },
  );

  it.each(['api', 'worker', 'migrate'])(
    '%s takes its secrets from the environment, with no default to fall back on',
    (name) => {
      const env = environment(name);
      for (const variable of [
        'JWT_ACCESS_SECRET',
        'JWT_REFRESH_SECRET',
        'DATA_ENCRYPTION_KEY',
        'SMTP_URL',
        'MAIL_FROM',
      ]) {
        expect(env[variable]).toBe(`\${${variable}:-}`);
      }
      // Migrations run as the owner; the API and the worker as rtw_app, which cannot touch audit rows.
      expect(env.DATABASE_URL).toBe(
        name === 'migrate'
          ? 'postgres://rtw:${POSTGRES_PASSWORD:-}@postgres:5432/rtw'
          : 'postgres://rtw_app:${APP_DB_PASSWORD:-}@postgres:5432/rtw',
      );
    },
  );

  it('creates the application role when the PostgreSQL volume is initialised', () => {
    expect(service('postgres').volumes).toContain(
      './docker/postgres-init:/docker-entrypoint-initdb.d:ro',
    );
    const script = read('docker/postgres-init/10-runtime-role.sh');
    expect(script).toContain('CREATE ROLE rtw_app LOGIN IN ROLE rtw_runtime');
    expect(environment('postgres').APP_DB_PASSWORD).toBe('${APP_DB_PASSWORD:-}');
  });

  it('lets `docker compose up -d redis` give the tooling a Redis on the local default port', () => {
    // Compose interpolates the whole file for any command: a required variable would block it.
    expect(read('docker-compose.yml')).not.toMatch(/\$\{[A-Z_]+:\?/);
    expect(service('redis').ports).toContain('127.0.0.1:${REDIS_HOST_PORT:-6379}:6379');
  });

  it('API, worker and migrations run the one image built from the Dockerfile', () => {
    const images = ['api', 'worker', 'migrate'].map((name) => service(name).image);
    expect(new Set(images).size).toBe(1);
    for (const name of ['api', 'worker', 'migrate']) {
      const build = service(name).build;
      const dockerfile = typeof build === 'string' ? 'Dockerfile' : build?.dockerfile;
      expect(build === undefined ? undefined : dockerfile).toBe('Dockerfile');
    }
  });

  it('starts the API and the worker from files the build produces', () => {
    expect(commandLine(service('api').command)).toBe(
      'node --max-old-space-size=192 dist/src/main.js',
    );
    expect(commandLine(service('worker').command)).toBe('node dist/src/worker.js');
    expect(exists('src/main.ts')).toBe(true);
    expect(exists('src/worker.ts')).toBe(true);
  });

  it('runs the migrations once with the TypeORM CLI on the compiled data source', () => {
    const migrate = service('migrate');
    expect(commandLine(migrate.command)).toBe(
      'node node_modules/typeorm/cli.js migration:run -d dist/src/database/data-source.js',
    );
    expect(exists('node_modules/typeorm/cli.js')).toBe(true);
    expect(exists('src/database/data-source.ts')).toBe(true);
    expect(migrate.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
  });
});

// ---------------------------------------------------------------------------------------------
// Dockerfile
// ---------------------------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, comments dropped and continuation lines joined. */
function dockerfileInstructions(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

const instructions = dockerfileInstructions(read('Dockerfile'));
const stageStarts = instructions.flatMap((instruction, index) =>
  instruction.keyword === 'FROM' ? [index] : [],
);
const finalStage = instructions.slice(stageStarts.at(-1) ?? instructions.length);
const inFinalStage = (keyword: string): Instruction[] =>
  finalStage.filter((instruction) => instruction.keyword === keyword);

describe('Dockerfile', () => {
  it('builds in one stage and runs from another, both on node:20-bookworm-slim', () => {
    expect(stageStarts.length).toBeGreaterThanOrEqual(2);
    // A stage starts from an image or from an earlier stage: follow the names to the image.
    const stageImages = new Map<string, string>();
    for (const index of stageStarts) {
      const [from, as, name] = instructions[index].args.split(/\s+/);
      const image = stageImages.get(from.toLowerCase()) ?? from;
      expect(image).toBe('node:20-bookworm-slim');
      if (as?.toUpperCase() === 'AS' && name) stageImages.set(name.toLowerCase(), image);
    }
    const runs = instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((args) => /\bnpm ci\b(?!.*--omit=dev)/.test(args))).toBe(true);
    expect(runs.some((args) => /\bnpm run build\b/.test(args))).toBe(true);
  });

  it('runs the final stage as a user other than root', () => {
    const users = inFinalStage('USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)?.args.split(':')[0] ?? '';
    expect(user).not.toBe('');
    expect(user).not.toMatch(/^(root|0)$/);
  });

  it('has a HEALTHCHECK in the final stage that asks /health/live with node', () => {
    const healthchecks = inFinalStage('HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    expect(healthchecks[0].args).not.toMatch(/^NONE$/i);
    expect(healthchecks[0].args).toMatch(/CMD \["node", "-e", .*fetch\(.*\/health\/live/);
  });

  it('ships only dist/, the package files and production dependencies, in production mode', () => {
    const copies = inFinalStage('COPY').map((copy) => copy.args);
    expect(copies.some((args) => /^(--\S+\s+)*\.\s/.test(args))).toBe(false);
    expect(copies.some((args) => /--from=\S+\s+\S*dist\s/.test(args))).toBe(true);
    expect(inFinalStage('ENV').map((env) => env.args)).toContain('NODE_ENV=production');
    const prodInstall =
      instructions.some((i) => i.keyword === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args)) ||
      instructions.some((i) => i.keyword === 'RUN' && /npm prune\b.*--omit=dev/.test(i.args));
    expect(prodInstall).toBe(true);
  });

  it("keeps the optional dependencies the API loads: the password hasher's native binding", () => {
    // @node-rs/argon2 finds its binary in an optional package of the platform (argon2-linux-x64-gnu):
    // an install without optional dependencies builds an image whose API stops at start-up.
    const installs = instructions.filter(
      (i) => i.keyword === 'RUN' && /\bnpm (ci|install|prune)\b/.test(i.args),
    );
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) {
      expect(install.args).not.toMatch(/--omit[= ]optional|--no-optional/);
    }
  });

  it('exposes both ports and starts the API by default', () => {
    expect(inFinalStage('EXPOSE').flatMap((expose) => expose.args.split(/\s+/))).toEqual(
      expect.arrayContaining(['3000', '3001']),
    );
    expect(inFinalStage('CMD').at(-1)?.args).toBe(
      '["node", "--max-old-space-size=192", "dist/src/main.js"]',
    );
  });

  it('keeps local and secret files out of the build context (.dockerignore)', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(
      expect.arrayContaining(['node_modules', 'dist', '.data', '.git', '.env', 'bench/results']),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// .env.example
// ---------------------------------------------------------------------------------------------

const CONFIG_READERS = ['required', 'integer', 'pattern', 'oneOf', 'byteSize', 'url', 'secret'];

/** Every variable name src/config/config.ts reads: `env.NAME` and `reader('NAME', ...)`. */
function configVariables(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)) names.add(match[1]);
  const readers = new RegExp(`\\b(?:${CONFIG_READERS.join('|')})\\(\\s*'([A-Z][A-Z0-9_]*)'`, 'g');
  for (const match of source.matchAll(readers)) names.add(match[1]);
  return [...names].sort();
}

const envExample = read('.env.example').split('\n');

/** Every string of the parsed compose file (keys and values; comments are not part of it). */
function composeStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(composeStrings);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [key, ...composeStrings(item)]);
  }
  return [];
}

/** Names with an assignment line (`NAME=` or `# NAME=`) right under a comment explaining it. */
function undocumented(names: string[]): string[] {
  return names.filter((name) => {
    const index = envExample.findIndex((line) => new RegExp(`^(#\\s*)?${name}=`).test(line));
    if (index < 1) return true;
    const comment = envExample[index - 1];
    return !/^#\s*\S/.test(comment) || /^#\s*[A-Z][A-Z0-9_]*=/.test(comment);
  });
}

describe('.env.example', () => {
  it('documents every variable src/config/config.ts reads', () => {
    const names = configVariables(read('src/config/config.ts'));
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(names).toEqual(
      expect.arrayContaining(['NODE_ENV', 'DATABASE_URL', 'JWT_ACCESS_SECRET', 'SMTP_URL']),
    );
    expect(undocumented(names)).toEqual([]);
  });

  it('documents the variables of the dev tooling', () => {
    const source = read('src/dev/local-services.ts');
    const names = [
      ...new Set([...source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)].map((m) => m[1])),
    ];
    expect(names).toEqual(
      expect.arrayContaining(['RTW_LOCAL_POSTGRES_URL', 'RTW_LOCAL_REDIS_URL', 'RTW_DATA_DIR']),
    );
    expect(undocumented(names)).toEqual([]);
  });

  it('documents every variable docker-compose.yml takes from the environment', () => {
    const names = [
      ...new Set(
        composeStrings(compose).flatMap((s) => [...s.matchAll(/\$\{(\w+)/g)].map((m) => m[1])),
      ),
    ];
    expect(names).toEqual(expect.arrayContaining(['POSTGRES_PASSWORD', 'JWT_ACCESS_SECRET']));
    expect(undocumented(names)).toEqual([]);
  });

  it('holds no secret value', () => {
    const secrets = [
      'JWT_ACCESS_SECRET',
      'JWT_REFRESH_SECRET',
      'DATA_ENCRYPTION_KEY',
      'POSTGRES_PASSWORD',
      'APP_DB_PASSWORD',
      'SMTP_URL',
    ];
    const set = envExample.filter((line) =>
      secrets.some((name) => new RegExp(`^\\s*${name}=\\S`).test(line)),
    );
    expect(set).toEqual([]);
  });
});
