import { type DynamicModule, Module } from '@nestjs/common';
import type { AppLogger } from './common/logging/logger.js';
import type { AppConfig } from './config/config.js';
import { CoreModule } from './core.module.js';
import { EmployeesWorkerModule } from './modules/employees/employees-worker.module.js';
import { CheckpointsWorkerModule } from './modules/checkpoints/checkpoints-worker.module.js';
import { EpisodesWorkerModule } from './modules/episodes/episodes-worker.module.js';
import { NotificationsWorkerModule } from './modules/notifications/notifications-worker.module.js';
import { ReportsWorkerModule } from './modules/reports/reports-worker.module.js';
import { MaintenanceWorkerModule } from './modules/maintenance/maintenance-worker.module.js';
import { IdentityWorkerModule } from './modules/identity/identity-worker.module.js';

/** The worker process: queue processors and sweeps; its HTTP serves health and metrics only. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, logger),
        MaintenanceWorkerModule,
        EmployeesWorkerModule,
        EpisodesWorkerModule,
        CheckpointsWorkerModule,
        NotificationsWorkerModule,
        IdentityWorkerModule,
        ReportsWorkerModule,
      ],
    };
  }
}
