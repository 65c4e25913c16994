import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { openSecret, sealSecret } from '../../common/crypto/secret-box.js';
import { OutboxService } from '../../common/outbox/outbox.service.js';
import { JobEnqueueService } from '../../common/queue/job-enqueue.service.js';
import { JobName } from '../../common/queue/queue-names.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { sendClaimed } from '../notifications/claimed-mail.js';
import { MailerService } from '../notifications/mailer.service.js';
import { AccountLinkStore } from './account-link.store.js';
import { ACCOUNT_LINK_PATHS, type AccountLinkPurpose, accountMail } from './account-mail-texts.js';
import { newOpaqueToken, parseOpaqueToken } from './opaque-token.js';

export const LINK_TTL_MS: Record<AccountLinkPurpose, number> = {
  invitation: 7 * 86_400_000,
  password_reset: 3_600_000,
};
const OVERDUE_BATCH = 500;

/**
 * Invitation and password-reset links. A link reaches only the address of its account: it is made
 * here, sealed into its row until the worker has e-mailed it, and never appears in a response, a
 * log line or a job payload (the job names the row). A new link of the same kind ends the earlier
 * one. Which e-mails are owed is in PostgreSQL (`mail_state = 'pending'`, or `'sending'` with a stale claim), so a job lost with Redis
 * is found again by the sweep.
 */
@Injectable()
export class AccountLinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: AccountLinkStore,
    private readonly outbox: OutboxService,
    private readonly jobs: JobEnqueueService,
    private readonly mailer: MailerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new link for the account, in the caller's transaction; the e-mail follows once it commits. */
  async issue(
    manager: EntityManager,
    link: { userId: string; purpose: AccountLinkPurpose; createdBy: string | null },
  ): Promise<{ expiresAt: Date }> {
    await this.store.revokeLive(manager, link.userId, link.purpose);
    const token = newOpaqueToken();
    const expiresAt = new Date(Date.now() + LINK_TTL_MS[link.purpose]);
    await this.store.insertPending(manager, {
      id: token.id,
      userId: link.userId,
      purpose: link.purpose,
      secretHash: token.secretHash,
      sealedSecret: sealSecret(this.config.dataEncryptionKey, token.value),
      expiresAt,
      createdBy: link.createdBy,
    });
    await this.outbox.emit(manager, JobName.SendAccountMail, [{ tokenId: token.id }]);
    return { expiresAt };
  }

  /** The account a link is for while it is live, without using it up. */
  async peek(
    purpose: AccountLinkPurpose,
    value: string,
  ): Promise<{ userId: string; email: string } | undefined> {
    const parsed = parseOpaqueToken(value);
    if (!parsed) return undefined;
    const row = await this.store.findLive(this.dataSource, purpose, parsed.id, parsed.secretHash);
    return row && { userId: row.user_id, email: row.email };
  }

  /** Uses a link once, in the caller's transaction: the account's id, or undefined. */
  async use(
    manager: EntityManager,
    purpose: AccountLinkPurpose,
    value: string,
  ): Promise<string | undefined> {
    const parsed = parseOpaqueToken(value);
    if (!parsed) return undefined;
    return this.store.use(manager, purpose, parsed.id, parsed.secretHash);
  }

  /**
   * E-mails one link, once: claimed first (committed), handed to the mail server with no
   * transaction open, then recorded sent and its sealed secret dropped. A link no longer of use
   * (expired, the account activated or disabled meanwhile) is not sent.
   */
  async send(tokenId: string): Promise<'sent' | 'skipped' | 'failed'> {
    const claim = await this.store.claim(this.dataSource, tokenId, this.config.jobs.requeueAfterMs);
    if (!claim) return 'skipped';
    const settle = (state: 'sent' | 'pending' | 'cancelled' | 'failed') =>
      this.store.settle(this.dataSource, tokenId, claim.attempt, state);
    const wanted = claim.purpose === 'invitation' ? 'invited' : 'active';
    if (claim.status !== wanted || claim.expires_at.getTime() <= Date.now()) {
      await settle('cancelled');
      return 'skipped';
    }
    const token = openSecret(this.config.dataEncryptionKey, claim.sealed_secret);
    const mail = accountMail(claim.purpose, claim.locale, {
      displayName: claim.display_name,
      organisationName: claim.organisation_name,
      link: `${this.config.appUrl}${ACCOUNT_LINK_PATHS[claim.purpose]}#token=${token}`,
      expiresAt: claim.expires_at,
    });
    return sendClaimed(claim.attempt, {
      send: () =>
        this.mailer.send({ to: claim.email, ...mail, messageId: `<${tokenId}@accounts.rtw>` }),
      sent: () => settle('sent'),
      release: () => settle('pending'),
      failed: () => settle('failed'),
    });
  }

  /** Hands again to the queue every link e-mail still owed after its job's time (a lost Redis). */
  async enqueueOverdue(): Promise<number> {
    const ids = await this.store.overdue(
      this.dataSource,
      this.config.jobs.requeueAfterMs,
      OVERDUE_BATCH,
    );
    const handOver = Date.now().toString(36);
    await this.jobs.enqueueMany(
      JobName.SendAccountMail,
      ids.map((tokenId) => ({ payload: { tokenId }, dedupeKey: `${tokenId}:${handOver}` })),
    );
    return ids.length;
  }
}
