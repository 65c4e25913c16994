import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { EmployeeImportService } from './employee-import.service.js';
import { EmployeeImportsController } from './employee-imports.controller.js';
import { EmployeesController } from './employees.controller.js';
import { EmployeesService } from './employees.service.js';

@Module({
  imports: [NotificationsModule],
  controllers: [EmployeesController, EmployeeImportsController],
  providers: [EmployeesService, EmployeeImportService],
  exports: [EmployeesService, EmployeeImportService],
})
export class EmployeesModule {}
