import { Module } from '@nestjs/common';
import { OutboxRelaySweep } from '../../common/outbox/outbox-relay.sweep.js';
import { MaintenanceModule } from '../maintenance/maintenance.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CheckpointRemindersService } from './checkpoint-reminders.service.js';
import { CheckpointProcessor } from './jobs/checkpoint.processor.js';
import { ReminderSweep } from './jobs/reminder.sweep.js';

/** The worker's part of checkpoints: the outbox relay, the reminder sweep and the job handlers. */
@Module({
  imports: [NotificationsModule, MaintenanceModule],
  providers: [CheckpointRemindersService, CheckpointProcessor, ReminderSweep, OutboxRelaySweep],
})
export class CheckpointsWorkerModule {}
