import { Inject, Injectable } from '@nestjs/common';
import type { AppLogger } from '../../../common/logging/logger.js';
import { APP_LOGGER } from '../../../common/logging/logging.module.js';
import { PeriodicSweep } from '../../../common/scheduling/periodic-sweep.js';
import { EmployeeImportService, IMPORT_STALL_MS } from '../employee-import.service.js';

/**
 * Runs in the worker: PostgreSQL says which imports are unfinished, Redis only carries the work.
 * An import whose job was lost (Redis down at upload, restarted empty, job failed for good) is
 * handed to the queue again.
 */
@Injectable()
export class EmployeeImportSweep extends PeriodicSweep {
  protected readonly sweepName = 'employee_import';
  protected readonly intervalMs = IMPORT_STALL_MS / 2;

  constructor(
    private readonly imports: EmployeeImportService,
    @Inject(APP_LOGGER) logger: AppLogger,
  ) {
    super(logger);
  }

  protected sweep(): Promise<number> {
    return this.imports.enqueueStalled();
  }
}
