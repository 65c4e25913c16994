import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../common/audit/audit.service.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { CLINICAL_ROLES, type Role } from '../../common/auth/roles.js';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { AccountLinksService } from './account-links.service.js';
import type {
  AcceptInvitationDto,
  AccountEventPageDto,
  InvitationDto,
  InvitedUserDto,
  InviteUserDto,
  ListAccountEventsQuery,
  ListUsersQuery,
  UserDto,
  UserPageDto,
} from './dto/user.dto.js';
import { hashPassword } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import {
  formatRegistration,
  type Registration,
  registrationDigits,
  registrationProblem,
} from './professional-registration.js';
import { RefreshTokenService } from './refresh-token.service.js';
import { TrustedDevicesService } from './trusted-devices.service.js';
import { type AccountEventRow, HR_MANAGED_ROLES, type UserRow, UserStore } from './user.store.js';

/**
 * The kinds of organisation each role works for; admins work for none. A manager works for a
 * practice or a health service and invites its people.
 */
const ORGANISATION_KINDS_OF_ROLE: Record<Role, readonly string[]> = {
  admin: [],
  hr: ['employer'],
  employee: ['employer'],
  physio: ['physio_practice'],
  occupational_doctor: ['occupational_health_service'],
  analyst: ['occupational_health_service'],
  manager: ['physio_practice', 'occupational_health_service'],
};

/**
 * Who may invite which roles. A clinical account (physiotherapist, occupational doctor) is invited
 * only by a manager of its own practice or service, never by a platform admin: no single account
 * can create a clinical identity for itself and read clinical data with it.
 */
const INVITABLE_BY: Partial<Record<Role, readonly Role[]>> = {
  admin: ['admin', 'hr', 'employee', 'analyst', 'manager'],
  hr: HR_MANAGED_ROLES,
  manager: ['physio', 'occupational_doctor', 'analyst', 'manager'],
};

const invalid = (errors: FieldError[]) =>
  new DomainError('validation_failed', 'Some fields are invalid.', { errors });
const notFound = () => new DomainError('not_found', 'The requested resource does not exist.');

/**
 * Accounts: invitations (by e-mail only), activation, roles and disabling. Every account event is
 * an audit row with its actor, read in the account-events view.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: UserStore,
    private readonly links: AccountLinksService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly devices: TrustedDevicesService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates an invited account; the invitation link goes by e-mail to the invited address, and to
   * nobody else. An address that already has an account elsewhere is no reason to refuse (that
   * would tell the inviter about another organisation's account): the invitee finds out when
   * accepting. Only an account the inviter can see makes the address taken.
   */
  async invite(actor: AuthenticatedUser, dto: InviteUserDto): Promise<InvitedUserDto> {
    const invitable = INVITABLE_BY[actor.role] ?? [];
    if (!invitable.includes(dto.role)) {
      throw invalid([
        {
          field: 'role',
          message: CLINICAL_ROLES.includes(dto.role)
            ? 'a physiotherapist or occupational doctor is invited by a manager of their own practice or service'
            : `role must be one of: ${invitable.join(', ')}`,
        },
      ]);
    }
    let organisationId = dto.organisationId;
    if (actor.role !== 'admin') {
      organisationId ??= actor.organisationIds[0];
      if (!organisationId || !actor.organisationIds.includes(organisationId)) {
        throw invalid([
          {
            field: 'organisationId',
            message: `organisationId must be your own ${actor.role === 'hr' ? 'employer' : 'organisation'}`,
          },
        ]);
      }
    }
    await this.checkOrganisationFitsRole(dto.role, organisationId);
    const registration = this.checkRegistration(dto.role, dto.registration);

    const { id, expiresAt } = await this.dataSource
      .transaction(async (manager) => {
        await this.store.lockAddress(manager, dto.email);
        if (await this.store.addressTaken(manager, dto.email, this.store.visibleTo(actor))) {
          throw new DomainError(
            'conflict',
            'An account you manage has this e-mail address already.',
            {
              errors: [
                {
                  field: 'email',
                  message:
                    'email belongs to an account you manage already; re-send its invitation instead',
                },
              ],
            },
          );
        }
        const userId = await this.store.insertInvited(manager, {
          email: dto.email,
          displayName: dto.displayName,
          role: dto.role,
          locale: dto.locale ?? 'nl',
          registration,
        });
        if (dto.employeeId) {
          const linked =
            dto.role === 'employee' &&
            organisationId !== undefined &&
            (await this.store.linkEmployee(manager, userId, dto.employeeId, organisationId));
          if (!linked) {
            throw invalid([
              {
                field: 'employeeId',
                message:
                  'employeeId must be an employee of the organisation without an account, for an employee account',
              },
            ]);
          }
        }
        if (organisationId) await this.store.addMembership(manager, userId, organisationId);
        const link = await this.links.issue(manager, {
          userId,
          purpose: 'invitation',
          createdBy: actor.id,
        });
        await this.recordEvent(manager, actor, 'account.invited', userId, {
          role: dto.role,
          organisationId: organisationId ?? null,
          registration: registration
            ? formatRegistration(registration.scheme, registration.number)
            : null,
        });
        return { id: userId, expiresAt: link.expiresAt };
      })
      .catch((error: unknown) => {
        if ((error as { constraint?: string }).constraint === 'UQ_app_user_registration') {
          throw new DomainError('conflict', 'An account has this registration number already.', {
            errors: [
              {
                field: 'registration.number',
                message: 'registration.number belongs to an account already',
              },
            ],
          });
        }
        throw error;
      });
    return {
      user: await this.get(actor, id),
      invitation: { expiresAt: expiresAt.toISOString() },
    };
  }

  /** A new invitation link by e-mail; the earlier link stops working. */
  async resendInvitation(actor: AuthenticatedUser, id: string): Promise<InvitationDto> {
    return this.dataSource.transaction(async (manager) => {
      const target = await this.store.find(manager, id, this.store.visibleTo(actor));
      if (!target) throw notFound();
      if (target.status !== 'invited') {
        throw new DomainError(
          'conflict',
          'This account has been activated or disabled; there is no invitation to re-send.',
        );
      }
      const link = await this.links.issue(manager, {
        userId: id,
        purpose: 'invitation',
        createdBy: actor.id,
      });
      await this.recordEvent(manager, actor, 'account.invitation_resent', id);
      return { expiresAt: link.expiresAt.toISOString() };
    });
  }

  /**
   * Sets the first password with the link of the invitation e-mail. The link works once, before
   * it expires, and only while it is the newest one.
   */
  async acceptInvitation(dto: AcceptInvitationDto): Promise<void> {
    const rejected = () =>
      new DomainError('unauthenticated', 'The invitation is invalid, expired or already used.');
    const pending = await this.links.peek('invitation', dto.token);
    if (!pending) throw rejected();
    const problem = passwordProblem(dto.password, pending.email);
    if (problem) throw invalid([{ field: 'password', message: `password ${problem}` }]);
    const passwordHash = await hashPassword(dto.password);

    await this.dataSource
      .transaction(async (manager) => {
        const userId = await this.links.use(manager, 'invitation', dto.token);
        if (!userId || !(await this.store.activate(manager, userId, passwordHash)))
          throw rejected();
        await this.audit.record(
          {
            actor: undefined,
            action: 'account.activated',
            objectType: 'account',
            objectId: userId,
            outcome: 'allowed',
          },
          manager,
        );
      })
      .catch((error: unknown) => {
        // Another invitation of the same address was accepted first: the address is taken. Its
        // owner, who holds this link, may know that.
        if ((error as { constraint?: string }).constraint === 'UQ_app_user_email_claimed') {
          throw new DomainError(
            'conflict',
            'This e-mail address has an account already: sign in with it, or reset its password.',
          );
        }
        throw error;
      });
  }

  async list(actor: AuthenticatedUser, query: ListUsersQuery): Promise<UserPageDto> {
    const page = await this.store.page(this.store.visibleTo(actor), query.organisationId, query);
    return { ...page, items: page.items.map(toDto) };
  }

  async get(actor: AuthenticatedUser, id: string): Promise<UserDto> {
    const row = await this.store.find(this.dataSource, id, this.store.visibleTo(actor));
    if (!row) throw notFound();
    return toDto(row);
  }

  /** Takes effect on the user's next request; every session and known device of the user ends. */
  async disable(actor: AuthenticatedUser, id: string): Promise<UserDto> {
    const target = await this.get(actor, id);
    if (target.id === actor.id)
      throw new DomainError('conflict', 'You cannot disable your own account.');
    await this.dataSource.transaction(async (manager) => {
      await this.store.disable(manager, id);
      await this.refreshTokens.revokeAllOfUser(manager, id, 'user_disabled');
      await this.devices.forgetAll(manager, id);
      await this.recordEvent(manager, actor, 'account.disabled', id, { role: target.role });
    });
    return this.get(actor, id);
  }

  /**
   * Admins only; optimistic on the account's version. Takes effect on the user's next request.
   * A clinical role is never given or taken this way: it comes with the invitation of the practice
   * or service, with the professional registration.
   */
  async changeRole(
    actor: AuthenticatedUser,
    id: string,
    expectedVersion: number,
    role: Role,
  ): Promise<UserDto> {
    const target = await this.get(actor, id);
    if (CLINICAL_ROLES.includes(role) || CLINICAL_ROLES.includes(target.role)) {
      throw invalid([
        {
          field: 'role',
          message:
            'a physiotherapist or occupational doctor account is invited by a manager of its practice or service, with its registration; its role does not change',
        },
      ]);
    }
    await this.checkOrganisationFitsRole(role, target.organisationIds[0], 'role');
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.store.changeRole(manager, id, expectedVersion, role))) {
        throw new DomainError(
          'precondition_failed',
          'The account has changed since you read it; read it again.',
        );
      }
      await this.recordEvent(manager, actor, 'account.role_changed', id, {
        from: target.role,
        to: role,
      });
    });
    return this.get(actor, id);
  }

  /** Invitations, activations, role changes and disabling, with who did them. */
  async accountEvents(
    actor: AuthenticatedUser,
    query: ListAccountEventsQuery,
  ): Promise<AccountEventPageDto> {
    const page = await this.store.accountEvents(actor, query.accountId, query);
    return { ...page, items: page.items.map(toEventDto) };
  }

  private recordEvent(
    manager: EntityManager,
    actor: AuthenticatedUser,
    action: string,
    accountId: string,
    detail?: Record<string, string | null>,
  ): Promise<void> {
    return this.audit.record(
      { actor, action, objectType: 'account', objectId: accountId, outcome: 'allowed', detail },
      manager,
    );
  }

  /** The registration as stored (digits only), required exactly for the clinical roles. */
  private checkRegistration(
    role: Role,
    registration: Registration | undefined,
  ): Registration | null {
    if (!CLINICAL_ROLES.includes(role)) {
      if (registration) {
        throw invalid([
          {
            field: 'registration',
            message: 'registration is for physiotherapist and occupational doctor accounts only',
          },
        ]);
      }
      return null;
    }
    if (!registration) {
      throw invalid([
        {
          field: 'registration',
          message:
            'registration (BIG or RIZIV/INAMI number) is required for a physiotherapist or occupational doctor',
        },
      ]);
    }
    const problem = registrationProblem(role, registration);
    if (problem)
      throw invalid([{ field: 'registration.number', message: `registration.number: ${problem}` }]);
    return { scheme: registration.scheme, number: registrationDigits(registration.number) };
  }

  private async checkOrganisationFitsRole(
    role: Role,
    organisationId: string | undefined,
    field = 'organisationId',
  ) {
    const allowed = ORGANISATION_KINDS_OF_ROLE[role];
    if (!allowed.length) {
      if (organisationId)
        throw invalid([{ field, message: `${role} accounts belong to no organisation` }]);
      return;
    }
    const actual = organisationId
      ? await this.store.organisationKind(this.dataSource, organisationId)
      : undefined;
    if (!actual || !allowed.includes(actual)) {
      throw invalid([
        {
          field,
          message: `${role} accounts belong to an organisation of kind ${allowed.join(' or ')}`,
        },
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
    registration:
      row.registration_scheme && row.registration_number
        ? {
            scheme: row.registration_scheme,
            number: row.registration_number,
            display: formatRegistration(row.registration_scheme, row.registration_number),
          }
        : null,
    version: row.version,
  };
}

function toEventDto(row: AccountEventRow) {
  return {
    occurredAt: new Date(row.occurred_at).toISOString(),
    action: row.action,
    accountId: row.object_id,
    accountName: row.account_name,
    actorId: row.actor_user_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    outcome: row.outcome,
    detail: row.detail,
    correlationId: row.correlation_id,
  };
}
