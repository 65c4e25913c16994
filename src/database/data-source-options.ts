import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';

/**
 * The one definition of the platform's database connection, shared by the API, the worker, the
 * TypeORM CLI, the demo and the tests. Schema changes happen through migrations only.
 */
export function dataSourceOptions(
  databaseUrl: string,
  options: { poolSize?: number; applicationName?: string } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: options.applicationName ?? 'rtw',
    extra: {
      max: options.poolSize ?? 10,
      // Fail fast when the database is unreachable: a request answers 503 instead of hanging.
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
      // PostgreSQL looks every second whether the client of a running statement is still there,
      // and ends the statement (rolling its transaction back) when it is not: the work of a
      // request whose connection was cut does not run on to its statement timeout.
      options: '-c client_connection_check_interval=1000',
    },
  };
}
