import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { newOpaqueToken, parseOpaqueToken } from './opaque-token.js';
import { modifiedRows } from '../../database/modified-rows.js';

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

/**
 * Refresh tokens are opaque tokens (opaque-token.ts): only a SHA-256 of the secret is stored.
 * Rotation marks the presented token used and issues the next one in the same family, in one
 * conditional UPDATE, so of several concurrent refreshes exactly one wins.
 */
@Injectable()
export class RefreshTokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async issue(
    manager: EntityManager,
    userId: string,
    familyId: string = randomUUID(),
  ): Promise<IssuedRefreshToken> {
    const token = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.config.jwt.refreshTtlSeconds * 1000);
    await manager.query(
      `INSERT INTO refresh_token (id, user_id, family_id, secret_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [token.id, userId, familyId, token.secretHash, expiresAt],
    );
    return { token: token.value, expiresAt };
  }

  /**
   * Marks the token used. Returns its user and family when it was valid and unused; `reused` when
   * it had been rotated already (the family is then revoked and the account's access tokens end);
   * `invalid` otherwise.
   */
  async consume(
    manager: EntityManager,
    token: string,
  ): Promise<{ userId: string; familyId: string } | 'reused' | 'invalid'> {
    const parsed = parseOpaqueToken(token);
    if (!parsed) return 'invalid';
    const rows = await modifiedRows<{ user_id: string; family_id: string }>(
      manager,
      `UPDATE refresh_token SET rotated_at = now()
        WHERE id = $1 AND secret_hash = $2 AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING user_id, family_id`,
      [parsed.id, parsed.secretHash],
    );
    if (rows.length === 1) return { userId: rows[0].user_id, familyId: rows[0].family_id };

    const known = await manager.query<
      { user_id: string; family_id: string; rotated_at: Date | null }[]
    >(
      `SELECT user_id, family_id, rotated_at FROM refresh_token WHERE id = $1 AND secret_hash = $2`,
      [parsed.id, parsed.secretHash],
    );
    if (known[0]?.rotated_at) {
      // The token was copied: the family ends, and so does every access token of the account
      // (the copy may have been used for some already).
      await this.revokeFamily(manager, known[0].family_id, 'reuse_detected');
      await manager.query(
        `UPDATE app_user SET session_generation = session_generation + 1 WHERE id = $1`,
        [known[0].user_id],
      );
      return 'reused';
    }
    return 'invalid';
  }

  async revokeFamilyOf(manager: EntityManager, token: string, reason: string): Promise<void> {
    const parsed = parseOpaqueToken(token);
    if (!parsed) return;
    await manager.query(
      `UPDATE refresh_token SET revoked_at = now(), revoke_reason = $3
        WHERE family_id = (SELECT family_id FROM refresh_token WHERE id = $1 AND secret_hash = $2)
          AND revoked_at IS NULL`,
      [parsed.id, parsed.secretHash, reason],
    );
  }

  async revokeAllOfUser(manager: EntityManager, userId: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE refresh_token SET revoked_at = now(), revoke_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
  }

  private async revokeFamily(
    manager: EntityManager,
    familyId: string,
    reason: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE refresh_token SET revoked_at = now(), revoke_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId, reason],
    );
  }
}
