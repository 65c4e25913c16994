import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';
import { selectRows, sql } from '../../database/sql.js';
import {
  ACCESS_TOKEN_ALGORITHM,
  type AccessTokenClaims,
  type AuthMethod,
} from '../../common/auth/jwt.strategy.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { TokensDto } from './dto/auth.dto.js';
import { RefreshTokenService } from './refresh-token.service.js';
import { TrustedDevicesService } from './trusted-devices.service.js';

/** Issues the tokens of a session: a short-lived access JWT and a single-use refresh token. */
@Injectable()
export class SessionTokensService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly devices: TrustedDevicesService,
  ) {}

  /**
   * The tokens of a completed sign-in, with the device token the client keeps and presents at its
   * next log-in (the one it presented, when that is a device of this account).
   */
  async signIn(
    manager: EntityManager,
    userId: string,
    amr: AuthMethod[],
    presentedDevice: string | undefined,
  ): Promise<TokensDto> {
    const tokens = await this.issue(manager, userId, amr);
    return {
      ...tokens,
      deviceToken: await this.devices.afterSignIn(manager, userId, presentedDevice),
    };
  }

  /**
   * `amr` records how the session was authenticated; `familyId` continues a rotated session. The
   * access token carries the account's session generation: when it goes up (a password change, a
   * refresh token presented twice), every access token issued before stops working at once.
   */
  async issue(
    manager: EntityManager,
    userId: string,
    amr: AuthMethod[],
    familyId?: string,
  ): Promise<TokensDto> {
    const [{ session_generation: gen }] = await selectRows<{ session_generation: number }>(
      manager,
      sql`SELECT session_generation FROM app_user WHERE id = ${userId}`,
    );
    const claims: Omit<AccessTokenClaims, 'iat'> = { sub: userId, typ: 'access', amr, gen };
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
