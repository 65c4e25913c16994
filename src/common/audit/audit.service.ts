import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { currentContext } from '../request-context/request-context.js';
import type { AuditOutcome } from './audit-event.entity.js';

export interface AuditEntry {
  actor: AuthenticatedUser | undefined;
  /** What was done, as `<object>.<verb>`: `episode.read`, `plan.update`, `route.denied`. */
  action: string;
  objectType: string;
  objectId?: string;
  /** The employee whose data this is, so the employee's access log can list it. */
  subjectEmployeeId?: string;
  /** The organisation the actor acted for; by default the first it works for (practice, service, employer). */
  onBehalfOfOrganisationId?: string;
  outcome: AuditOutcome;
  /** A few functional facts (the roles of a role change); never clinical, never a secret. */
  detail?: Record<string, string | number | boolean | null>;
}

/**
 * The one audit path. Clinical reads and changes call `record` with the manager of their own
 * transaction, so the audit row and the data access commit or fail together: when the row cannot
 * be written, the access fails too.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const values = auditValues(entry);
    await manager.query(
      `INSERT INTO audit_event (${AUDIT_COLUMNS.join(', ')})
       VALUES (${values.map((_, index) => `$${index + 1}`).join(', ')})`,
      values,
    );
  }

  /**
   * The same row as one step of a data-modifying statement, for a write done in a single round
   * trip: `INSERT INTO audit_event ... SELECT ... FROM <from>`, one row per row of `from`, whose
   * `<subjectColumn>` names the employee. Its values are appended to `params`.
   */
  auditStep(
    entry: Omit<AuditEntry, 'subjectEmployeeId'>,
    from: string,
    subjectColumn: string,
    params: unknown[],
  ): string {
    const values = auditValues(entry).map((value, index) => {
      if (AUDIT_COLUMNS[index] === 'subject_employee_id') return `${from}.${subjectColumn}`;
      params.push(value);
      return `$${params.length}::${AUDIT_COLUMN_TYPES[index]}`;
    });
    return `INSERT INTO audit_event (${AUDIT_COLUMNS.join(', ')}) SELECT ${values.join(', ')} FROM ${from}`;
  }
}

const AUDIT_COLUMNS = [
  'actor_user_id',
  'actor_role',
  'on_behalf_of_organisation_id',
  'action',
  'object_type',
  'object_id',
  'subject_employee_id',
  'outcome',
  'correlation_id',
  'address',
  'detail',
] as const;
const AUDIT_COLUMN_TYPES = [
  'uuid',
  'text',
  'uuid',
  'text',
  'text',
  'text',
  'uuid',
  'text',
  'text',
  'inet',
  'jsonb',
];

/** The values of an audit row, in AUDIT_COLUMNS order; the request context fills in the rest. */
function auditValues(entry: AuditEntry): unknown[] {
  const context = currentContext();
  return [
    entry.actor?.id ?? null,
    entry.actor?.role ?? null,
    entry.onBehalfOfOrganisationId ?? entry.actor?.organisationIds[0] ?? null,
    entry.action,
    entry.objectType,
    entry.objectId ?? null,
    entry.subjectEmployeeId ?? null,
    entry.outcome,
    context?.correlationId ?? null,
    context?.address ?? null,
    entry.detail ? JSON.stringify(entry.detail) : null,
  ];
}
