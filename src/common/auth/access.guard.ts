import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../errors/domain-error.js';
import { toDomainError } from '../errors/problem-details.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { roleHasPermission, type Permission } from './permissions.js';
import { IS_PUBLIC } from './public.decorator.js';
import { SECOND_FACTOR_ROLES } from './roles.js';
import { ALLOW_WITHOUT_SECOND_FACTOR } from './second-factor.decorator.js';
import { REQUIRED_PERMISSION } from './require-permission.decorator.js';

/**
 * The one gate of every route, deny by default: `@Public()` routes pass; every other route must
 * declare a permission, the caller must present a valid access token, the caller's current role
 * must grant that permission, and clinicians and managers must have passed a second factor.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(
      REQUIRED_PERMISSION,
      targets,
    );

    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<Request>();
    const user = request.user as AuthenticatedUser;
    if (!permission || !roleHasPermission(user.role, permission)) {
      await this.recordDenial(user, request);
      throw new DomainError('forbidden', 'Your role does not allow this.');
    }
    if (
      SECOND_FACTOR_ROLES.includes(user.role) &&
      !user.secondFactor &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_WITHOUT_SECOND_FACTOR, targets)
    ) {
      await this.recordDenial(user, request);
      throw new DomainError('forbidden', 'Set up your second factor first (POST /auth/mfa/enrol).');
    }
    return true;
  }

  /** Denials are part of the audit trail; the request is refused whether or not the row is written. */
  private async recordDenial(user: AuthenticatedUser, request: Request): Promise<void> {
    const route = (request.route as { path?: unknown } | undefined)?.path;
    await this.audit
      .record({
        actor: user,
        action: 'route.denied',
        objectType: 'route',
        objectId: `${request.method} ${typeof route === 'string' ? route : request.path}`,
        outcome: 'denied',
      })
      .catch(() => undefined);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    // The token is fine but the user could not be read (PostgreSQL away): a 503 to retry, not a
    // 401 that would sign the caller out.
    if (error && toDomainError(error).code === 'service_unavailable') throw error;
    if (error || !user) throw new DomainError('unauthenticated', 'Sign-in is required.');
    return user;
  }
}
