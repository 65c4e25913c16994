import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { currentlyServedEmployers } from './organisation-scope.js';

/**
 * Which employees a caller may see, as an SQL condition on `<alias>`:
 * - HR: the employees of its own employer;
 * - occupational doctor: the employees of the employers its service currently serves;
 * - employee: itself;
 * - physiotherapist: those on whose episodes' care team it is;
 * - admin, analyst and manager: none (organisations and aggregates only).
 */
export function visibleEmployees(
  user: AuthenticatedUser,
  alias: string,
  params: unknown[],
): string {
  switch (user.role) {
    case 'hr':
      params.push(user.organisationIds);
      return `${alias}.employer_id = ANY($${params.length}::uuid[])`;
    case 'occupational_doctor':
      params.push(user.organisationIds);
      return `${alias}.employer_id IN (${currentlyServedEmployers(`$${params.length}::uuid[]`)})`;
    case 'employee':
      params.push(user.id);
      return `${alias}.user_id = $${params.length}`;
    case 'physio':
      params.push(user.id);
      return `EXISTS (SELECT 1 FROM episode ep JOIN care_team_member ctm ON ctm.episode_id = ep.id
                       WHERE ep.employee_id = ${alias}.id AND ctm.user_id = $${params.length})`;
    case 'admin':
    case 'analyst':
    case 'manager':
      return 'FALSE';
  }
}
