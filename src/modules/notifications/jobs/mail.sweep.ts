import { Inject, Injectable } from '@nestjs/common';
import type { AppLogger } from '../../../common/logging/logger.js';
import { APP_LOGGER } from '../../../common/logging/logging.module.js';
import { PeriodicSweep } from '../../../common/scheduling/periodic-sweep.js';
import type { AppConfig } from '../../../config/config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { MailDeliveryService } from '../mail-delivery.service.js';

/** Runs in the worker: hands again to the queue every e-mail still owed after its job's time. */
@Injectable()
export class MailSweep extends PeriodicSweep {
  protected readonly sweepName = 'mail';
  protected readonly intervalMs: number;
  protected override readonly runAtStart = true;

  constructor(
    private readonly mail: MailDeliveryService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    super(logger);
    this.intervalMs = config.jobs.reminderSweepMs;
  }

  protected sweep(): Promise<number> {
    return this.mail.enqueueOverdue();
  }
}
