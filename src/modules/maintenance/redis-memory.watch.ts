import { Inject, Injectable } from '@nestjs/common';
import type { AppLogger } from '../../common/logging/logger.js';
import { APP_LOGGER } from '../../common/logging/logging.module.js';
import { JobEnqueueService } from '../../common/queue/job-enqueue.service.js';
import { QueueName } from '../../common/queue/queue-names.js';
import { redisAnswer, redisRecoveries } from '../../common/queue/redis-client.js';
import { PeriodicSweep } from '../../common/scheduling/periodic-sweep.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';

const WATCH_MS = 5_000;

/**
 * Notices a Redis that lost its data while the connection stayed up (a FLUSHALL, a failover to a
 * replica that had not caught up): a mark the worker keeps in Redis is gone. The sweeps then hand
 * the owed work over again as after a reconnect, instead of at their next ticks.
 */
@Injectable()
export class RedisMemoryWatch extends PeriodicSweep {
  protected readonly sweepName = 'redis_memory';
  protected readonly intervalMs = WATCH_MS;
  protected override readonly runAtStart = true;
  private readonly key: string;
  private marked = false;

  constructor(
    private readonly jobs: JobEnqueueService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    super(logger);
    this.key = `${config.bullPrefix}:memory-mark`;
  }

  protected async sweep(): Promise<void> {
    const redis = this.jobs.queue(QueueName.Maintenance).client;
    const placed = await redisAnswer(redis, () => redis.set(this.key, '1', 'NX'), 1_000);
    if (placed === 'OK' && this.marked) {
      this.logger.warn(
        { sweep: this.sweepName },
        'Redis lost its data: owed work handed over again',
      );
      redisRecoveries.emit('recovered');
    }
    this.marked = true;
  }
}
