import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';
import {
  ACCESS_TOKEN_ALGORITHM,
  type AccessTokenClaims,
  type AuthMethod,
} from '../../common/auth/jwt.strategy.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { TokensDto } from './dto/auth.dto.js';
import { RefreshTokenService } from './refresh-token.service.js';

/** Issues the tokens of a session: a short-lived access JWT and a single-use refresh token. */
@Injectable()
export class SessionTokensService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokenService,
  ) {}

  /** `amr` records how the session was authenticated; `familyId` continues a rotated session. */
  async issue(
    manager: EntityManager,
    userId: string,
    amr: AuthMethod[],
    familyId?: string,
  ): Promise<TokensDto> {
    const claims: Omit<AccessTokenClaims, 'iat'> = { sub: userId, typ: 'access', amr };
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
