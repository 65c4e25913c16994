import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { AppLogger } from '../../common/logging/logger.js';
import { APP_LOGGER } from '../../common/logging/logging.module.js';
import { HEARTBEAT_INTERVAL_MS, QueueHeartbeatService } from './queue-heartbeat.service.js';

/** Runs in the worker only: enqueues the heartbeats on a timer. */
@Injectable()
export class QueueHeartbeatSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly heartbeats: QueueHeartbeatService,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    const tick = (): void => {
      this.heartbeats.enqueueBeats().catch((error: unknown) => {
        this.logger.warn(
          { sweep: 'queue_heartbeat', error: (error as Error).name },
          'heartbeat not enqueued',
        );
      });
    };
    tick();
    this.timer = setInterval(tick, HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
