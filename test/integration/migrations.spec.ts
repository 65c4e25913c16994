import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { EmployerRegion1795661000000 } from '../../migrations/1795661000000-EmployerRegion.js';
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

  it('keeps the employers made before regions were recorded, and asks every new one for its region', async () => {
    // Back to just before the employer region, where employers without one could be made.
    const after = MIGRATIONS.length - MIGRATIONS.indexOf(EmployerRegion1795661000000);
    const dataSource = new DataSource(dataSourceOptions(url, { poolSize: 1 }));
    await dataSource.initialize();
    try {
      for (let i = 0; i < after; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      const [{ id: legacy }] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO organisation (kind, name, nace_section, nace_code, nace_version, version)
         VALUES ('employer', 'Made before regions', 'P', '85.31', 'NACE_REV2', 1) RETURNING id`,
      );
      expect(await runMigrations(url)).toHaveLength(after);
      const [kept] = await dataSource.query<{ name: string; region: string | null }[]>(
        `SELECT name, region FROM organisation WHERE id = $1`,
        [legacy],
      );
      expect(kept).toEqual({ name: 'Made before regions', region: null });
      const refusal = (statement: string, params: unknown[] = []) =>
        dataSource.query(statement, params).then(
          () => 'accepted',
          (error: { constraint?: string }) => error.constraint,
        );
      expect(
        await refusal(
          `INSERT INTO organisation (kind, name, nace_section, nace_code, nace_version, version)
           VALUES ('employer', 'New without region', 'P', '85.31', 'NACE_REV2', 1)`,
        ),
      ).toBe('CHK_organisation_employer_region');
      expect(
        await refusal(`UPDATE organisation SET name = 'Renamed' WHERE id = $1`, [legacy]),
      ).toBe('CHK_organisation_employer_region');
      expect(await refusal(`UPDATE organisation SET region = 'BE2' WHERE id = $1`, [legacy])).toBe(
        'accepted',
      );
      expect(
        await refusal(
          `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Practice', 1)`,
        ),
      ).toBe('accepted');
    } finally {
      await dataSource.destroy();
    }
    expect(await schemaDrift(url)).toEqual([]);
  });
});
