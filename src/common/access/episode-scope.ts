import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { currentlyServedEmployers } from './organisation-scope.js';

/**
 * Which episodes a caller may see, as an SQL condition on `<alias>` (an episode row):
 * - HR: its employer's; occupational doctor: those of employers its service currently serves;
 * - physiotherapist: those whose care team it is on; employee: its own;
 * - admin, analyst and manager: none.
 */
export function visibleEpisodes(user: AuthenticatedUser, alias: string, params: unknown[]): string {
  switch (user.role) {
    case 'hr':
      // One employer (the usual case) as a plain equality: PostgreSQL can then read an index on
      // (employer_id, ...) in its order, which it cannot for a list.
      if (user.organisationIds.length === 1) {
        params.push(user.organisationIds[0]);
        return `${alias}.employer_id = $${params.length}::uuid`;
      }
      params.push(user.organisationIds);
      return `${alias}.employer_id = ANY($${params.length}::uuid[])`;
    case 'occupational_doctor':
      params.push(user.organisationIds);
      return `${alias}.employer_id IN (${currentlyServedEmployers(`$${params.length}::uuid[]`)})`;
    case 'physio':
      params.push(user.id);
      return `EXISTS (SELECT 1 FROM care_team_member ctm WHERE ctm.episode_id = ${alias}.id AND ctm.user_id = $${params.length})`;
    case 'employee':
      params.push(user.id);
      return `${alias}.employee_id IN (SELECT emp.id FROM employee emp WHERE emp.user_id = $${params.length})`;
    case 'admin':
    case 'analyst':
    case 'manager':
      return 'FALSE';
  }
}

/** Roles that receive an episode's clinical data when the episode is in their scope. */
export const CLINICAL_VIEW_ROLES = ['physio', 'occupational_doctor'] as const;
