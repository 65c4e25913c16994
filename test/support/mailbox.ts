import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountLinksService } from '../../src/modules/identity/account-links.service.js';

export interface CapturedMail {
  subject: string;
  body: string;
  createdAt: Date;
}

/**
 * Sends the invitation and password-reset e-mails still owed to one address, as the worker's job
 * would (the same service, without the queue in between), so a test can read them from the mail
 * capture. Other tests' links in the shared database are theirs to send.
 */
export async function deliverAccountMails(app: INestApplication, address: string): Promise<void> {
  const db = app.get<DataSource>(getDataSourceToken());
  const links = app.get(AccountLinksService, { strict: false });
  const pending = await db.query<{ id: string }[]>(
    `SELECT t.id FROM user_token t JOIN app_user u ON u.id = t.user_id
      WHERE t.mail_state = 'pending' AND lower(u.email) = lower($1) ORDER BY t.created_at`,
    [address],
  );
  for (const { id } of pending) await links.send(id);
}

/** The e-mails captured for an address (SMTP_URL=capture), newest first. */
export async function mailsTo(db: DataSource, address: string): Promise<CapturedMail[]> {
  const rows = await db.query<{ subject: string; body: string; created_at: Date }[]>(
    `SELECT subject, body, created_at FROM captured_mail WHERE lower(to_address) = lower($1)
      ORDER BY created_at DESC, id DESC`,
    [address],
  );
  return rows.map((row) => ({ subject: row.subject, body: row.body, createdAt: row.created_at }));
}

/**
 * The token of the newest link of this kind e-mailed to the address: what the invitee reads in
 * the mail and the web application takes from the link.
 */
export async function linkTokenFor(
  app: INestApplication,
  address: string,
  path: '/invitation' | '/reset-password' = '/invitation',
): Promise<string> {
  await deliverAccountMails(app, address);
  const db = app.get<DataSource>(getDataSourceToken());
  for (const mail of await mailsTo(db, address)) {
    const match = new RegExp(`${path}#token=([0-9a-f-]{36}\\.[A-Za-z0-9_-]{43})`).exec(mail.body);
    if (match) return match[1];
  }
  throw new Error(`no ${path} link was e-mailed to ${address}`);
}
