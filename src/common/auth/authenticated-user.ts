import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from './roles.js';

/** The caller, as the database says now: role and status are read on every request. */
export interface AuthenticatedUser {
  id: string;
  role: Role;
  organisationIds: string[];
  /** Whether this session passed a second factor (TOTP or a recovery code). */
  secondFactor: boolean;
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<Request>().user as AuthenticatedUser,
);
