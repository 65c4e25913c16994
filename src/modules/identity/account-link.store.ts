import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { changedRows, execute, selectRows, sql } from '../../database/sql.js';
import type { AccountLinkPurpose } from './account-mail-texts.js';
import type { Locale, UserStatus } from './entities/user.entity.js';

export interface ClaimedLinkRow {
  attempt: number;
  purpose: AccountLinkPurpose;
  sealed_secret: string;
  expires_at: Date;
  email: string;
  display_name: string;
  locale: Locale;
  status: UserStatus;
  organisation_name: string | null;
}

type Db = DataSource | EntityManager;

/** Statements on `user_token` for the links that go out by e-mail (invitations, password resets). */
@Injectable()
export class AccountLinkStore {
  /** Ends the account's live links of this purpose: only the newest one works. */
  async revokeLive(manager: EntityManager, userId: string, purpose: AccountLinkPurpose) {
    await execute(
      manager,
      sql`UPDATE user_token
             SET revoked_at = now(), sealed_secret = NULL,
                 mail_state = CASE WHEN mail_state IN ('pending', 'sending') THEN 'cancelled' ELSE mail_state END
           WHERE user_id = ${userId} AND purpose = ${purpose} AND used_at IS NULL AND revoked_at IS NULL`,
    );
  }

  async insertPending(
    manager: EntityManager,
    link: {
      id: string;
      userId: string;
      purpose: AccountLinkPurpose;
      secretHash: Buffer;
      sealedSecret: string;
      expiresAt: Date;
      createdBy: string | null;
    },
  ): Promise<void> {
    await execute(
      manager,
      sql`INSERT INTO user_token (id, user_id, purpose, secret_hash, expires_at, created_by, sealed_secret, mail_state)
          VALUES (${link.id}, ${link.userId}, ${link.purpose}, ${link.secretHash}, ${link.expiresAt},
                  ${link.createdBy}, ${link.sealedSecret}, 'pending')`,
    );
  }

  /** The account behind a live link, without using it. */
  async findLive(
    db: Db,
    purpose: AccountLinkPurpose,
    id: string,
    secretHash: Buffer,
  ): Promise<{ user_id: string; email: string } | undefined> {
    const [row] = await selectRows<{ user_id: string; email: string }>(
      db,
      sql`SELECT t.user_id, u.email FROM user_token t JOIN app_user u ON u.id = t.user_id
           WHERE t.id = ${id} AND t.secret_hash = ${secretHash} AND t.purpose = ${purpose}
             AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
             AND u.status = ${purpose === 'invitation' ? 'invited' : 'active'}`,
    );
    return row;
  }

  /** Uses a live link once; the account's id, or undefined when it was not live any more. */
  async use(
    manager: EntityManager,
    purpose: AccountLinkPurpose,
    id: string,
    secretHash: Buffer,
  ): Promise<string | undefined> {
    const [row] = await changedRows<{ user_id: string }>(
      manager,
      sql`UPDATE user_token SET used_at = now(), sealed_secret = NULL,
                 mail_state = CASE WHEN mail_state IN ('pending', 'sending') THEN 'cancelled' ELSE mail_state END
           WHERE id = ${id} AND secret_hash = ${secretHash} AND purpose = ${purpose}
             AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
           RETURNING user_id`,
    );
    return row?.user_id;
  }

  /** A link whose e-mail is owed, locked until the transaction ends. */
  /**
   * Claims a link's e-mail for this worker: owed, or claimed by a worker whose claim is older than
   * `staleAfterMs`. The sealed secret stays until the mail is recorded sent.
   */
  async claim(db: Db, id: string, staleAfterMs: number): Promise<ClaimedLinkRow | undefined> {
    const [row] = await selectRows<ClaimedLinkRow>(
      db,
      sql`WITH claimed AS (
            UPDATE user_token
               SET mail_state = 'sending', mail_claimed_at = now(), mail_attempts = mail_attempts + 1
             WHERE id = ${id}
               AND (mail_state = 'pending'
                    OR (mail_state = 'sending'
                        AND mail_claimed_at < now() - make_interval(secs => ${staleAfterMs / 1000})))
            RETURNING user_id, purpose, sealed_secret, expires_at, mail_attempts)
          SELECT t.purpose, t.sealed_secret, t.expires_at, t.mail_attempts AS attempt,
                 u.email, u.display_name, u.locale, u.status,
                 (SELECT o.name FROM membership m JOIN organisation o ON o.id = m.organisation_id
                   WHERE m.user_id = u.id ORDER BY o.name LIMIT 1) AS organisation_name
            FROM claimed t JOIN app_user u ON u.id = t.user_id`,
    );
    return row;
  }

  /**
   * Ends this attempt's claim: `pending` again after a refused hand-over; otherwise the sealed
   * secret goes. A claim taken over meanwhile (or a link revoked) is left as it is.
   */
  async settle(
    db: Db,
    id: string,
    attempt: number,
    state: 'sent' | 'pending' | 'cancelled' | 'failed',
  ): Promise<void> {
    await execute(
      db,
      sql`UPDATE user_token
             SET mail_state = ${state}, mail_claimed_at = NULL,
                 mailed_at = CASE WHEN ${state}::text = 'sent' THEN now() ELSE mailed_at END,
                 sealed_secret = CASE WHEN ${state}::text = 'pending' THEN sealed_secret END
           WHERE id = ${id} AND mail_state = 'sending' AND mail_attempts = ${attempt}`,
    );
  }

  /**
   * Links whose e-mail has been owed longer than a job should take, or claimed longer ago than
   * that by a worker that did not finish, oldest first.
   */
  async overdue(db: Db, olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      db,
      sql`(SELECT id, created_at FROM user_token
            WHERE mail_state = 'pending' AND created_at < now() - make_interval(secs => ${olderThanMs / 1000})
            ORDER BY created_at LIMIT ${limit})
          UNION ALL
          (SELECT id, created_at FROM user_token
            WHERE mail_state = 'sending' AND mail_claimed_at < now() - make_interval(secs => ${olderThanMs / 1000})
            ORDER BY mail_claimed_at LIMIT ${limit})
          ORDER BY created_at LIMIT ${limit}`,
    );
    return rows.map((row) => row.id);
  }
}
