import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppLogger } from '../logging/logger.js';

/**
 * Work the worker repeats on a timer (heartbeats, re-enqueueing what PostgreSQL says is due). A
 * failed round is logged with its error's name only and the next round tries again; the timer
 * never keeps the process alive and stops with the module.
 */
export abstract class PeriodicSweep implements OnApplicationBootstrap, OnModuleDestroy {
  /** Shown in the log line of a failed round. */
  protected abstract readonly sweepName: string;
  protected abstract readonly intervalMs: number;
  /** Whether the first round runs at start-up rather than one interval later. */
  protected readonly runAtStart: boolean = false;
  private timer: NodeJS.Timeout | undefined;
  /** A round still running when the timer fires again is not overlapped by a second one. */
  private running = false;

  protected constructor(protected readonly logger: AppLogger) {}

  /** One round of the sweep. */
  protected abstract sweep(): Promise<unknown>;

  onApplicationBootstrap(): void {
    const tick = (): void => {
      if (this.running) return;
      this.running = true;
      this.sweep()
        .catch((error: unknown) => {
          this.logger.warn(
            { sweep: this.sweepName, error: (error as Error).name },
            'sweep round failed',
          );
        })
        .finally(() => {
          this.running = false;
        });
    };
    if (this.runAtStart) tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
