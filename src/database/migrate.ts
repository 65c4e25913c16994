import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

async function withDataSource<T>(
  databaseUrl: string,
  fn: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(
    dataSourceOptions(databaseUrl, { applicationName: 'rtw-migrate', poolSize: 2 }),
  );
  await dataSource.initialize();
  try {
    return await fn(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Applies pending migrations; returns the names applied. */
export function runMigrations(databaseUrl: string): Promise<string[]> {
  return withDataSource(databaseUrl, async (dataSource) =>
    (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name),
  );
}

/**
 * The SQL TypeORM would generate to make the schema match the entities; empty when entities and
 * migrations agree. The equivalent of `typeorm migration:generate --check`.
 */
export function schemaDrift(databaseUrl: string): Promise<string[]> {
  return withDataSource(databaseUrl, async (dataSource) => {
    const log = await dataSource.driver.createSchemaBuilder().log();
    return log.upQueries.map((query) => query.query);
  });
}

/** Reverts every applied migration, newest first; returns how many were reverted. */
export function revertAllMigrations(databaseUrl: string): Promise<number> {
  return withDataSource(databaseUrl, async (dataSource) => {
    const [{ count }] = await dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM schema_migration`,
    );
    for (let i = 0; i < Number(count); i++)
      await dataSource.undoLastMigration({ transaction: 'each' });
    return Number(count);
  });
}
