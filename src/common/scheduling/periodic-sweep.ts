import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppLogger } from '../logging/logger.js';
import { redisRecoveries } from '../queue/redis-client.js';

/** The second round after a recovery runs this much after the requeue time, to be past it. */
export const RECOVERY_MARGIN_MS = 1_000;
/** Recoveries reported within this time of each other are one. */
const RECOVERY_DEBOUNCE_MS = 5_000;

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
  /**
   * For sweeps that hand owed work to Redis: when Redis answers again after a loss, a round runs
   * at once and another this long after (when what was handed over just before the loss becomes
   * due for a new hand-over), instead of waiting for the next ticks. Undefined: no such rounds.
   */
  protected readonly againAfterRedisRecoveryMs: number | undefined = undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly recoveryTimers = new Set<NodeJS.Timeout>();
  private lastRecovery = 0;
  private readonly onRecovery = (): void => {
    // Several connections report one recovery: the first starts the rounds.
    if (Date.now() - this.lastRecovery < RECOVERY_DEBOUNCE_MS) return;
    this.lastRecovery = Date.now();
    this.tick();
    const again = setTimeout(() => {
      this.recoveryTimers.delete(again);
      this.tick();
    }, this.againAfterRedisRecoveryMs);
    again.unref();
    this.recoveryTimers.add(again);
  };
  /** A round still running when the timer fires again is not overlapped by a second one. */
  private running = false;

  protected constructor(protected readonly logger: AppLogger) {}

  /** One round of the sweep. */
  protected abstract sweep(): Promise<unknown>;

  private tick(): void {
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
  }

  onApplicationBootstrap(): void {
    if (this.runAtStart) this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
    if (this.againAfterRedisRecoveryMs !== undefined)
      redisRecoveries.on('recovered', this.onRecovery);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    redisRecoveries.off('recovered', this.onRecovery);
    for (const timer of this.recoveryTimers) clearTimeout(timer);
    this.recoveryTimers.clear();
  }
}
