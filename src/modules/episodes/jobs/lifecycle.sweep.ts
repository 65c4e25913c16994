import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppLogger } from '../../../common/logging/logger.js';
import { APP_LOGGER } from '../../../common/logging/logging.module.js';
import { PeriodicSweep } from '../../../common/scheduling/periodic-sweep.js';
import type { AppConfig } from '../../../config/config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { AbsenceClockService } from '../absence-clock.service.js';
import { followTheWork } from '../episode-history.store.js';

/**
 * Runs in the worker: as days pass, steps of the work-status timeline recorded ahead take effect on
 * the absence clock (and so on the deadlines), and the lifecycle follows the work. An active episode whose
 * employee has held full duty long enough moves to monitoring on the day it has, without anyone
 * recording anything that day. One statement over every open episode, so a missed round is made
 * up by the next.
 */
@Injectable()
export class LifecycleSweep extends PeriodicSweep {
  protected readonly sweepName = 'episode_lifecycle';
  protected readonly intervalMs: number;
  protected override readonly runAtStart = true;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: AbsenceClockService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    super(logger);
    this.intervalMs = config.jobs.reminderSweepMs;
  }

  protected async sweep(): Promise<number> {
    const clocks = await this.clock.followStepsTakingEffect();
    return clocks + (await followTheWork(this.dataSource.manager, null));
  }
}
