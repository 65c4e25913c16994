import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { todayIn } from '../../common/dates/calendar.js';
import { JobEnqueueService } from '../../common/queue/job-enqueue.service.js';
import { JobName } from '../../common/queue/queue-names.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { MailDeliveryService } from '../notifications/mail-delivery.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { participantUsers } from './participants.js';
import type { Participant } from './timeline.js';

const ENQUEUE_BATCH = 5000;
/** Who hears that a checkpoint is overdue: the occupational doctor and the employer. */
const ESCALATE_TO: Participant[] = ['occupational_doctor', 'hr'];

export type Delivery = 'delivered' | 'obsolete' | 'already_delivered';

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
       UNION ALL
       SELECT c.id, 'overdue', c.due_on FROM checkpoint c
        WHERE c.status = 'planned' AND c.kind = 'deadline' AND c.due_on < $1::date
       ON CONFLICT ON CONSTRAINT "UQ_checkpoint_reminder_checkpoint_kind_due" DO NOTHING
       RETURNING id`,
      [today, this.config.jobs.reminderDaysBefore],
    );
    let enqueued = 0;
    for (;;) {
      const due = await this.dataSource.query<{ id: string }[]>(
        `SELECT id FROM checkpoint_reminder
          WHERE delivered_at IS NULL
            AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => $1))
          ORDER BY created_at LIMIT $2`,
        [this.config.jobs.requeueAfterMs / 1000, ENQUEUE_BATCH],
      );
      if (!due.length) break;
      await this.jobs.enqueueMany(
        JobName.CheckpointReminder,
        due.map(({ id }) => ({ payload: { reminderId: id }, dedupeKey: id })),
      );
      await this.dataSource.query(
        `UPDATE checkpoint_reminder SET enqueued_at = now() WHERE id = ANY($1::uuid[])`,
        [due.map(({ id }) => id)],
      );
      enqueued += due.length;
      if (due.length < ENQUEUE_BATCH) break;
    }
    return { created: created.length, enqueued };
  }

  /** Delivers one reminder to the people it is for, once. */
  async deliver(reminderId: string): Promise<Delivery> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<
        {
          kind: 'due_soon' | 'overdue';
          due_on: string;
          delivered: boolean;
          checkpoint_id: string;
          episode_id: string;
          still_due: boolean;
          participants: Participant[];
        }[]
      >(
        `SELECT r.kind, to_char(r.due_on, 'YYYY-MM-DD') AS due_on, r.delivered_at IS NOT NULL AS delivered,
                c.id AS checkpoint_id, c.episode_id, c.participants,
                c.status = 'planned' AND c.due_on = r.due_on AS still_due
           FROM checkpoint_reminder r JOIN checkpoint c ON c.id = r.checkpoint_id
          WHERE r.id = $1 FOR UPDATE OF r`,
        [reminderId],
      );
      if (!row || row.delivered) return { delivery: 'already_delivered' as const, emails: [] };
      let emails: string[] = [];
      if (row.still_due) {
        emails = await this.notifications.notify(manager, {
          recipients: await participantUsers(
            manager,
            row.episode_id,
            row.kind === 'overdue' ? ESCALATE_TO : row.participants,
          ),
          kind: row.kind === 'overdue' ? 'checkpoint_overdue' : 'checkpoint_due_soon',
          subjectKey: `checkpoint:${row.checkpoint_id}:${row.due_on}`,
          episodeId: row.episode_id,
        });
      }
      await manager.query(`UPDATE checkpoint_reminder SET delivered_at = now() WHERE id = $1`, [
        reminderId,
      ]);
      return { delivery: row.still_due ? ('delivered' as const) : ('obsolete' as const), emails };
    });
    // After the commit: the e-mails exist now. Should this fail, the mail sweep queues them.
    await this.mail.enqueue(outcome.emails).catch(() => undefined);
    return outcome.delivery;
  }

  /** Tells the participants of a newly planned checkpoint (in-app), once. */
  async announce(checkpointId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
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
