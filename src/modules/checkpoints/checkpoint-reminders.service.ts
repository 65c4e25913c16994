import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { todayIn } from '../../common/dates/calendar.js';
import { markOutboxDone } from '../../common/outbox/outbox-done.js';
import { modifiedRows } from '../../database/modified-rows.js';
import { JobEnqueueService } from '../../common/queue/job-enqueue.service.js';
import { JobName } from '../../common/queue/queue-names.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { MailDeliveryService } from '../notifications/mail-delivery.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { EMAILED_KINDS, type NotificationKind } from '../notifications/notification-texts.js';
import { participantUsers, participantUsersSql } from './participants.js';
import type { Participant } from './timeline.js';

const ENQUEUE_BATCH = 5000;
/** Who hears that a checkpoint is overdue: the occupational doctor and the employer. */
const ESCALATE_TO: Participant[] = ['occupational_doctor', 'hr'];

export interface DeliveryCount {
  /** Reminders delivered by this call (notifications written). */
  delivered: number;
  /** Reminders whose checkpoint no longer waits for them: marked, nobody notified. */
  obsolete: number;
}

/** Reminders per job: the queue carries batches, the database does the work set by set. */
export const REMINDERS_PER_JOB = 100;

function emailState(kind: NotificationKind): 'pending' | 'none' {
  return EMAILED_KINDS.has(kind) ? 'pending' : 'none';
}

/**
 * Reminders before a checkpoint falls due and escalation once it is overdue. PostgreSQL decides
 * what is due (the sweep writes a reminder row per checkpoint, kind and date); Redis only carries
 * the work of delivering it; delivery is idempotent (a delivered row is not delivered again, and a
 * notification is unique per recipient, kind and subject).
 */
@Injectable()
export class CheckpointRemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobEnqueueService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailDeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One round: record the reminders that fell due by `today`, then queue every undelivered one. */
  async sweep(today: string = todayIn()): Promise<{ created: number; enqueued: number }> {
    const created = await this.dataSource.query<unknown[]>(
      `INSERT INTO checkpoint_reminder (checkpoint_id, kind, due_on)
       SELECT c.id, 'due_soon', c.due_on FROM checkpoint c
        WHERE c.status = 'planned' AND c.due_on >= $1::date AND c.due_on <= $1::date + $2::int
          AND NOT EXISTS (SELECT 1 FROM checkpoint_reminder r
                           WHERE r.checkpoint_id = c.id AND r.kind = 'due_soon' AND r.due_on = c.due_on)
       UNION ALL
       SELECT c.id, 'overdue', c.due_on FROM checkpoint c
        WHERE c.status = 'planned' AND c.kind = 'deadline' AND c.due_on < $1::date
          AND NOT EXISTS (SELECT 1 FROM checkpoint_reminder r
                           WHERE r.checkpoint_id = c.id AND r.kind = 'overdue' AND r.due_on = c.due_on)
       ON CONFLICT ON CONSTRAINT "UQ_checkpoint_reminder_checkpoint_kind_due" DO NOTHING
       RETURNING id`,
      [today, this.config.jobs.reminderDaysBefore],
    );
    let enqueued = 0;
    // Each hand-over is a new job: a failed job keeps its id in Redis for a week, and a batch
    // handed over again must not be taken for it.
    const handOver = Date.now().toString(36);
    for (;;) {
      // Marked before they go to the queue: a job never finds its reminders still locked by this
      // update, and should the hand-over fail they are handed over again after requeueAfterMs.
      const due = await modifiedRows<{ id: string }>(
        this.dataSource,
        `UPDATE checkpoint_reminder SET enqueued_at = now()
          WHERE id IN (SELECT id FROM checkpoint_reminder
                        WHERE delivered_at IS NULL
                          AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => $1))
                        ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING id`,
        [this.config.jobs.requeueAfterMs / 1000, ENQUEUE_BATCH],
      );
      if (!due.length) break;
      const batches = [];
      for (let i = 0; i < due.length; i += REMINDERS_PER_JOB) {
        const reminderIds = due.slice(i, i + REMINDERS_PER_JOB).map(({ id }) => id);
        batches.push({
          payload: { reminderIds },
          dedupeKey: `${reminderIds[0]}..${reminderIds.at(-1)}:${reminderIds.length}:${handOver}`,
        });
      }
      await this.jobs.enqueueMany(JobName.CheckpointReminder, batches);
      enqueued += due.length;
      if (due.length < ENQUEUE_BATCH) break;
    }
    return { created: created.length, enqueued };
  }

  /**
   * Delivers reminders to the people they are for, once, in one statement: the reminders not yet
   * delivered are locked in id order (a second job holding some of the same waits, then finds them
   * delivered and leaves them), a notification is written per recipient (unique per recipient,
   * kind and subject) and the reminders are marked delivered. A reminder whose checkpoint was completed, cancelled or
   * moved meanwhile is marked without a notification.
   */
  async deliver(reminderIds: readonly string[]): Promise<DeliveryCount> {
    const [result] = await this.dataSource.query<
      { emails: string[]; delivered: string; obsolete: string }[]
    >(
      `WITH due AS (
         SELECT r.id, r.kind, to_char(r.due_on, 'YYYY-MM-DD') AS due_on, c.id AS checkpoint_id,
                c.episode_id, c.status = 'planned' AND c.due_on = r.due_on AS still_due,
                CASE WHEN r.kind = 'overdue' THEN $2::text[] ELSE c.participants END AS audience
           FROM checkpoint_reminder r JOIN checkpoint c ON c.id = r.checkpoint_id
          WHERE r.id = ANY($1::uuid[]) AND r.delivered_at IS NULL
          ORDER BY r.id
          FOR UPDATE OF r
       ), inserted AS (
         INSERT INTO notification (recipient_user_id, kind, subject_key, episode_id, email_state)
         SELECT DISTINCT recipient.id,
                CASE d.kind WHEN 'overdue' THEN 'checkpoint_overdue' ELSE 'checkpoint_due_soon' END,
                'checkpoint:' || d.checkpoint_id || ':' || d.due_on, d.episode_id,
                CASE d.kind WHEN 'overdue' THEN $3 ELSE $4 END
           FROM due d CROSS JOIN LATERAL (${participantUsersSql('d.episode_id', 'd.audience')}) recipient
          WHERE d.still_due
         ON CONFLICT ON CONSTRAINT "UQ_notification_recipient_kind_subject" DO NOTHING
         RETURNING id
       ), marked AS (
         UPDATE checkpoint_reminder r SET delivered_at = now() FROM due
          WHERE r.id = due.id RETURNING due.still_due
       )
       SELECT (SELECT coalesce(array_agg(id), '{}') FROM inserted) AS emails,
              (SELECT count(*) FILTER (WHERE still_due) FROM marked) AS delivered,
              (SELECT count(*) FILTER (WHERE NOT still_due) FROM marked) AS obsolete`,
      [
        reminderIds,
        ESCALATE_TO,
        emailState('checkpoint_overdue'),
        emailState('checkpoint_due_soon'),
      ],
    );
    // After the commit: the e-mails exist now. Should this fail, the mail sweep queues them.
    await this.mail.enqueue(result.emails).catch(() => undefined);
    return { delivered: Number(result.delivered), obsolete: Number(result.obsolete) };
  }

  /** Tells the participants of a newly planned checkpoint (in-app), once. */
  async announce(checkpointId: string, outboxEventId: string | null = null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // The announcement and the outbox event's end are one transaction.
      await markOutboxDone(manager, outboxEventId);
      const [row] = await manager.query<{ episode_id: string; participants: Participant[] }[]>(
        `SELECT episode_id, participants FROM checkpoint WHERE id = $1 AND status = 'planned'`,
        [checkpointId],
      );
      if (!row) return;
      await this.notifications.notify(manager, {
        recipients: await participantUsers(manager, row.episode_id, row.participants),
        kind: 'checkpoint_scheduled',
        subjectKey: `checkpoint:${checkpointId}`,
        episodeId: row.episode_id,
      });
    });
  }
}
