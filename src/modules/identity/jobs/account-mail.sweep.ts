import { Inject, Injectable } from '@nestjs/common';
import type { AppLogger } from '../../../common/logging/logger.js';
import { APP_LOGGER } from '../../../common/logging/logging.module.js';
import { PeriodicSweep, RECOVERY_MARGIN_MS } from '../../../common/scheduling/periodic-sweep.js';
import type { AppConfig } from '../../../config/config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { AccountLinksService } from '../account-links.service.js';

/** Runs in the worker: hands again to the queue every link e-mail still owed after its job's time. */
@Injectable()
export class AccountMailSweep extends PeriodicSweep {
  protected readonly sweepName = 'account_mail';
  protected readonly intervalMs: number;
  protected override readonly runAtStart = true;
  protected override readonly againAfterRedisRecoveryMs: number;

  constructor(
    private readonly links: AccountLinksService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    super(logger);
    this.intervalMs = config.jobs.reminderSweepMs;
    // What was handed over just before Redis was lost is due again after the requeue time.
    this.againAfterRedisRecoveryMs = config.jobs.requeueAfterMs + RECOVERY_MARGIN_MS;
  }

  protected sweep(): Promise<number> {
    return this.links.enqueueOverdue();
  }
}
