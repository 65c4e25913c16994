import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import type { Role } from '../../common/auth/roles.js';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { queryPage } from '../../database/paged-query.js';
import { normaliseEmail } from './auth.service.js';
import type {
  AcceptInvitationDto,
  InvitedUserDto,
  InviteUserDto,
  ListUsersQuery,
  UserDto,
  UserPageDto,
} from './dto/user.dto.js';
import { newOpaqueToken, parseOpaqueToken } from './opaque-token.js';
import { hashPassword } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import { RefreshTokenService } from './refresh-token.service.js';
import { modifiedRows } from '../../database/modified-rows.js';

export const INVITATION_TTL_DAYS = 7;

/** The kind of organisation each role works for; admins work for none. */
const ORGANISATION_KIND_OF_ROLE: Record<Role, string | null> = {
  admin: null,
  hr: 'employer',
  employee: 'employer',
  physio: 'physio_practice',
  occupational_doctor: 'occupational_health_service',
  analyst: 'occupational_health_service',
};

/** Roles HR may invite and manage, for its own employer only. */
const HR_MANAGED_ROLES: readonly Role[] = ['hr', 'employee'];

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  status: UserDto['status'];
  locale: UserDto['locale'];
  organisation_ids: string[];
  version: number;
}

const USER_COLUMNS = `u.id, u.email, u.display_name, u.role, u.status, u.locale, u.version,
  coalesce((SELECT array_agg(m.organisation_id ORDER BY m.organisation_id) FROM membership m WHERE m.user_id = u.id), '{}') AS organisation_ids`;

const invalid = (errors: FieldError[]) =>
  new DomainError('validation_failed', 'Some fields are invalid.', { errors });

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokenService,
  ) {}

  /**
   * Creates an invited account and its single-use invitation. Admins invite anyone; HR invites HR
   * and employee accounts of its own employer.
   */
  async invite(actor: AuthenticatedUser, dto: InviteUserDto): Promise<InvitedUserDto> {
    let organisationId = dto.organisationId;
    if (actor.role !== 'admin') {
      if (!HR_MANAGED_ROLES.includes(dto.role))
        throw invalid([{ field: 'role', message: 'role must be hr or employee' }]);
      organisationId ??= actor.organisationIds[0];
      if (!organisationId || !actor.organisationIds.includes(organisationId)) {
        throw invalid([
          { field: 'organisationId', message: 'organisationId must be your own employer' },
        ]);
      }
    }
    await this.checkOrganisationFitsRole(dto.role, organisationId);

    const invitation = newOpaqueToken();
    const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
    const user = await this.dataSource.transaction(async (manager) => {
      const [created] = await manager.query<{ id: string }[]>(
        `INSERT INTO app_user (email, display_name, role, status, locale, version)
         VALUES ($1, $2, $3, 'invited', $4, 1)
         ON CONFLICT ON CONSTRAINT "UQ_app_user_email" DO NOTHING
         RETURNING id`,
        [normaliseEmail(dto.email), dto.displayName, dto.role, dto.locale ?? 'nl'],
      );
      if (!created)
        throw new DomainError('conflict', 'An account with this e-mail address exists already.');
      if (dto.employeeId) {
        const rows = await modifiedRows<unknown>(
          manager,
          `UPDATE employee SET user_id = $1, updated_at = now(), version = version + 1
            WHERE id = $2 AND employer_id = $3 AND user_id IS NULL RETURNING id`,
          [created.id, dto.employeeId, organisationId],
        );
        if (dto.role !== 'employee' || !rows.length) {
          throw invalid([
            {
              field: 'employeeId',
              message:
                'employeeId must be an employee of the organisation without an account, for an employee account',
            },
          ]);
        }
      }
      if (organisationId) {
        await manager.query(`INSERT INTO membership (user_id, organisation_id) VALUES ($1, $2)`, [
          created.id,
          organisationId,
        ]);
      }
      await manager.query(
        `INSERT INTO user_token (id, user_id, purpose, secret_hash, expires_at, created_by)
         VALUES ($1, $2, 'invitation', $3, $4, $5)`,
        [invitation.id, created.id, invitation.secretHash, expiresAt, actor.id],
      );
      const [row] = await manager.query<UserRow[]>(
        `SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1`,
        [created.id],
      );
      return row;
    });
    return {
      user: toDto(user),
      invitation: { token: invitation.value, expiresAt: expiresAt.toISOString() },
    };
  }

  /** Sets the first password. The token works once and only before it expires. */
  async acceptInvitation(dto: AcceptInvitationDto): Promise<void> {
    const parsed = parseOpaqueToken(dto.token);
    const rejected = () =>
      new DomainError('unauthenticated', 'The invitation is invalid, expired or already used.');
    if (!parsed) throw rejected();
    const [pending] = await this.dataSource.query<{ email: string }[]>(
      `SELECT u.email FROM user_token t JOIN app_user u ON u.id = t.user_id
        WHERE t.id = $1 AND t.secret_hash = $2 AND t.purpose = 'invitation' AND t.used_at IS NULL
          AND t.expires_at > now() AND u.status = 'invited'`,
      [parsed.id, parsed.secretHash],
    );
    if (!pending) throw rejected();
    const problem = passwordProblem(dto.password, pending.email);
    if (problem) throw invalid([{ field: 'password', message: `password ${problem}` }]);
    const passwordHash = await hashPassword(dto.password);

    await this.dataSource.transaction(async (manager) => {
      const used = await modifiedRows<{ user_id: string }>(
        manager,
        `UPDATE user_token SET used_at = now()
          WHERE id = $1 AND secret_hash = $2 AND purpose = 'invitation' AND used_at IS NULL AND expires_at > now()
          RETURNING user_id`,
        [parsed.id, parsed.secretHash],
      );
      if (!used.length) throw rejected();
      await manager.query(
        `UPDATE app_user SET status = 'active', password_hash = $2, password_changed_at = now(),
                updated_at = now(), version = version + 1
          WHERE id = $1 AND status = 'invited'`,
        [used[0].user_id, passwordHash],
      );
    });
  }

  async list(actor: AuthenticatedUser, query: ListUsersQuery): Promise<UserPageDto> {
    const params: unknown[] = [];
    const conditions = [this.visibleUsers(actor, params)];
    if (query.organisationId) {
      params.push(query.organisationId);
      conditions.push(
        `EXISTS (SELECT 1 FROM membership m WHERE m.user_id = u.id AND m.organisation_id = $${params.length})`,
      );
    }
    return queryPage(
      this.dataSource,
      {
        select: USER_COLUMNS,
        from: 'app_user u',
        where: conditions.join(' AND '),
        orderBy: 'u.email',
        params,
      },
      query,
      toDto,
    );
  }

  async get(actor: AuthenticatedUser, id: string): Promise<UserDto> {
    const params: unknown[] = [id];
    const [row] = await this.dataSource.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = $1 AND ${this.visibleUsers(actor, params)}`,
      params,
    );
    if (!row) throw new DomainError('not_found', 'The requested resource does not exist.');
    return toDto(row);
  }

  /** Takes effect on the user's next request; every session of the user ends. */
  async disable(actor: AuthenticatedUser, id: string): Promise<UserDto> {
    const target = await this.get(actor, id);
    if (target.id === actor.id)
      throw new DomainError('conflict', 'You cannot disable your own account.');
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE app_user SET status = 'disabled', updated_at = now(), version = version + 1 WHERE id = $1`,
        [id],
      );
      await this.refreshTokens.revokeAllOfUser(manager, id, 'user_disabled');
    });
    return this.get(actor, id);
  }

  /** Admins only; optimistic on the account's version. Takes effect on the user's next request. */
  async changeRole(
    actor: AuthenticatedUser,
    id: string,
    expectedVersion: number,
    role: Role,
  ): Promise<UserDto> {
    const target = await this.get(actor, id);
    await this.checkOrganisationFitsRole(role, target.organisationIds[0], 'role');
    const rows = await modifiedRows<{ id: string }>(
      this.dataSource,
      `UPDATE app_user SET role = $3, updated_at = now(), version = version + 1
        WHERE id = $1 AND version = $2 RETURNING id`,
      [id, expectedVersion, role],
    );
    if (!rows.length)
      throw new DomainError(
        'precondition_failed',
        'The account has changed since you read it; read it again.',
      );
    return this.get(actor, id);
  }

  /** Admins see every account; HR the HR and employee accounts of its own employer. */
  private visibleUsers(actor: AuthenticatedUser, params: unknown[]): string {
    if (actor.role === 'admin') return 'TRUE';
    params.push(actor.organisationIds, HR_MANAGED_ROLES);
    return `(u.role = ANY($${params.length}::text[]) AND EXISTS (
      SELECT 1 FROM membership m WHERE m.user_id = u.id AND m.organisation_id = ANY($${params.length - 1}::uuid[])))`;
  }

  private async checkOrganisationFitsRole(
    role: Role,
    organisationId: string | undefined,
    field = 'organisationId',
  ) {
    const kind = ORGANISATION_KIND_OF_ROLE[role];
    if (kind === null) {
      if (organisationId)
        throw invalid([{ field, message: `${role} accounts belong to no organisation` }]);
      return;
    }
    const [row] = organisationId
      ? await this.dataSource.query<{ kind: string }[]>(
          `SELECT kind FROM organisation WHERE id = $1`,
          [organisationId],
        )
      : [];
    if (row?.kind !== kind) {
      throw invalid([
        { field, message: `${role} accounts belong to an organisation of kind ${kind}` },
      ]);
    }
  }
}

function toDto(row: UserRow): UserDto {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    status: row.status,
    locale: row.locale,
    organisationIds: row.organisation_ids,
    version: row.version,
  };
}
