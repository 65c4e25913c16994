import { Module } from '@nestjs/common';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { MailProcessor } from './jobs/mail.processor.js';
import { MailSweep } from './jobs/mail.sweep.js';
import { NotificationsModule } from './notifications.module.js';

/** The worker's part of notifications: e-mail copies, sent by jobs and swept for stragglers. */
@Module({
  imports: [NotificationsModule, MaintenanceModule],
  providers: [MailProcessor, MailSweep],
})
export class NotificationsWorkerModule {}
