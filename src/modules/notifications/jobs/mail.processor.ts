import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { type JobEnvelope, JobName, QueueName } from '../../../common/queue/queue-names.js';
import { runWithContext } from '../../../common/request-context/request-context.js';
import { QueueHeartbeatService } from '../../maintenance/queue-heartbeat.service.js';
import { MailDeliveryService } from '../mail-delivery.service.js';

/** The mail queue: a few e-mails per job, each sent once; a few jobs at a time. */
@Processor(QueueName.Mail)
export class MailProcessor {
  constructor(
    private readonly mail: MailDeliveryService,
    private readonly heartbeats: QueueHeartbeatService,
  ) {}

  @Process({ name: JobName.SendEmail, concurrency: 4 })
  async send(job: Job<JobEnvelope<JobName.SendEmail>>): Promise<void> {
    const { correlationId, payload } = job.data;
    await runWithContext({ correlationId }, async () => {
      for (const id of payload.notificationIds) await this.mail.send(id);
    });
  }

  @Process(JobName.QueueHeartbeat)
  async heartbeat(job: Job<JobEnvelope<JobName.QueueHeartbeat>>): Promise<void> {
    const { correlationId, payload } = job.data;
    await runWithContext({ correlationId }, () =>
      this.heartbeats.recordBeat(payload.queue, new Date(payload.beatAt)),
    );
  }
}
