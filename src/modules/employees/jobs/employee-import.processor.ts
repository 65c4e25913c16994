import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { runWithContext } from '../../../common/request-context/request-context.js';
import { type JobEnvelope, JobName, QueueName } from '../../../common/queue/queue-names.js';
import { QueueHeartbeatService } from '../../maintenance/queue-heartbeat.service.js';
import { EmployeeImportService } from '../employee-import.service.js';

/** The imports queue: CSV enrolments, one at a time per worker (they are heavy). */
@Processor(QueueName.Imports)
export class EmployeeImportProcessor {
  constructor(
    private readonly imports: EmployeeImportService,
    private readonly heartbeats: QueueHeartbeatService,
  ) {}

  @Process(JobName.EmployeeImport)
  async import(job: Job<JobEnvelope<JobName.EmployeeImport>>): Promise<void> {
    const { correlationId, payload } = job.data;
    await runWithContext({ correlationId }, () => this.imports.process(payload.importId));
  }

  @Process(JobName.QueueHeartbeat)
  async heartbeat(job: Job<JobEnvelope<JobName.QueueHeartbeat>>): Promise<void> {
    const { correlationId, payload } = job.data;
    await runWithContext({ correlationId }, () =>
      this.heartbeats.recordBeat(payload.queue, new Date(payload.beatAt)),
    );
  }
}
