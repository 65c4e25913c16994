import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import type { Role } from '../../common/auth/roles.js';
import type { PageQuery } from '../../common/http/page-query.js';
import { type Page, queryPage } from '../../database/paged-query.js';
import { changedRows, compile, execute, selectRows, type Sql, sql } from '../../database/sql.js';
import type { Locale, RegistrationScheme, UserStatus } from './entities/user.entity.js';

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  status: UserStatus;
  locale: Locale;
  organisation_ids: string[];
  registration_scheme: RegistrationScheme | null;
  registration_number: string | null;
  version: number;
}

/** What a sign-in needs to know of an account. */
export interface SignInRow {
  id: string;
  status: UserStatus;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: boolean;
}

export interface AccountEventRow {
  occurred_at: Date;
  action: string;
  object_id: string | null;
  account_name: string | null;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  outcome: string;
  detail: Record<string, string | number | boolean | null> | null;
  correlation_id: string | null;
}

/** Roles HR may invite and manage, for its own employer only. */
export const HR_MANAGED_ROLES: readonly Role[] = ['hr', 'employee'];

const USER_COLUMNS = sql`u.id, u.email, u.display_name, u.role, u.status, u.locale, u.version,
  u.registration_scheme, u.registration_number,
  coalesce((SELECT array_agg(m.organisation_id ORDER BY m.organisation_id) FROM membership m WHERE m.user_id = u.id), '{}') AS organisation_ids`;

type Db = DataSource | EntityManager;

/** The accounts: every statement on `app_user` and `membership` of the account use cases. */
@Injectable()
export class UserStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Accounts the actor manages: admins every account; HR the HR and employee accounts of its own
   * employer; a manager every account of its own practice or service.
   */
  visibleTo(actor: AuthenticatedUser): Sql {
    if (actor.role === 'admin') return sql`TRUE`;
    const member = sql`EXISTS (SELECT 1 FROM membership m
      WHERE m.user_id = u.id AND m.organisation_id = ANY(${actor.organisationIds}::uuid[]))`;
    if (actor.role === 'manager') return member;
    return sql`(u.role = ANY(${HR_MANAGED_ROLES}::text[]) AND ${member})`;
  }

  async find(db: Db, id: string, scope: Sql = sql`TRUE`): Promise<UserRow | undefined> {
    const [row] = await selectRows<UserRow>(
      db,
      sql`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = ${id} AND ${scope}`,
    );
    return row;
  }

  page(scope: Sql, organisationId: string | undefined, page: PageQuery): Promise<Page<UserRow>> {
    const conditions = [scope];
    if (organisationId) {
      conditions.push(sql`EXISTS (SELECT 1 FROM membership m
        WHERE m.user_id = u.id AND m.organisation_id = ${organisationId})`);
    }
    const columns = compile(USER_COLUMNS).text;
    const where = compile(sql.join(conditions, sql` AND `));
    return queryPage(
      this.dataSource,
      {
        select: columns,
        from: 'app_user u',
        where: where.text,
        orderBy: 'u.email, u.id',
        params: where.values,
      },
      page,
      (row: UserRow) => row,
    );
  }

  /** Serialises invitations of one address, so two at once cannot both pass the checks. */
  async lockAddress(manager: EntityManager, email: string): Promise<void> {
    await execute(manager, sql`SELECT pg_advisory_xact_lock(hashtext(${`invite:${email}`}))`);
  }

  /** Whether the address belongs to a live (invited or active) account in this scope. */
  async addressTaken(manager: EntityManager, email: string, scope: Sql): Promise<boolean> {
    const rows = await selectRows<unknown>(
      manager,
      sql`SELECT 1 FROM app_user u WHERE u.email = ${email} AND u.status <> 'disabled' AND ${scope} LIMIT 1`,
    );
    return rows.length > 0;
  }

  async insertInvited(
    manager: EntityManager,
    account: {
      email: string;
      displayName: string;
      role: Role;
      locale: Locale;
      registration: { scheme: RegistrationScheme; number: string } | null;
    },
  ): Promise<string> {
    const [row] = await selectRows<{ id: string }>(
      manager,
      sql`INSERT INTO app_user (email, display_name, role, status, locale, registration_scheme, registration_number, version)
          VALUES (${account.email}, ${account.displayName}, ${account.role}, 'invited', ${account.locale},
                  ${account.registration?.scheme ?? null}, ${account.registration?.number ?? null}, 1)
          RETURNING id`,
    );
    return row.id;
  }

  async addMembership(manager: EntityManager, userId: string, organisationId: string) {
    await execute(
      manager,
      sql`INSERT INTO membership (user_id, organisation_id) VALUES (${userId}, ${organisationId})`,
    );
  }

  /** Links an employee record without an account to the new account; false when it cannot. */
  async linkEmployee(
    manager: EntityManager,
    userId: string,
    employeeId: string,
    employerId: string,
  ): Promise<boolean> {
    const rows = await changedRows<unknown>(
      manager,
      sql`UPDATE employee SET user_id = ${userId}, updated_at = now(), version = version + 1
           WHERE id = ${employeeId} AND employer_id = ${employerId} AND user_id IS NULL RETURNING id`,
    );
    return rows.length > 0;
  }

  async organisationKind(db: Db, organisationId: string): Promise<string | undefined> {
    const [row] = await selectRows<{ kind: string }>(
      db,
      sql`SELECT kind FROM organisation WHERE id = ${organisationId}`,
    );
    return row?.kind;
  }

  /** Activates an invited account with its first password; false when it is not invited. */
  async activate(manager: EntityManager, userId: string, passwordHash: string): Promise<boolean> {
    const rows = await changedRows<unknown>(
      manager,
      sql`UPDATE app_user SET status = 'active', password_hash = ${passwordHash}, password_changed_at = now(),
                 updated_at = now(), version = version + 1
           WHERE id = ${userId} AND status = 'invited' RETURNING id`,
    );
    return rows.length > 0;
  }

  /** A new password; every access token issued before ends (the session generation goes up). */
  async setPassword(manager: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await execute(
      manager,
      sql`UPDATE app_user SET password_hash = ${passwordHash}, password_changed_at = now(),
                 session_generation = session_generation + 1, updated_at = now(), version = version + 1
           WHERE id = ${userId}`,
    );
  }

  /** Ends every access token of the account issued before now. */
  async endAccessTokens(manager: EntityManager, userId: string): Promise<void> {
    await execute(
      manager,
      sql`UPDATE app_user SET session_generation = session_generation + 1 WHERE id = ${userId}`,
    );
  }

  async disable(manager: EntityManager, userId: string): Promise<void> {
    await execute(
      manager,
      sql`UPDATE app_user SET status = 'disabled', session_generation = session_generation + 1,
                 updated_at = now(), version = version + 1
           WHERE id = ${userId}`,
    );
  }

  /** Optimistic on the version: false when the account changed since it was read. */
  async changeRole(
    manager: EntityManager,
    userId: string,
    expectedVersion: number,
    role: Role,
  ): Promise<boolean> {
    const rows = await changedRows<unknown>(
      manager,
      sql`UPDATE app_user SET role = ${role}, updated_at = now(), version = version + 1
           WHERE id = ${userId} AND version = ${expectedVersion} RETURNING id`,
    );
    return rows.length > 0;
  }

  /** The active account of an address (the one that signs in with it), if any. */
  async findClaimed(db: Db, email: string): Promise<SignInRow | undefined> {
    const [row] = await selectRows<SignInRow>(
      db,
      sql`SELECT id, status, password_hash, totp_secret, totp_enabled_at IS NOT NULL AS totp_enabled
            FROM app_user WHERE email = ${email} AND status = 'active'`,
    );
    return row;
  }

  /** Account events (invitations, activations, role changes, disabling), newest first. */
  accountEvents(
    actor: AuthenticatedUser,
    accountId: string | undefined,
    page: PageQuery,
  ): Promise<Page<AccountEventRow>> {
    const conditions = [sql`a.object_type = 'account'`];
    if (accountId) conditions.push(sql`a.object_id = ${accountId}`);
    if (actor.role !== 'admin') {
      conditions.push(sql`EXISTS (SELECT 1 FROM membership m
        WHERE m.user_id::text = a.object_id AND m.organisation_id = ANY(${actor.organisationIds}::uuid[]))`);
    }
    const where = compile(sql.join(conditions, sql` AND `));
    return queryPage(
      this.dataSource,
      {
        select: `a.occurred_at, a.action, a.object_id, account.display_name AS account_name,
                 a.actor_user_id, actor.display_name AS actor_name, a.actor_role, a.outcome, a.detail,
                 a.correlation_id`,
        from: `audit_event a
               LEFT JOIN app_user account ON account.id::text = a.object_id
               LEFT JOIN app_user actor ON actor.id = a.actor_user_id`,
        where: where.text,
        orderBy: 'a.occurred_at DESC, a.id DESC',
        params: where.values,
      },
      page,
      (row: AccountEventRow) => row,
    );
  }
}
