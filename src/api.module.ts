import { type DynamicModule, Module } from '@nestjs/common';
import type { AppLogger } from './common/logging/logger.js';
import type { AppConfig } from './config/config.js';
import { IdempotencyModule } from './common/idempotency/idempotency.module.js';
import { RequestLimitsModule } from './common/request-limits/request-limits.module.js';
import { CoreModule } from './core.module.js';
import { EmployeesModule } from './modules/employees/employees.module.js';
import { EpisodesModule } from './modules/episodes/episodes.module.js';
import { PlansModule } from './modules/plans/plans.module.js';
import { IdentityModule } from './modules/identity/identity.module.js';
import { OrganisationsModule } from './modules/organisations/organisations.module.js';
import { MaintenanceModule } from './modules/maintenance/maintenance.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { CheckpointsModule } from './modules/checkpoints/checkpoints.module.js';
import { NotificationsApiModule } from './modules/notifications/notifications-api.module.js';

/** The API process: HTTP controllers of every feature. It adds jobs but never processes them. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config, logger),
        // Before IdempotencyModule: global interceptors run in the order their modules are listed.
        RequestLimitsModule,
        IdempotencyModule,
        MaintenanceModule,
        IdentityModule,
        OrganisationsModule,
        EmployeesModule,
        EpisodesModule,
        PlansModule,
        NotificationsApiModule,
        CheckpointsModule,
        ReportsModule,
      ],
    };
  }
}
