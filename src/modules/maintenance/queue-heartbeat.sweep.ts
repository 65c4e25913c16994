import { Inject, Injectable } from '@nestjs/common';
import type { AppLogger } from '../../common/logging/logger.js';
import { APP_LOGGER } from '../../common/logging/logging.module.js';
import { PeriodicSweep } from '../../common/scheduling/periodic-sweep.js';
import { HEARTBEAT_INTERVAL_MS, QueueHeartbeatService } from './queue-heartbeat.service.js';

/** Runs in the worker only: enqueues the heartbeats on a timer, the first at start-up. */
@Injectable()
export class QueueHeartbeatSweep extends PeriodicSweep {
  protected readonly sweepName = 'queue_heartbeat';
  protected readonly intervalMs = HEARTBEAT_INTERVAL_MS;
  protected override readonly runAtStart = true;

  constructor(
    private readonly heartbeats: QueueHeartbeatService,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    super(logger);
  }

  protected sweep(): Promise<void> {
    return this.heartbeats.enqueueBeats();
  }
}
