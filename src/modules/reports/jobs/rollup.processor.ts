import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { type JobEnvelope, JobName, QueueName } from '../../../common/queue/queue-names.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { markOutboxDone, outboxEventOf } from '../../../common/outbox/outbox-done.js';
import { runWithContext } from '../../../common/request-context/request-context.js';
import { ComplaintTrendsService } from '../complaint-trends.service.js';

/** Report rollup refreshes, on the maintenance queue. */
@Processor(QueueName.Maintenance)
export class RollupProcessor {
  constructor(
    private readonly trends: ComplaintTrendsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Process(JobName.RollupRefresh)
  async refresh(job: Job<JobEnvelope<JobName.RollupRefresh>>): Promise<void> {
    const { correlationId, payload } = job.data;
    await runWithContext({ correlationId }, () =>
      // Enqueued after the change committed: a refresh computed since then already holds it.
      this.trends.refreshMonth(payload.month, new Date(job.timestamp)),
    );
    // The refresh is committed (or a later one holds the change): the outbox event is done. A
    // worker that dies in between leaves it to be handed over again, and refreshing twice is safe.
    await markOutboxDone(this.dataSource, outboxEventOf(job));
  }
}
