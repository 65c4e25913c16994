import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ACCESS_TOKEN_ALGORITHM, type AccessTokenClaims } from '../../common/auth/jwt.strategy.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { ChangePasswordDto, LoginDto, MeDto, TokensDto } from './dto/auth.dto.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { hashPassword, verifyPassword } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import { RefreshTokenService } from './refresh-token.service.js';

const INVALID_CREDENTIALS = 'The e-mail address or password is incorrect.';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly throttle: LoginThrottleService,
  ) {}

  /** Unknown e-mail, wrong password and an inactive account get the same answer in the same time. */
  async login(dto: LoginDto, address: string): Promise<TokensDto> {
    const email = normaliseEmail(dto.email);
    await this.throttle.registerAttempt(email, address);
    const [user] = await this.dataSource.query<
      { id: string; status: string; password_hash: string | null }[]
    >(`SELECT id, status, password_hash FROM app_user WHERE email = $1`, [email]);
    const passwordOk = await verifyPassword(user?.password_hash ?? null, dto.password);
    if (!user || !passwordOk || user.status !== 'active') {
      await this.throttle.registerFailure(address);
      throw new DomainError('unauthenticated', INVALID_CREDENTIALS);
    }
    await this.throttle.clearAccount(email);
    return this.dataSource.transaction((manager) => this.issueTokens(manager, user.id));
  }

  /** Rotates the refresh token; a token presented twice revokes its whole family. */
  async refresh(refreshToken: string): Promise<TokensDto> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const consumed = await this.refreshTokens.consume(manager, refreshToken);
      if (typeof consumed === 'string') return consumed;
      const [active] = await manager.query<{ id: string }[]>(
        `SELECT id FROM app_user WHERE id = $1 AND status = 'active'`,
        [consumed.userId],
      );
      if (!active) return 'invalid';
      return this.issueTokens(manager, consumed.userId, consumed.familyId);
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
  async changePassword(user: AuthenticatedUser, dto: ChangePasswordDto): Promise<void> {
    const [row] = await this.dataSource.query<{ email: string; password_hash: string | null }[]>(
      `SELECT email, password_hash FROM app_user WHERE id = $1`,
      [user.id],
    );
    if (!(await verifyPassword(row.password_hash, dto.currentPassword))) {
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

  private async issueTokens(
    manager: EntityManager,
    userId: string,
    familyId?: string,
  ): Promise<TokensDto> {
    const claims: Omit<AccessTokenClaims, 'iat'> = { sub: userId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      secret: this.config.jwt.accessSecret,
      issuer: this.config.jwt.issuer,
      audience: this.config.jwt.audience,
      expiresIn: this.config.jwt.accessTtlSeconds,
    });
    const refresh = await this.refreshTokens.issue(manager, userId, familyId);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwt.accessTtlSeconds,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
    };
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
