import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { type JobEnvelope, JobName, QueueName } from '../../../common/queue/queue-names.js';
import { outboxEventOf } from '../../../common/outbox/outbox-done.js';
import { runWithContext } from '../../../common/request-context/request-context.js';
import { QueueHeartbeatService } from '../../maintenance/queue-heartbeat.service.js';
import { CheckpointRemindersService, type DeliveryCount } from '../checkpoint-reminders.service.js';

/** The checkpoints queue: announcements of planned checkpoints and reminders that fell due. */
@Processor(QueueName.Checkpoints)
export class CheckpointProcessor {
  constructor(
    private readonly reminders: CheckpointRemindersService,
    private readonly heartbeats: QueueHeartbeatService,
  ) {}

  @Process({ name: JobName.CheckpointScheduled, concurrency: 4 })
  async scheduled(job: Job<JobEnvelope<JobName.CheckpointScheduled>>): Promise<void> {
    const { correlationId, payload } = job.data;
    await runWithContext({ correlationId }, () =>
      this.reminders.announce(payload.checkpointId, outboxEventOf(job)),
    );
  }

  @Process({ name: JobName.CheckpointReminder, concurrency: 4 })
  async reminder(job: Job<JobEnvelope<JobName.CheckpointReminder>>): Promise<DeliveryCount> {
    const { correlationId, payload } = job.data;
    return runWithContext({ correlationId }, () => this.reminders.deliver(payload.reminderIds));
  }

  @Process(JobName.QueueHeartbeat)
  async heartbeat(job: Job<JobEnvelope<JobName.QueueHeartbeat>>): Promise<void> {
    const { correlationId, payload } = job.data;
    await runWithContext({ correlationId }, () =>
      this.heartbeats.recordBeat(payload.queue, new Date(payload.beatAt)),
    );
  }
}
