import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppLogger } from '../logging/logger.js';
import { APP_LOGGER } from '../logging/logging.module.js';
import { PeriodicSweep } from '../scheduling/periodic-sweep.js';

/** Idempotency keys (and the answers they hold) are kept for a day. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** Runs in the worker: deletes idempotency keys older than a day. */
@Injectable()
export class IdempotencyPurgeSweep extends PeriodicSweep {
  protected readonly sweepName = 'idempotency_purge';
  protected readonly intervalMs = 15 * 60_000;
  protected override readonly runAtStart = true;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    super(logger);
  }

  protected sweep(): Promise<unknown> {
    return this.dataSource.query(
      `DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1)`,
      [IDEMPOTENCY_KEY_TTL_HOURS],
    );
  }
}
