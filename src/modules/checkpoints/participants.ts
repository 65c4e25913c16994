import type { EntityManager } from 'typeorm';
import type { Participant } from './timeline.js';

/**
 * The active users behind participant roles of an episode, as SQL: HR of its employer, the
 * physiotherapists and occupational doctors on its care team, the employee when they have an
 * account. `episode` and `participants` are SQL expressions (a uuid and a text[]).
 */
export function participantUsersSql(episode: string, participants: string): string {
  return `SELECT u.id FROM episode pe
       JOIN membership pm ON pm.organisation_id = pe.employer_id
       JOIN app_user u ON u.id = pm.user_id AND u.role = 'hr'
      WHERE pe.id = ${episode} AND 'hr' = ANY(${participants}) AND u.status = 'active'
     UNION
     SELECT u.id FROM care_team_member pc JOIN app_user u ON u.id = pc.user_id
      WHERE pc.episode_id = ${episode} AND pc.role = ANY(${participants}) AND u.status = 'active'
     UNION
     SELECT u.id FROM episode pe JOIN employee p ON p.id = pe.employee_id
       JOIN app_user u ON u.id = p.user_id
      WHERE pe.id = ${episode} AND 'employee' = ANY(${participants}) AND u.status = 'active'`;
}

export async function participantUsers(
  manager: EntityManager,
  episodeId: string,
  participants: readonly Participant[],
): Promise<string[]> {
  if (!participants.length) return [];
  const rows = await manager.query<{ id: string }[]>(
    participantUsersSql('$1::uuid', '$2::text[]'),
    [episodeId, participants],
  );
  return rows.map((row) => row.id);
}
