/**
 * The baseline of the reminder benchmark: a process that takes `noop` jobs from a bull queue on the
 * benchmark's Redis and does nothing with them, at the concurrency the reminder processor uses.
 * Started by the benchmark: `node dist/bench/noop-worker.js` with REDIS_URL, BULL_PREFIX and
 * NOOP_CONCURRENCY.
 */
import Queue from 'bull';

const queue = new Queue('bench-noop', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  prefix: process.env.BULL_PREFIX,
});
void queue.process('noop', Number(process.env.NOOP_CONCURRENCY ?? 4), async () => undefined);
process.on('SIGTERM', () => {
  void queue.close().then(() => process.exit(0));
});
