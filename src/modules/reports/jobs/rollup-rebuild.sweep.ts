import { Inject, Injectable } from '@nestjs/common';
import type { AppLogger } from '../../../common/logging/logger.js';
import { APP_LOGGER } from '../../../common/logging/logging.module.js';
import { PeriodicSweep } from '../../../common/scheduling/periodic-sweep.js';
import { ComplaintTrendsService } from '../complaint-trends.service.js';

/** Runs in the worker: the whole rollup rebuilt once a day (and when the worker starts). */
@Injectable()
export class RollupRebuildSweep extends PeriodicSweep {
  protected readonly sweepName = 'report_rollup_rebuild';
  protected readonly intervalMs = 24 * 3600_000;
  protected override readonly runAtStart = true;

  constructor(
    private readonly trends: ComplaintTrendsService,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    super(logger);
  }

  protected sweep(): Promise<void> {
    return this.trends.rebuild();
  }
}
