import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { type JobEnvelope, JobName, QueueName } from '../../../common/queue/queue-names.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { markOutboxDone, outboxEventOf } from '../../../common/outbox/outbox-done.js';
import { runWithContext } from '../../../common/request-context/request-context.js';
import { AccountLinksService } from '../account-links.service.js';

/** The mail queue's invitation and password-reset e-mails: each link sent once. */
@Processor(QueueName.Mail)
export class AccountMailProcessor {
  constructor(
    private readonly links: AccountLinksService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Process({ name: JobName.SendAccountMail, concurrency: 2 })
  async send(job: Job<JobEnvelope<JobName.SendAccountMail>>): Promise<void> {
    const { correlationId, payload } = job.data;
    await runWithContext({ correlationId }, () => this.links.send(payload.tokenId));
    // Sent once (the link's own state says so): the outbox event is done. Should the worker die
    // first, the event is handed over again and the link, already sent, is not sent twice.
    await markOutboxDone(this.dataSource, outboxEventOf(job));
  }
}
