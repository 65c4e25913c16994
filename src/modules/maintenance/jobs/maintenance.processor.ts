import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { runWithContext } from '../../../common/request-context/request-context.js';
import { type JobEnvelope, JobName, QueueName } from '../../../common/queue/queue-names.js';
import { QueueHeartbeatService } from '../queue-heartbeat.service.js';

@Processor(QueueName.Maintenance)
export class MaintenanceProcessor {
  constructor(private readonly heartbeats: QueueHeartbeatService) {}

  @Process(JobName.QueueHeartbeat)
  async heartbeat(job: Job<JobEnvelope<JobName.QueueHeartbeat>>): Promise<void> {
    const { correlationId, payload } = job.data;
    await runWithContext({ correlationId }, () =>
      this.heartbeats.recordBeat(payload.queue, new Date(payload.beatAt)),
    );
  }
}
