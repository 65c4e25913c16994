import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { changedRows, execute, sql } from '../../database/sql.js';
import { newOpaqueToken, parseOpaqueToken } from './opaque-token.js';

/** How long a client stays known after its last sign-in. */
export const TRUSTED_DEVICE_TTL_DAYS = 180;

/**
 * Clients that signed in to an account before. A sign-in gives the client a device token (an
 * opaque token; only a hash of its secret is kept); presented with a later log-in, it lets the
 * client through even while guesses from other clients have locked the account for unknown ones.
 */
@Injectable()
export class TrustedDevicesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The device's id when the token is a live device of the account with this address, or
   * undefined. Its lifetime starts again: a client in use stays known.
   */
  async recognise(token: string | undefined, email: string): Promise<string | undefined> {
    const parsed = token === undefined ? undefined : parseOpaqueToken(token);
    if (!parsed) return undefined;
    const [row] = await changedRows<{ id: string }>(
      this.dataSource,
      sql`UPDATE trusted_device d
             SET last_used_at = now(), expires_at = now() + make_interval(days => ${TRUSTED_DEVICE_TTL_DAYS})
            FROM app_user u
           WHERE d.id = ${parsed.id} AND d.secret_hash = ${parsed.secretHash} AND d.user_id = u.id
             AND u.email = ${email} AND u.status = 'active'
             AND d.revoked_at IS NULL AND d.expires_at > now()
           RETURNING d.id`,
    );
    return row?.id;
  }

  /**
   * The device token to hand the client after a sign-in: the one it presented when that is a live
   * device of this account, otherwise a new one.
   */
  async afterSignIn(
    manager: EntityManager,
    userId: string,
    presented: string | undefined,
  ): Promise<string> {
    const parsed = presented === undefined ? undefined : parseOpaqueToken(presented);
    if (parsed && presented) {
      const [known] = await changedRows<{ id: string }>(
        manager,
        sql`UPDATE trusted_device
               SET last_used_at = now(), expires_at = now() + make_interval(days => ${TRUSTED_DEVICE_TTL_DAYS})
             WHERE id = ${parsed.id} AND secret_hash = ${parsed.secretHash} AND user_id = ${userId}
               AND revoked_at IS NULL AND expires_at > now()
             RETURNING id`,
      );
      if (known) return presented;
    }
    const token = newOpaqueToken();
    await execute(
      manager,
      sql`INSERT INTO trusted_device (id, user_id, secret_hash, expires_at)
          VALUES (${token.id}, ${userId}, ${token.secretHash},
                  now() + make_interval(days => ${TRUSTED_DEVICE_TTL_DAYS}))`,
    );
    return token.value;
  }

  /** Forgets every device of the account (a new password: whoever knew the old one is a stranger). */
  async forgetAll(manager: EntityManager, userId: string): Promise<void> {
    await execute(
      manager,
      sql`UPDATE trusted_device SET revoked_at = now() WHERE user_id = ${userId} AND revoked_at IS NULL`,
    );
  }
}
