import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './common/audit/audit.module.js';
import { AuthModule } from './common/auth/auth.module.js';
import { HealthModule } from './common/health/health.module.js';
import type { AppLogger } from './common/logging/logger.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { MetricsModule } from './common/metrics/metrics.module.js';
import { QueueModule } from './common/queue/queue.module.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';

/** What both processes need: configuration, logging, database, queues, health and metrics. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        DatabaseModule,
        QueueModule.forRoot(config),
        MetricsModule,
        HealthModule,
        AuditModule,
        AuthModule,
      ],
    };
  }
}
