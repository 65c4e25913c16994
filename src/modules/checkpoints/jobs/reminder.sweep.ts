import { Inject, Injectable } from '@nestjs/common';
import type { AppLogger } from '../../../common/logging/logger.js';
import { APP_LOGGER } from '../../../common/logging/logging.module.js';
import { PeriodicSweep, RECOVERY_MARGIN_MS } from '../../../common/scheduling/periodic-sweep.js';
import type { AppConfig } from '../../../config/config.js';
import { APP_CONFIG } from '../../../config/config.module.js';
import { CheckpointRemindersService } from '../checkpoint-reminders.service.js';

/** Runs in the worker: finds in PostgreSQL what fell due and hands it to the queue. */
@Injectable()
export class ReminderSweep extends PeriodicSweep {
  protected readonly sweepName = 'checkpoint_reminders';
  protected readonly intervalMs: number;
  protected override readonly runAtStart = true;
  protected override readonly againAfterRedisRecoveryMs: number;

  constructor(
    private readonly reminders: CheckpointRemindersService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    super(logger);
    this.intervalMs = config.jobs.reminderSweepMs;
    // What was handed over just before Redis was lost is due again after the requeue time.
    this.againAfterRedisRecoveryMs = config.jobs.requeueAfterMs + RECOVERY_MARGIN_MS;
  }

  protected sweep(): Promise<unknown> {
    return this.reminders.sweep();
  }
}
