import { Module } from '@nestjs/common';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { EmployeeImportService } from './employee-import.service.js';
import { EmployeeImportProcessor } from './jobs/employee-import.processor.js';
import { EmployeeImportSweep } from './jobs/employee-import.sweep.js';

/** The worker's part of employees: the CSV import processor and its sweep. */
@Module({
  imports: [NotificationsModule, MaintenanceModule],
  providers: [EmployeeImportService, EmployeeImportProcessor, EmployeeImportSweep],
})
export class EmployeesWorkerModule {}
