import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { openSecret, sealSecret } from '../../common/crypto/secret-box.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type {
  MfaChallengeDto,
  MfaConfirmedDto,
  MfaEnrolmentDto,
  MfaVerifyDto,
  TokensDto,
} from './dto/auth.dto.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { newOpaqueToken, parseOpaqueToken } from './opaque-token.js';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes.js';
import { RefreshTokenService } from './refresh-token.service.js';
import { SessionTokensService } from './session-tokens.service.js';
import { generateTotpSecret, otpauthUri, verifyTotp } from './totp.js';
import { modifiedRows } from '../../database/modified-rows.js';

export const MFA_CHALLENGE_TTL_SECONDS = 300;
const ISSUER = 'Return to Work';

/**
 * The second factor: TOTP (RFC 6238) with single-use recovery codes. Set up in two steps (enrol,
 * then confirm with a first code), used after a correct password through a short-lived challenge.
 */
@Injectable()
export class MfaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionTokensService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async enrol(user: AuthenticatedUser): Promise<MfaEnrolmentDto> {
    const secret = generateTotpSecret();
    const rows = await modifiedRows<{ email: string }>(
      this.dataSource,
      `UPDATE app_user SET totp_secret = $2, updated_at = now()
        WHERE id = $1 AND totp_enabled_at IS NULL RETURNING email`,
      [user.id, sealSecret(this.config.dataEncryptionKey, secret)],
    );
    if (!rows.length) throw new DomainError('conflict', 'A second factor is set up already.');
    return {
      secret,
      otpauthUri: otpauthUri({ secret, accountName: rows[0].email, issuer: ISSUER }),
    };
  }

  /** Activates the factor with a first valid code; every other session ends. */
  async confirm(user: AuthenticatedUser, code: string): Promise<MfaConfirmedDto> {
    const [row] = await this.dataSource.query<
      { totp_secret: string | null; totp_enabled_at: Date | null }[]
    >(`SELECT totp_secret, totp_enabled_at FROM app_user WHERE id = $1`, [user.id]);
    if (row.totp_enabled_at)
      throw new DomainError('conflict', 'A second factor is set up already.');
    if (!row.totp_secret) throw new DomainError('conflict', 'Start with POST /auth/mfa/enrol.');
    const step = verifyTotp(
      openSecret(this.config.dataEncryptionKey, row.totp_secret),
      code,
      Date.now(),
    );
    if (step === undefined) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'code', message: 'code is not the current code of the authenticator' }],
      });
    }
    const recoveryCodes = generateRecoveryCodes();
    const tokens = await this.dataSource.transaction(async (manager) => {
      const updated = await modifiedRows<{ id: string }>(
        manager,
        `UPDATE app_user SET totp_enabled_at = now(), totp_last_step = $2, updated_at = now(), version = version + 1
          WHERE id = $1 AND totp_enabled_at IS NULL RETURNING id`,
        [user.id, step],
      );
      if (!updated.length) throw new DomainError('conflict', 'A second factor is set up already.');
      await manager.query(`DELETE FROM recovery_code WHERE user_id = $1`, [user.id]);
      await manager.query(
        `INSERT INTO recovery_code (user_id, code_hash) SELECT $1, unnest($2::text[])`,
        [user.id, recoveryCodes.map((c) => hashRecoveryCode(c, user.id))],
      );
      await this.refreshTokens.revokeAllOfUser(manager, user.id, 'second_factor_enrolled');
      await manager.query(
        `UPDATE app_user SET session_generation = session_generation + 1 WHERE id = $1`,
        [user.id],
      );
      return this.sessions.signIn(manager, user.id, ['pwd', 'otp'], undefined);
    });
    return { recoveryCodes, tokens };
  }

  /** Issued by a correct password when the account has a second factor. */
  async challenge(userId: string): Promise<MfaChallengeDto> {
    const token = newOpaqueToken();
    const expiresAt = new Date(Date.now() + MFA_CHALLENGE_TTL_SECONDS * 1000);
    await this.dataSource.query(
      `INSERT INTO user_token (id, user_id, purpose, secret_hash, expires_at) VALUES ($1, $2, 'mfa_challenge', $3, $4)`,
      [token.id, userId, token.secretHash, expiresAt],
    );
    return { mfaRequired: true, challengeToken: token.value, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Completes the log-in. Attempts count against the account like passwords; a code is accepted
   * once (its time step must be newer than the last accepted one), a recovery code once ever.
   */
  async verify(dto: MfaVerifyDto, address: string): Promise<TokensDto> {
    if ((dto.code === undefined) === (dto.recoveryCode === undefined)) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'code', message: 'send either code or recoveryCode' }],
      });
    }
    const rejected = () =>
      new DomainError('unauthenticated', 'The second factor or the challenge is not valid.');
    const parsed = parseOpaqueToken(dto.challengeToken);
    if (!parsed) throw rejected();
    const [challenge] = await this.dataSource.query<{ user_id: string; totp_secret: string }[]>(
      `SELECT t.user_id, u.totp_secret FROM user_token t JOIN app_user u ON u.id = t.user_id
        WHERE t.id = $1 AND t.secret_hash = $2 AND t.purpose = 'mfa_challenge' AND t.used_at IS NULL
          AND t.expires_at > now() AND u.status = 'active' AND u.totp_enabled_at IS NOT NULL`,
      [parsed.id, parsed.secretHash],
    );
    if (!challenge) throw rejected();
    const account = `mfa:${challenge.user_id}`;
    const client = { address };
    await this.throttle.registerAttempt(account, client);

    const step =
      dto.code === undefined
        ? undefined
        : verifyTotp(
            openSecret(this.config.dataEncryptionKey, challenge.totp_secret),
            dto.code,
            Date.now(),
          );
    if (dto.code !== undefined && step === undefined) {
      await this.throttle.registerFailure(account, client);
      throw rejected();
    }
    const consume = () =>
      this.dataSource.transaction(async (manager) => {
        const factor =
          step !== undefined
            ? await modifiedRows<unknown>(
                manager,
                `UPDATE app_user SET totp_last_step = $2
                WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
                [challenge.user_id, step],
              )
            : await modifiedRows<unknown>(
                manager,
                `UPDATE recovery_code SET used_at = now()
                WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id`,
                [challenge.user_id, hashRecoveryCode(dto.recoveryCode ?? '', challenge.user_id)],
              );
        const consumed = await modifiedRows<unknown>(
          manager,
          `UPDATE user_token SET used_at = now()
          WHERE id = $1 AND used_at IS NULL AND expires_at > now() RETURNING id`,
          [parsed.id],
        );
        if (!factor.length || !consumed.length) return undefined;
        return this.sessions.signIn(manager, challenge.user_id, ['pwd', 'otp'], dto.deviceToken);
      });
    // A code was checked above; a recovery code is checked by the transaction, and if that does
    // not run (the database away) the attempt is given back.
    const tokens = await (step === undefined
      ? this.throttle.beforeCheck(account, consume)
      : consume());
    if (!tokens) {
      await this.throttle.registerFailure(account, client);
      throw rejected();
    }
    await this.throttle.registerSuccess(account, client);
    return tokens;
  }

  /**
   * Uses a code's time step for the account, in the caller's transaction: false when that step
   * (or a later one) was used already, so a code works once.
   */
  async useStep(manager: EntityManager, userId: string, step: number): Promise<boolean> {
    const used = await modifiedRows<unknown>(
      manager,
      `UPDATE app_user SET totp_last_step = $2
        WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
      [userId, step],
    );
    return used.length > 0;
  }
}
