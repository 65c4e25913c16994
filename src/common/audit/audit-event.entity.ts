import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_OUTCOMES = ['allowed', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Append-only record of every read or change of clinical data, and of every denial. No foreign
 * keys: the trail outlives what it points at. A database trigger refuses UPDATE, DELETE and
 * TRUNCATE, whatever role the application connects as.
 */
@Entity({ name: 'audit_event' })
@Check('CHK_audit_event_outcome', `"outcome" IN ('allowed', 'denied', 'failed')`)
@Index('IDX_audit_event_subject', ['subjectEmployeeId', 'occurredAt'])
@Index('IDX_audit_event_actor', ['actorUserId', 'occurredAt'])
@Index('IDX_audit_event_account', ['occurredAt'], { where: `"object_type" = 'account'` })
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'PK_audit_event',
  })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'actor_role', type: 'text', nullable: true })
  actorRole: string | null;

  @Column({ name: 'on_behalf_of_organisation_id', type: 'uuid', nullable: true })
  onBehalfOfOrganisationId: string | null;

  @Column({ name: 'action', type: 'text' })
  action: string;

  @Column({ name: 'object_type', type: 'text' })
  objectType: string;

  @Column({ name: 'object_id', type: 'text', nullable: true })
  objectId: string | null;

  @Column({ name: 'subject_employee_id', type: 'uuid', nullable: true })
  subjectEmployeeId: string | null;

  @Column({ name: 'outcome', type: 'text' })
  outcome: AuditOutcome;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @Column({ name: 'address', type: 'inet', nullable: true })
  address: string | null;

  /**
   * A few functional facts of an account event (the roles of a role change, the organisation of
   * an invitation); never clinical, never a secret.
   */
  @Column({ name: 'detail', type: 'jsonb', nullable: true })
  detail: Record<string, string | number | boolean | null> | null;
}
