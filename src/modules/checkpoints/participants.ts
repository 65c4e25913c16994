import type { EntityManager } from 'typeorm';
import type { Participant } from './timeline.js';

/**
 * The active users behind participant roles of an episode: HR of its employer, the
 * physiotherapists and occupational doctors on its care team, the employee when they have an
 * account.
 */
export async function participantUsers(
  manager: EntityManager,
  episodeId: string,
  participants: readonly Participant[],
): Promise<string[]> {
  if (!participants.length) return [];
  const rows = await manager.query<{ id: string }[]>(
    `SELECT u.id FROM episode ep
       JOIN membership m ON m.organisation_id = ep.employer_id
       JOIN app_user u ON u.id = m.user_id AND u.role = 'hr'
      WHERE ep.id = $1 AND 'hr' = ANY($2::text[]) AND u.status = 'active'
     UNION
     SELECT u.id FROM care_team_member c JOIN app_user u ON u.id = c.user_id
      WHERE c.episode_id = $1 AND c.role = ANY($2::text[]) AND u.status = 'active'
     UNION
     SELECT u.id FROM episode ep JOIN employee e ON e.id = ep.employee_id
       JOIN app_user u ON u.id = e.user_id
      WHERE ep.id = $1 AND 'employee' = ANY($2::text[]) AND u.status = 'active'`,
    [episodeId, participants],
  );
  return rows.map((row) => row.id);
}
