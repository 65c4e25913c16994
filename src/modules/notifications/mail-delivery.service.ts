import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { JobEnqueueService } from '../../common/queue/job-enqueue.service.js';
import { JobName } from '../../common/queue/queue-names.js';
import { MailerService } from './mailer.service.js';
import { sendClaimed } from './claimed-mail.js';
import { NotificationMailStore } from './notification-mail.store.js';
import { EMAIL_SUBJECTS, notificationLocale, notificationText } from './notification-texts.js';

const BATCH = 2000;
/** E-mails per job: each is still sent and marked on its own. */
const EMAILS_PER_JOB = 20;

/**
 * The e-mail copy of notifications. Which ones are owed is in PostgreSQL (`email_state =
 * 'pending'`, or `'sending'` with a stale claim); jobs only carry the work. The text is the notification's own, in the recipient's
 * language, with a link: never a clinical word.
 */
@Injectable()
export class MailDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: MailerService,
    private readonly store: NotificationMailStore,
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

  /** Re-queues e-mails whose job has not done its work in time (a lost Redis, a dead worker). */
  async enqueueOverdue(): Promise<number> {
    // The oldest first; rows stay owed until sent, so one batch per round.
    const ids = await this.store.overdue(this.dataSource, this.config.jobs.requeueAfterMs, BATCH);
    await this.enqueue(ids);
    return ids.length;
  }

  /**
   * Sends one notification's e-mail, once: claimed first (committed), handed to the mail server
   * with no transaction open, then recorded sent. Should the worker die in between, the claim is
   * taken over once stale and the mail sent again with the same Message-ID.
   */
  async send(notificationId: string): Promise<'sent' | 'skipped' | 'failed'> {
    const claim = await this.store.claim(
      this.dataSource,
      notificationId,
      this.config.jobs.requeueAfterMs,
    );
    if (!claim) return 'skipped';
    const settle = (state: 'sent' | 'pending' | 'none' | 'failed') =>
      this.store.settle(this.dataSource, notificationId, claim.attempt, state);
    if (!claim.active) {
      // A disabled account gets no mail; it is no longer owed either.
      await settle('none');
      return 'skipped';
    }
    const link = claim.episode_id
      ? `${this.config.appUrl}/episodes/${claim.episode_id}`
      : `${this.config.appUrl}/inbox`;
    return sendClaimed(claim.attempt, {
      send: () =>
        this.mailer.send({
          to: claim.email,
          subject: EMAIL_SUBJECTS[notificationLocale(claim.locale)],
          text: `${notificationText(claim.kind, claim.locale)}\n\n${link}\n`,
          messageId: `<${notificationId}@notifications.rtw>`,
        }),
      sent: () => settle('sent'),
      release: () => settle('pending'),
      failed: () => settle('failed'),
    });
  }
}
