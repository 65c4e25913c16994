import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import type { AuthMethod } from '../../common/auth/jwt.strategy.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type {
  ChangePasswordDto,
  LoginDto,
  MeDto,
  MfaChallengeDto,
  TokensDto,
} from './dto/auth.dto.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { MfaService } from './mfa.service.js';
import { hashPassword, verifyPassword } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import { RefreshTokenService } from './refresh-token.service.js';
import { SessionTokensService } from './session-tokens.service.js';

const INVALID_CREDENTIALS = 'The e-mail address or password is incorrect.';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly refreshTokens: RefreshTokenService,
    private readonly throttle: LoginThrottleService,
    private readonly mfa: MfaService,
    private readonly sessions: SessionTokensService,
  ) {}

  /** Unknown e-mail, wrong password and an inactive account get the same answer in the same time. */
  async login(dto: LoginDto, address: string): Promise<TokensDto | MfaChallengeDto> {
    const email = normaliseEmail(dto.email);
    await this.throttle.registerAttempt(email, address);
    const [user] = await this.throttle.beforeCheck(email, () =>
      this.dataSource.query<
        { id: string; status: string; password_hash: string | null; totp_enabled: boolean }[]
      >(
        `SELECT id, status, password_hash, totp_enabled_at IS NOT NULL AS totp_enabled
           FROM app_user WHERE email = $1`,
        [email],
      ),
    );
    const passwordOk = await verifyPassword(user?.password_hash ?? null, dto.password);
    if (!user || !passwordOk || user.status !== 'active') {
      await this.throttle.registerFailure(address);
      throw new DomainError('unauthenticated', INVALID_CREDENTIALS);
    }
    await this.throttle.clearAccount(email);
    if (user.totp_enabled) return this.mfa.challenge(user.id);
    return this.dataSource.transaction((manager) => this.sessions.issue(manager, user.id, ['pwd']));
  }

  /** Rotates the refresh token; a token presented twice revokes its whole family. */
  async refresh(refreshToken: string): Promise<TokensDto> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const consumed = await this.refreshTokens.consume(manager, refreshToken);
      if (typeof consumed === 'string') return consumed;
      const [active] = await manager.query<{ totp_enabled: boolean }[]>(
        `SELECT totp_enabled_at IS NOT NULL AS totp_enabled FROM app_user WHERE id = $1 AND status = 'active'`,
        [consumed.userId],
      );
      if (!active) return 'invalid';
      // Setting up a second factor ends every earlier session, so a live family of an enrolled
      // account began with the second factor.
      const amr: AuthMethod[] = active.totp_enabled ? ['pwd', 'otp'] : ['pwd'];
      return this.sessions.issue(manager, consumed.userId, amr, consumed.familyId);
    });
    if (typeof outcome === 'string') {
      throw new DomainError(
        'unauthenticated',
        'The refresh token is invalid, expired or already used; log in again.',
      );
    }
    return outcome;
  }

  async logout(refreshToken: string): Promise<void> {
    await this.refreshTokens.revokeFamilyOf(this.dataSource.manager, refreshToken, 'logout');
  }

  async me(user: AuthenticatedUser): Promise<MeDto> {
    const [row] = await this.dataSource.query<
      { email: string; display_name: string; locale: string }[]
    >(`SELECT email, display_name, locale FROM app_user WHERE id = $1`, [user.id]);
    return {
      id: user.id,
      email: row.email,
      displayName: row.display_name,
      role: user.role,
      locale: row.locale,
      organisationIds: user.organisationIds,
    };
  }

  /** A new password ends every other session: all refresh tokens and earlier access tokens. */
  async changePassword(
    user: AuthenticatedUser,
    dto: ChangePasswordDto,
    address: string,
  ): Promise<void> {
    // A stolen session must not become a way to guess the password: the log-in limits apply.
    const account = `password:${user.id}`;
    await this.throttle.registerAttempt(account, address);
    const [row] = await this.throttle.beforeCheck(account, () =>
      this.dataSource.query<{ email: string; password_hash: string | null }[]>(
        `SELECT email, password_hash FROM app_user WHERE id = $1`,
        [user.id],
      ),
    );
    if (!(await verifyPassword(row.password_hash, dto.currentPassword))) {
      await this.throttle.registerFailure(address);
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'currentPassword', message: 'currentPassword is incorrect' }],
      });
    }
    const problem = passwordProblem(dto.newPassword, row.email);
    if (problem) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'newPassword', message: `newPassword ${problem}` }],
      });
    }
    await this.throttle.clearAccount(account);
    const passwordHash = await hashPassword(dto.newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE app_user SET password_hash = $2, password_changed_at = now(), updated_at = now(), version = version + 1
          WHERE id = $1`,
        [user.id, passwordHash],
      );
      await this.refreshTokens.revokeAllOfUser(manager, user.id, 'password_changed');
    });
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
