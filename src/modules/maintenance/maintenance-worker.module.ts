import { Module } from '@nestjs/common';
import { IdempotencyPurgeSweep } from '../../common/idempotency/idempotency-purge.sweep.js';
import { MaintenanceProcessor } from './jobs/maintenance.processor.js';
import { MaintenanceModule } from './maintenance.module.js';
import { QueueHeartbeatSweep } from './queue-heartbeat.sweep.js';
import { RedisMemoryWatch } from './redis-memory.watch.js';

/**
 * The worker's part of maintenance: the heartbeat processor and its sweep, the key purge, the
 * watch on Redis' memory.
 */
@Module({
  imports: [MaintenanceModule],
  providers: [MaintenanceProcessor, QueueHeartbeatSweep, IdempotencyPurgeSweep, RedisMemoryWatch],
})
export class MaintenanceWorkerModule {}
