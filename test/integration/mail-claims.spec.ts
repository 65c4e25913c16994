import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { sealSecret } from '../../src/common/crypto/secret-box.js';
import { newOpaqueToken } from '../../src/modules/identity/opaque-token.js';
import { AccountLinkStore } from '../../src/modules/identity/account-link.store.js';
import { AccountLinksService } from '../../src/modules/identity/account-links.service.js';
import { MAIL_ATTEMPTS } from '../../src/modules/notifications/claimed-mail.js';
import { MailDeliveryService } from '../../src/modules/notifications/mail-delivery.service.js';
import { createUser } from '../factories/identity.js';
import { TestSmtpServer } from '../support/smtp-server.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/**
 * Other test files' workers share this database and sweep mail that is overdue for them (owed for
 * a second or more). The rows here are made "later than now" or stale for a shorter time than
 * that, so only this file's sender ever takes them.
 */
const OWN_STALENESS_MS = 200;

describe('e-mail claimed before it is sent', () => {
  const smtp = new TestSmtpServer();
  let api: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    api = await startTestApi({
      SMTP_URL: await smtp.start(),
      JOB_REQUEUE_AFTER_MS: String(OWN_STALENESS_MS),
    });
    db = api.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await api.app.close();
    await smtp.stop();
  });
  beforeEach(() => {
    smtp.refuseWith = undefined;
  });

  async function owedNotification(): Promise<string> {
    const user = await createUser(db, 'hr');
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO notification (recipient_user_id, kind, subject_key, email_state, created_at)
       VALUES ($1, 'checkpoint_due_soon', 'claims:' || gen_random_uuid(), 'pending', now() + interval '1 hour')
       RETURNING id`,
      [user.id],
    );
    return id;
  }

  const notificationMail = async (id: string) =>
    (
      await db.query<{ state: string; attempts: number; claimed: boolean; emailed: boolean }[]>(
        `SELECT email_state AS state, email_attempts AS attempts,
                email_claimed_at IS NOT NULL AS claimed, emailed_at IS NOT NULL AS emailed
           FROM notification WHERE id = $1`,
        [id],
      )
    )[0];

  const acceptedWith = (messageId: string) =>
    smtp.acceptedMessageIds().filter((accepted) => accepted === messageId).length;

  it('records the claim before the hand-over and the sending after it', async () => {
    const id = await owedNotification();
    const mail = api.app.get(MailDeliveryService);
    expect(await mail.send(id)).toBe('sent');
    expect(await notificationMail(id)).toEqual({
      state: 'sent',
      attempts: 1,
      claimed: false,
      emailed: true,
    });
    expect(acceptedWith(`<${id}@notifications.rtw>`)).toBe(1);
    // Sent is sent: a repeated job finds nothing to claim.
    expect(await mail.send(id)).toBe('skipped');
    expect(acceptedWith(`<${id}@notifications.rtw>`)).toBe(1);
  });

  it('leaves a fresh claim to the worker holding it', async () => {
    const id = await owedNotification();
    await db.query(
      `UPDATE notification SET email_state = 'sending', email_claimed_at = now(), email_attempts = 1
        WHERE id = $1`,
      [id],
    );
    expect(await api.app.get(MailDeliveryService).send(id)).toBe('skipped');
    expect(await notificationMail(id)).toMatchObject({ state: 'sending', attempts: 1 });
    expect(acceptedWith(`<${id}@notifications.rtw>`)).toBe(0);
  });

  it('takes over a stale claim and sends with the same Message-ID', async () => {
    const id = await owedNotification();
    await db.query(
      `UPDATE notification
          SET email_state = 'sending', email_attempts = 1,
              email_claimed_at = now() - make_interval(secs => $2)
        WHERE id = $1`,
      [id, (OWN_STALENESS_MS * 2) / 1000],
    );
    expect(await api.app.get(MailDeliveryService).send(id)).toBe('sent');
    expect(await notificationMail(id)).toMatchObject({ state: 'sent', attempts: 2 });
    expect(acceptedWith(`<${id}@notifications.rtw>`)).toBe(1);
  });

  it('gives the claim back when the server refuses, and gives up after the last attempt', async () => {
    const id = await owedNotification();
    const mail = api.app.get(MailDeliveryService);
    smtp.refuseWith = '451 4.3.0 try again later';
    for (let attempt = 1; attempt <= MAIL_ATTEMPTS; attempt++) {
      await expect(mail.send(id)).rejects.toThrow();
      expect(await notificationMail(id)).toEqual({
        state: 'pending',
        attempts: attempt,
        claimed: false,
        emailed: false,
      });
    }
    const refused = smtp.refused;
    expect(await mail.send(id)).toBe('failed');
    expect(await notificationMail(id)).toMatchObject({ state: 'failed', claimed: false });
    // Given up without another hand-over; no later job takes it up again.
    expect(smtp.refused).toBe(refused);
    smtp.refuseWith = undefined;
    expect(await mail.send(id)).toBe('skipped');
    expect(acceptedWith(`<${id}@notifications.rtw>`)).toBe(0);
  });

  it('keeps sending many claims of one e-mail to one hand-over', async () => {
    const id = await owedNotification();
    const mail = api.app.get(MailDeliveryService);
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => mail.send(id)));
    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
    expect(acceptedWith(`<${id}@notifications.rtw>`)).toBe(1);
    expect(await notificationMail(id)).toMatchObject({ state: 'sent', attempts: 1 });
  });

  describe('account links', () => {
    async function owedLink(): Promise<{ id: string; email: string }> {
      const user = await createUser(db, 'hr');
      const token = newOpaqueToken();
      await db.transaction((manager) =>
        api.app.get(AccountLinkStore).insertPending(manager, {
          id: token.id,
          userId: user.id,
          purpose: 'password_reset',
          secretHash: token.secretHash,
          sealedSecret: sealSecret(api.config.dataEncryptionKey, token.value),
          expiresAt: new Date(Date.now() + 3_600_000),
          createdBy: null,
        }),
      );
      // Later than now: never overdue for another file's worker.
      await db.query(`UPDATE user_token SET created_at = now() + interval '1 hour' WHERE id = $1`, [
        token.id,
      ]);
      return { id: token.id, email: user.email };
    }

    const linkMail = async (id: string) =>
      (
        await db.query<{ state: string; attempts: number; sealed: boolean }[]>(
          `SELECT mail_state AS state, mail_attempts AS attempts, sealed_secret IS NOT NULL AS sealed
             FROM user_token WHERE id = $1`,
          [id],
        )
      )[0];

    it('keeps the sealed link while it is being sent, drops it once sent', async () => {
      const link = await owedLink();
      const links = api.app.get(AccountLinksService);
      smtp.refuseWith = '451 4.3.0 try again later';
      await expect(links.send(link.id)).rejects.toThrow();
      expect(await linkMail(link.id)).toEqual({ state: 'pending', attempts: 1, sealed: true });
      smtp.refuseWith = undefined;
      expect(await links.send(link.id)).toBe('sent');
      expect(await linkMail(link.id)).toEqual({ state: 'sent', attempts: 2, sealed: false });
      expect(acceptedWith(`<${link.id}@accounts.rtw>`)).toBe(1);
    });

    it('takes over a stale claim; gives up and drops the secret after the last attempt', async () => {
      const link = await owedLink();
      const links = api.app.get(AccountLinksService);
      await db.query(
        `UPDATE user_token
            SET mail_state = 'sending', mail_attempts = $2,
                mail_claimed_at = now() - make_interval(secs => $3)
          WHERE id = $1`,
        [link.id, MAIL_ATTEMPTS, (OWN_STALENESS_MS * 2) / 1000],
      );
      expect(await links.send(link.id)).toBe('failed');
      expect(await linkMail(link.id)).toEqual({
        state: 'failed',
        attempts: MAIL_ATTEMPTS + 1,
        sealed: false,
      });
      expect(acceptedWith(`<${link.id}@accounts.rtw>`)).toBe(0);
    });
  });
});
