import { Module } from '@nestjs/common';
import { MaintenanceProcessor } from './jobs/maintenance.processor.js';
import { MaintenanceModule } from './maintenance.module.js';
import { QueueHeartbeatSweep } from './queue-heartbeat.sweep.js';

/** The worker's part of maintenance: the heartbeat processor and its sweep. */
@Module({
  imports: [MaintenanceModule],
  providers: [MaintenanceProcessor, QueueHeartbeatSweep],
})
export class MaintenanceWorkerModule {}
