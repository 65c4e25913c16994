import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { createSecretKey } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { queryPrepared } from '../../database/prepared-query.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import type { Role } from './roles.js';

export const ACCESS_TOKEN_ALGORITHM = 'HS256';

/** Authentication methods of the session (RFC 8176): `pwd`, and `otp` after a second factor. */
export type AuthMethod = 'pwd' | 'otp';

export interface AccessTokenClaims {
  sub: string;
  typ: 'access';
  amr: AuthMethod[];
  /** The account's session generation when the token was issued. */
  gen: number;
  iat: number;
}

/**
 * Verifies the access token (signature with the pinned algorithm, expiry, issuer, audience, type)
 * and then reads the user from the database, so that disabling a user, changing a role, a
 * password change or a refresh token presented twice (which raise the account's session
 * generation) takes effect on the very next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const accessKey = createSecretKey(Buffer.from(config.jwt.accessSecret, 'utf8'));
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A key object made once: given the secret as a string, jsonwebtoken tries to parse it as a
      // public key on every verification before treating it as a secret, which costs CPU. It
      // accepts a KeyObject; the passport-jwt types only know strings and buffers.
      secretOrKeyProvider: (_request, _token, done) => done(null, accessKey as unknown as Buffer),
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser | false> {
    if (
      claims.typ !== 'access' ||
      typeof claims.sub !== 'string' ||
      !Array.isArray(claims.amr) ||
      !Number.isSafeInteger(claims.gen)
    ) {
      return false;
    }
    // On every request: a prepared statement, parsed and planned once per connection.
    const rows = await queryPrepared<{
      id: string;
      role: Role;
      organisation_ids: string[];
      totp_enabled: boolean;
    }>(
      this.dataSource,
      `SELECT u.id, u.role, u.totp_enabled_at IS NOT NULL AS totp_enabled,
              coalesce(array_agg(m.organisation_id) FILTER (WHERE m.organisation_id IS NOT NULL), '{}') AS organisation_ids
         FROM app_user u
         LEFT JOIN membership m ON m.user_id = u.id
        WHERE u.id = $1 AND u.status = 'active' AND u.session_generation = $2
        GROUP BY u.id`,
      [claims.sub, claims.gen],
    );
    const user = rows[0];
    const secondFactor = claims.amr.includes('otp');
    // Once a second factor is set up, sessions that did not pass it are over.
    if (!user || (user.totp_enabled && !secondFactor)) return false;
    return { id: user.id, role: user.role, organisationIds: user.organisation_ids, secondFactor };
  }
}
