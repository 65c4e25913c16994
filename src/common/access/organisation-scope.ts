import type { AuthenticatedUser } from '../auth/authenticated-user.js';

/**
 * Which organisations a caller may see, as an SQL condition on `<alias>.id`, applied in the query
 * itself so lists, counts and single reads agree:
 * - admin: all;
 * - occupational doctor: its own service and the employers that service currently serves;
 * - everyone else: the organisations they are a member of.
 * Adds its parameters to `params` and returns the condition.
 */
export function visibleOrganisations(
  user: AuthenticatedUser,
  alias: string,
  params: unknown[],
): string {
  if (user.role === 'admin') return 'TRUE';
  params.push(user.organisationIds);
  const own = `$${params.length}::uuid[]`;
  if (user.role === 'occupational_doctor') {
    return `(${alias}.id = ANY(${own}) OR ${alias}.id IN (${currentlyServedEmployers(own)}))`;
  }
  return `${alias}.id = ANY(${own})`;
}

/** Employers served today under a contract of one of the given health services. */
export function currentlyServedEmployers(healthServiceIdsParam: string): string {
  return `SELECT sc.employer_id FROM service_contract sc
           WHERE sc.health_service_id = ANY(${healthServiceIdsParam})
             AND sc.valid_from <= current_date
             AND (sc.valid_to IS NULL OR sc.valid_to >= current_date)`;
}
