import {
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppLogger } from '../common/logging/logger.js';
import { APP_LOGGER } from '../common/logging/logging.module.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { dataSourceOptions } from './data-source-options.js';
import { DatabaseWatchdog, type WatchedPool } from './database-watchdog.js';

/** Time between two probes of the watchdog. */
const PROBE_INTERVAL_MS = 1000;

/** Runs the process' database watchdog (see DatabaseWatchdog) for as long as the application. */
@Injectable()
export class DatabaseWatchdogHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly watchdog: DatabaseWatchdog | undefined;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    const pool = (dataSource.driver as unknown as { master?: WatchedPool }).master;
    if (!pool || config.databaseStallMs === 0) return;
    this.watchdog = new DatabaseWatchdog(pool, {
      databaseUrl: config.databaseUrl,
      stallMs: config.databaseStallMs,
      intervalMs: PROBE_INTERVAL_MS,
      onStall: ({ connectionsCut }) =>
        logger.error(
          { event: 'database.stalled', connectionsCut, stallMs: config.databaseStallMs },
          'PostgreSQL is not answering: its connections were cut, requests get 503',
        ),
      onRecovery: ({ stalledMs }) =>
        logger.warn({ event: 'database.answering', stalledMs }, 'PostgreSQL is answering again'),
    });
  }

  onApplicationBootstrap(): void {
    this.watchdog?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.watchdog?.stop();
  }
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.databaseUrl, { poolSize: config.databasePoolSize }),
        // Start-up waits a little for a database that is still coming up, then gives up clearly.
        retryAttempts: 5,
        retryDelay: 2000,
      }),
    }),
  ],
  providers: [DatabaseWatchdogHost],
  exports: [DatabaseWatchdogHost],
})
export class DatabaseModule {}
