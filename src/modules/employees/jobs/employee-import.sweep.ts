import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { AppLogger } from '../../../common/logging/logger.js';
import { APP_LOGGER } from '../../../common/logging/logging.module.js';
import { EmployeeImportService, IMPORT_STALL_MS } from '../employee-import.service.js';

/**
 * Runs in the worker: PostgreSQL says which imports are unfinished, Redis only carries the work.
 * An import whose job was lost (Redis down at upload, restarted empty, job failed for good) is
 * handed to the queue again.
 */
@Injectable()
export class EmployeeImportSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly imports: EmployeeImportService,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.imports.enqueueStalled().catch((error: unknown) => {
        this.logger.warn(
          { sweep: 'employee_import', error: (error as Error).name },
          'stalled imports not re-enqueued',
        );
      });
    }, IMPORT_STALL_MS / 2);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
