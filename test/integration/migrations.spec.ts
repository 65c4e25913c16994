import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { MIGRATIONS } from '../../migrations/index.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { revertAllMigrations, runMigrations, schemaDrift } from '../../src/database/migrate.js';
import {
  databaseName,
  dropTestDatabase,
  ensureDatabase,
  withDatabase,
} from '../../src/dev/local-services.js';

const adminUrl = process.env.RTW_TEST_ADMIN_DATABASE_URL as string;

async function publicTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    return rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  const database = `${databaseName(process.env.DATABASE_URL as string)}_mig`;
  const url = withDatabase(adminUrl, database);

  beforeAll(async () => {
    await ensureDatabase(adminUrl, database);
  });
  afterAll(async () => {
    await dropTestDatabase(adminUrl, database);
  });

  it('lists every migration file, in timestamp order', () => {
    const files = readdirSync('migrations')
      .filter((file) => /^\d{13}-.+\.ts$/.test(file))
      .sort();
    const classNames = MIGRATIONS.map((migration) => migration.name);
    expect(files.length).toBeGreaterThan(0);
    expect(classNames).toHaveLength(files.length);
    files.forEach((file, index) => expect(classNames[index]).toContain(file.slice(0, 13)));
  });

  it('never synchronizes the schema', () => {
    const options = dataSourceOptions('postgres://x@localhost/y_test');
    expect(options.synchronize).toBe(false);
    expect(options.migrationsRun).toBe(false);
  });

  it('builds the schema the entities describe, reverts it completely, and applies again', async () => {
    const applied = await runMigrations(url);
    expect(applied).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(await schemaDrift(url)).toEqual([]);

    expect(await revertAllMigrations(url)).toBe(MIGRATIONS.length);
    expect(await publicTables(url)).toEqual(['schema_migration']);

    expect(await runMigrations(url)).toHaveLength(MIGRATIONS.length);
    expect(await runMigrations(url)).toEqual([]);
    expect(await schemaDrift(url)).toEqual([]);
  });
});
