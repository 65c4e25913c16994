import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { JobEnqueueService } from '../../common/queue/job-enqueue.service.js';
import { JobName } from '../../common/queue/queue-names.js';
import { MailerService } from './mailer.service.js';
import {
  EMAIL_SUBJECTS,
  type NotificationKind,
  notificationLocale,
  notificationText,
} from './notification-texts.js';

const BATCH = 2000;
/** E-mails per job: each is still sent and marked on its own. */
const EMAILS_PER_JOB = 20;

/**
 * The e-mail copy of notifications. Which ones are owed is in PostgreSQL (`email_state =
 * 'pending'`); jobs only carry the work. The text is the notification's own, in the recipient's
 * language, with a link: never a clinical word.
 */
@Injectable()
export class MailDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: MailerService,
    private readonly jobs: JobEnqueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Queues the e-mails of these notifications (after the transaction that made them). */
  async enqueue(notificationIds: readonly string[]): Promise<void> {
    // Each hand-over is a new job (a failed one keeps its id for a week); sending stays once.
    const handOver = Date.now().toString(36);
    const batches = [];
    for (let i = 0; i < notificationIds.length; i += EMAILS_PER_JOB) {
      const ids = notificationIds.slice(i, i + EMAILS_PER_JOB);
      batches.push({
        payload: { notificationIds: ids },
        dedupeKey: `${ids[0]}..${ids.at(-1)}:${ids.length}:${handOver}`,
      });
    }
    await this.jobs.enqueueMany(JobName.SendEmail, batches);
  }

  /** Re-queues pending e-mails whose job has not done its work in time (a lost Redis, say). */
  async enqueueOverdue(): Promise<number> {
    // The oldest first; rows stay pending until sent, so one batch per round.
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM notification
        WHERE email_state = 'pending' AND created_at < now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT $2`,
      [this.config.jobs.requeueAfterMs / 1000, BATCH],
    );
    await this.enqueue(rows.map((row) => row.id));
    return rows.length;
  }

  /**
   * Sends one notification's e-mail, once: the row is locked while sending and marked sent in the
   * same transaction. Should the process die between the hand-over and the commit, the retry sends
   * again with the same Message-ID, which the receiving side can recognise.
   */
  async send(notificationId: string): Promise<'sent' | 'skipped'> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<
        {
          kind: NotificationKind;
          email: string;
          locale: string;
          episode_id: string | null;
          active: boolean;
        }[]
      >(
        `SELECT n.kind, u.email, u.locale, n.episode_id, u.status = 'active' AS active
           FROM notification n JOIN app_user u ON u.id = n.recipient_user_id
          WHERE n.id = $1 AND n.email_state = 'pending'
          FOR UPDATE OF n`,
        [notificationId],
      );
      if (!row) return 'skipped';
      if (!row.active) {
        // A disabled account gets no mail; it is no longer owed either.
        await manager.query(`UPDATE notification SET email_state = 'none' WHERE id = $1`, [
          notificationId,
        ]);
        return 'skipped';
      }
      const link = row.episode_id
        ? `${this.config.appUrl}/episodes/${row.episode_id}`
        : `${this.config.appUrl}/inbox`;
      await this.mailer.send(
        {
          to: row.email,
          subject: EMAIL_SUBJECTS[notificationLocale(row.locale)],
          text: `${notificationText(row.kind, row.locale)}\n\n${link}\n`,
          messageId: `<${notificationId}@notifications.rtw>`,
        },
        manager,
      );
      await manager.query(
        `UPDATE notification SET email_state = 'sent', emailed_at = now() WHERE id = $1`,
        [notificationId],
      );
      return 'sent';
    });
  }
}
