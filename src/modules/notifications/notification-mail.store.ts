import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { execute, selectRows, sql } from '../../database/sql.js';
import type { NotificationKind } from './notification-texts.js';

type Db = DataSource | EntityManager;

export interface ClaimedNotificationMail {
  kind: NotificationKind;
  email: string;
  locale: string;
  episode_id: string | null;
  active: boolean;
  attempt: number;
}

/**
 * Statements on the e-mail copy of notifications: `pending` -> `sending` (claimed, committed) ->
 * `sent`, or `none` for an account disabled meanwhile, or `failed` after too many attempts.
 */
@Injectable()
export class NotificationMailStore {
  /**
   * Claims the e-mail for this worker: owed, or claimed by a worker whose claim is older than
   * `staleAfterMs` (it died, or its mail server stalled). A concurrent claim waits for the row and
   * then finds it claimed.
   */
  async claim(
    db: Db,
    id: string,
    staleAfterMs: number,
  ): Promise<ClaimedNotificationMail | undefined> {
    const [row] = await selectRows<ClaimedNotificationMail>(
      db,
      sql`WITH claimed AS (
            UPDATE notification
               SET email_state = 'sending', email_claimed_at = now(), email_attempts = email_attempts + 1
             WHERE id = ${id}
               AND (email_state = 'pending'
                    OR (email_state = 'sending'
                        AND email_claimed_at < now() - make_interval(secs => ${staleAfterMs / 1000})))
            RETURNING kind, recipient_user_id, episode_id, email_attempts)
          SELECT c.kind, u.email, u.locale, c.episode_id, u.status = 'active' AS active,
                 c.email_attempts AS attempt
            FROM claimed c JOIN app_user u ON u.id = c.recipient_user_id`,
    );
    return row;
  }

  /** Ends this attempt's claim in `state`; a claim taken over meanwhile is left to its new owner. */
  async settle(
    db: Db,
    id: string,
    attempt: number,
    state: 'sent' | 'pending' | 'none' | 'failed',
  ): Promise<void> {
    await execute(
      db,
      sql`UPDATE notification
             SET email_state = ${state}, email_claimed_at = NULL,
                 emailed_at = CASE WHEN ${state}::text = 'sent' THEN now() ELSE emailed_at END
           WHERE id = ${id} AND email_state = 'sending' AND email_attempts = ${attempt}`,
    );
  }

  /**
   * E-mails a job should have sent by now, oldest first: owed for longer than `olderThanMs`, or
   * claimed longer ago than that by a worker that did not finish.
   */
  async overdue(db: Db, olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      db,
      sql`(SELECT id, created_at FROM notification
            WHERE email_state = 'pending' AND created_at < now() - make_interval(secs => ${olderThanMs / 1000})
            ORDER BY created_at LIMIT ${limit})
          UNION ALL
          (SELECT id, created_at FROM notification
            WHERE email_state = 'sending' AND email_claimed_at < now() - make_interval(secs => ${olderThanMs / 1000})
            ORDER BY email_claimed_at LIMIT ${limit})
          ORDER BY created_at LIMIT ${limit}`,
    );
    return rows.map((row) => row.id);
  }
}
