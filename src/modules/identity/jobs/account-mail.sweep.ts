import { Inject, Injectable } from '@nestjs/common';
import type { AppLogger } from '../../../common/logging/logger.js';
import { APP_LOGGER } from '../../../common/logging/logging.module.js';
import { PeriodicSweep } from '../../../common/scheduling/periodic-sweep.js';
import type { AppConfig } from '../../../config/config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { AccountLinksService } from '../account-links.service.js';

/** Runs in the worker: hands again to the queue every link e-mail still owed after its job's time. */
@Injectable()
export class AccountMailSweep extends PeriodicSweep {
  protected readonly sweepName = 'account_mail';
  protected readonly intervalMs: number;
  protected override readonly runAtStart = true;

  constructor(
    private readonly links: AccountLinksService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    super(logger);
    this.intervalMs = config.jobs.reminderSweepMs;
  }

  protected sweep(): Promise<number> {
    return this.links.enqueueOverdue();
  }
}
