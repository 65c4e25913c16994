import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import type { Role } from './roles.js';

export const ACCESS_TOKEN_ALGORITHM = 'HS256';

export interface AccessTokenClaims {
  sub: string;
  typ: 'access';
  iat: number;
}

/**
 * Verifies the access token (signature with the pinned algorithm, expiry, issuer, audience, type)
 * and then reads the user from the database, so that disabling a user, changing a role or a
 * password change takes effect on the very next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwt.accessSecret,
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return false;
    const rows = await this.dataSource.query<
      { id: string; role: Role; organisation_ids: string[] }[]
    >(
      `SELECT u.id, u.role,
              coalesce(array_agg(m.organisation_id) FILTER (WHERE m.organisation_id IS NOT NULL), '{}') AS organisation_ids
         FROM app_user u
         LEFT JOIN membership m ON m.user_id = u.id
        WHERE u.id = $1 AND u.status = 'active'
          AND (u.password_changed_at IS NULL OR u.password_changed_at <= to_timestamp($2 + 1))
        GROUP BY u.id`,
      [claims.sub, claims.iat],
    );
    const user = rows[0];
    return user ? { id: user.id, role: user.role, organisationIds: user.organisation_ids } : false;
  }
}
