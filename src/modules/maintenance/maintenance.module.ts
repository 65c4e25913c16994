import { Module } from '@nestjs/common';
import { QueueHeartbeatService } from './queue-heartbeat.service.js';

/** Queue heartbeat: the service both processes share. */
@Module({
  providers: [QueueHeartbeatService],
  exports: [QueueHeartbeatService],
})
export class MaintenanceModule {}
