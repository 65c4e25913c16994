/**
 * Queues and jobs of the platform. Payloads hold ids, dates and versions only: never names,
 * free text or anything clinical, because Redis and the queue dashboard are not clinical stores.
 */
export enum QueueName {
  Maintenance = 'maintenance',
  Imports = 'imports',
  Checkpoints = 'checkpoints',
  Mail = 'mail',
}

export enum JobName {
  QueueHeartbeat = 'queue-heartbeat',
  EmployeeImport = 'employee-import',
  CheckpointScheduled = 'checkpoint-scheduled',
  CheckpointReminder = 'checkpoint-reminder',
  SendEmail = 'send-email',
  SendAccountMail = 'send-account-mail',
  RollupRefresh = 'rollup-refresh',
}

export interface JobPayloads {
  [JobName.QueueHeartbeat]: { queue: QueueName; beatAt: string };
  /** The import row holds the file; the payload only points at it. */
  [JobName.EmployeeImport]: { importId: string };
  /** A checkpoint was planned: its participants are told (relayed from the outbox). */
  [JobName.CheckpointScheduled]: { checkpointId: string };
  /** Reminder rows that fell due; each row says which checkpoint, kind and date. */
  [JobName.CheckpointReminder]: { reminderIds: string[] };
  /** The e-mail copies of notifications, each sent on its own. */
  [JobName.SendEmail]: { notificationIds: string[] };
  /**
   * An invitation or password-reset link to e-mail. The link's secret stays sealed in its row
   * and never travels: the payload only names the row.
   */
  [JobName.SendAccountMail]: { tokenId: string };
  /** A month of the report rollup to compute again (YYYY-MM-01). */
  [JobName.RollupRefresh]: { month: string };
}

export const QUEUE_OF_JOB: { readonly [N in JobName]: QueueName } = {
  [JobName.QueueHeartbeat]: QueueName.Maintenance,
  [JobName.EmployeeImport]: QueueName.Imports,
  [JobName.CheckpointScheduled]: QueueName.Checkpoints,
  [JobName.CheckpointReminder]: QueueName.Checkpoints,
  [JobName.SendEmail]: QueueName.Mail,
  [JobName.SendAccountMail]: QueueName.Mail,
  [JobName.RollupRefresh]: QueueName.Maintenance,
};

/** What travels in Redis: the typed payload plus the correlation id of the request that caused it. */
export interface JobEnvelope<N extends JobName = JobName> {
  correlationId: string;
  payload: JobPayloads[N];
}
