import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import type { AuthMethod } from '../../common/auth/jwt.strategy.js';
import { SECOND_FACTOR_ROLES } from '../../common/auth/roles.js';
import { openSecret } from '../../common/crypto/secret-box.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { execute, selectRows, sql } from '../../database/sql.js';
import { AccountLinksService } from './account-links.service.js';
import type {
  ChangePasswordDto,
  LoginDto,
  MeDto,
  MfaChallengeDto,
  PasswordResetDto,
  TokensDto,
  UpdateMeDto,
} from './dto/auth.dto.js';
import {
  LOGIN_WINDOW_SECONDS,
  type LoginClient,
  LoginThrottleService,
} from './login-throttle.service.js';
import { MfaService } from './mfa.service.js';
import { hashPassword, verifyPassword } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import { RefreshTokenService } from './refresh-token.service.js';
import { SessionTokensService } from './session-tokens.service.js';
import { verifyTotp } from './totp.js';
import { TrustedDevicesService } from './trusted-devices.service.js';
import { type SignInRow, UserStore } from './user.store.js';

const INVALID_CREDENTIALS = 'The e-mail address or password is incorrect.';
/** Password-reset e-mails one account may be sent an hour, whoever asks. */
const RESET_MAILS_PER_HOUR = 3;
/** Password-reset requests one address may make an hour, for any addresses. */
const RESET_REQUESTS_PER_ADDRESS = 20;

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly refreshTokens: RefreshTokenService,
    private readonly throttle: LoginThrottleService,
    private readonly mfa: MfaService,
    private readonly sessions: SessionTokensService,
    private readonly devices: TrustedDevicesService,
    private readonly users: UserStore,
    private readonly links: AccountLinksService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Unknown e-mail, wrong password and an inactive account get the same answer in the same time.
   * A client that signed in to the account before (its device token) or that sends a valid code of
   * the account's second factor is not held back by other clients' guesses.
   */
  async login(dto: LoginDto, address: string): Promise<TokensDto | MfaChallengeDto> {
    const email = dto.email;
    const client: LoginClient = {
      address,
      deviceId: await this.devices.recognise(dto.deviceToken, email),
    };
    // With a second-factor code the account is read first: the code decides how the attempt is
    // limited. Without one it is read once the attempt is counted.
    const codeAccount = dto.totpCode
      ? await this.users.findClaimed(this.dataSource, email)
      : undefined;
    const secondFactor = dto.totpCode
      ? await this.checkSecondFactor(codeAccount, dto.totpCode)
      : 'none';
    const trusted = secondFactor !== 'none' && secondFactor !== 'wrong';
    await this.throttle.registerAttempt(email, client, { trusted });
    const user = dto.totpCode
      ? codeAccount
      : await this.throttle.beforeCheck(email, () =>
          this.users.findClaimed(this.dataSource, email),
        );
    const passwordOk = await verifyPassword(user?.password_hash ?? null, dto.password);
    if (!user || !passwordOk || user.status !== 'active' || secondFactor === 'wrong') {
      await this.throttle.registerFailure(email, client, { trusted });
      throw new DomainError('unauthenticated', INVALID_CREDENTIALS);
    }
    await this.throttle.registerSuccess(email, client, { trusted });
    if (user.totp_enabled && typeof secondFactor !== 'number') return this.mfa.challenge(user.id);
    return this.dataSource.transaction(async (manager) => {
      if (
        typeof secondFactor === 'number' &&
        !(await this.mfa.useStep(manager, user.id, secondFactor))
      ) {
        throw new DomainError('unauthenticated', INVALID_CREDENTIALS);
      }
      const amr: AuthMethod[] = user.totp_enabled ? ['pwd', 'otp'] : ['pwd'];
      return this.sessions.signIn(manager, user.id, amr, dto.deviceToken);
    });
  }

  /**
   * A code sent with the log-in: its time step when it is a current code of the account's second
   * factor; `wrong` when the account has one and the code is not it; `none` otherwise (no factor,
   * no such account, or too many wrong codes already: then the code is not even looked at).
   */
  private async checkSecondFactor(
    account: SignInRow | undefined,
    code: string,
  ): Promise<number | 'wrong' | 'none'> {
    if (!account?.totp_enabled || !account.totp_secret) return 'none';
    if (!(await this.throttle.secondFactorAllowed(account.id))) return 'none';
    const step = verifyTotp(
      openSecret(this.config.dataEncryptionKey, account.totp_secret),
      code,
      Date.now(),
    );
    if (step !== undefined) return step;
    await this.throttle.secondFactorFailed(account.id);
    return 'wrong';
  }

  /**
   * Rotates the refresh token. A token presented twice has been copied: its whole family is
   * revoked and every access token of the account ends at once.
   */
  async refresh(refreshToken: string): Promise<TokensDto> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const consumed = await this.refreshTokens.consume(manager, refreshToken);
      if (consumed === 'reused') return consumed;
      if (consumed === 'invalid') return consumed;
      const [active] = await selectRows<{ totp_enabled: boolean }>(
        manager,
        sql`SELECT totp_enabled_at IS NOT NULL AS totp_enabled FROM app_user WHERE id = ${consumed.userId} AND status = 'active'`,
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
    const [row] = await selectRows<{ email: string; display_name: string; locale: string }>(
      this.dataSource,
      sql`SELECT email, display_name, locale FROM app_user WHERE id = ${user.id}`,
    );
    return {
      id: user.id,
      email: row.email,
      displayName: row.display_name,
      role: user.role,
      locale: row.locale,
      organisationIds: user.organisationIds,
      secondFactorSetupRequired: SECOND_FACTOR_ROLES.includes(user.role) && !user.secondFactor,
    };
  }

  /** Your own settings: today the language, of the web application and of your e-mails. */
  async updateMe(user: AuthenticatedUser, dto: UpdateMeDto): Promise<MeDto> {
    await execute(
      this.dataSource,
      sql`UPDATE app_user SET locale = ${dto.locale} WHERE id = ${user.id}`,
    );
    return this.me(user);
  }

  /**
   * A new password ends every other session at once: all refresh tokens, every access token
   * issued before (the session generation), and the devices known to the account.
   */
  async changePassword(
    user: AuthenticatedUser,
    dto: ChangePasswordDto,
    address: string,
  ): Promise<void> {
    // A stolen session must not become a way to guess the password: the log-in limits apply.
    const account = `password:${user.id}`;
    const client: LoginClient = { address };
    await this.throttle.registerAttempt(account, client);
    const [row] = await this.throttle.beforeCheck(account, () =>
      selectRows<{ email: string; password_hash: string | null }>(
        this.dataSource,
        sql`SELECT email, password_hash FROM app_user WHERE id = ${user.id}`,
      ),
    );
    if (!(await verifyPassword(row.password_hash, dto.currentPassword))) {
      await this.throttle.registerFailure(account, client);
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
    await this.throttle.registerSuccess(account, client);
    const passwordHash = await hashPassword(dto.newPassword);
    await this.dataSource.transaction(async (manager) => {
      await this.users.setPassword(manager, user.id, passwordHash);
      await this.refreshTokens.revokeAllOfUser(manager, user.id, 'password_changed');
      await this.devices.forgetAll(manager, user.id);
    });
  }

  /**
   * Asks for a password-reset link. The answer is the same whether or not the address has an
   * account; the link goes by e-mail to the account's own address only, at most three an hour.
   */
  async requestPasswordReset(email: string, address: string): Promise<void> {
    if (
      !(await this.throttle.withinHourlyBudget(
        `reset-request:${address}`,
        RESET_REQUESTS_PER_ADDRESS,
      ))
    ) {
      throw new DomainError(
        'rate_limited',
        'Too many password-reset requests from here; try again later.',
        {
          retryAfterSeconds: LOGIN_WINDOW_SECONDS,
        },
      );
    }
    const user = await this.users.findClaimed(this.dataSource, email);
    if (user?.status !== 'active') return;
    if (!(await this.throttle.withinHourlyBudget(`reset-mail:${user.id}`, RESET_MAILS_PER_HOUR))) {
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      await this.links.issue(manager, {
        userId: user.id,
        purpose: 'password_reset',
        createdBy: null,
      });
      await this.audit.record(
        {
          actor: undefined,
          action: 'account.password_reset_requested',
          objectType: 'account',
          objectId: user.id,
          outcome: 'allowed',
        },
        manager,
      );
    });
  }

  /**
   * Sets a new password with the link of a password-reset e-mail. Whoever holds the link controls
   * the mailbox of the account: the sign-in completes (or, with a second factor, asks for it), the
   * earlier sessions and devices end, and the guesses counted against the old password are forgotten.
   */
  async resetPassword(dto: PasswordResetDto): Promise<TokensDto | MfaChallengeDto> {
    const rejected = () =>
      new DomainError('unauthenticated', 'The link is invalid, expired or already used.');
    const pending = await this.links.peek('password_reset', dto.token);
    if (!pending) throw rejected();
    const problem = passwordProblem(dto.password, pending.email);
    if (problem) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'password', message: `password ${problem}` }],
      });
    }
    const passwordHash = await hashPassword(dto.password);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const userId = await this.links.use(manager, 'password_reset', dto.token);
      if (!userId) throw rejected();
      await this.users.setPassword(manager, userId, passwordHash);
      await this.refreshTokens.revokeAllOfUser(manager, userId, 'password_reset');
      await this.devices.forgetAll(manager, userId);
      await this.audit.record(
        {
          actor: undefined,
          action: 'account.password_reset',
          objectType: 'account',
          objectId: userId,
          outcome: 'allowed',
        },
        manager,
      );
      const [state] = await selectRows<{ totp_enabled: boolean }>(
        manager,
        sql`SELECT totp_enabled_at IS NOT NULL AS totp_enabled FROM app_user WHERE id = ${userId}`,
      );
      return { userId, totpEnabled: state.totp_enabled };
    });
    await this.throttle.clearAccount(pending.email);
    if (outcome.totpEnabled) return this.mfa.challenge(outcome.userId);
    return this.dataSource.transaction((manager) =>
      this.sessions.signIn(manager, outcome.userId, ['pwd'], undefined),
    );
  }
}
