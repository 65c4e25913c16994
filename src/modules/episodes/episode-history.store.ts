import type { EntityManager } from 'typeorm';
import { TODAY_SQL } from '../../common/dates/calendar.js';
import { execute, selectRows, sql } from '../../database/sql.js';
import {
  BE_WORK_ATTEMPT_DAYS,
  type ClockDecision,
  NL_RELAPSE_WINDOW_DAYS,
} from './absence-clock.js';
import type { EpisodeStatus } from './entities/episode.entity.js';
import type { CloseReason } from './episode-lifecycle.js';

/**
 * Why an episode's status changed. `manual`: a person chose the move; the others are the platform
 * following the work: the intake was recorded, a plan was approved, full duty was reached and held,
 * the employee fell ill again while being monitored, or a checkpoint decided to close.
 */
export const STATUS_CAUSES = [
  'manual',
  'checkpoint_outcome',
  'intake_recorded',
  'plan_approved',
  'full_duty_held',
  'incapacity_again',
] as const;
export type StatusCause = (typeof STATUS_CAUSES)[number];

/**
 * Why the absence clock was decided again: the episode opened, a work-status step was added after
 * the others, the timeline was corrected in the past (a step inserted or removed), or a step
 * recorded ahead took effect.
 */
export const CLOCK_CAUSES = [
  'episode_opened',
  'work_status_recorded',
  'timeline_corrected',
  'step_took_effect',
] as const;
export type ClockCause = (typeof CLOCK_CAUSES)[number];

export interface StatusMove {
  episodeId: string;
  from: EpisodeStatus;
  to: EpisodeStatus;
  closeReason?: CloseReason | null;
  cause: StatusCause;
  /** Null when the platform moves it. */
  actorId: string | null;
  /** When given, the move happens only at this version (a person's move, with If-Match). */
  expectedVersion?: number;
}

/**
 * Moves an episode's status and writes the move on its history, in one statement: the move happens
 * only from the status the caller saw (and at its version, when given), so two moves cannot cross.
 * Returns false when the episode was not in that state any more. The database trigger still
 * refuses a move the lifecycle does not allow.
 */
export async function moveEpisodeStatus(
  manager: EntityManager,
  move: StatusMove,
): Promise<boolean> {
  const version =
    move.expectedVersion === undefined ? sql`` : sql` AND version = ${move.expectedVersion}`;
  // The statement ends in an INSERT: its rows come back as a SELECT's do.
  const rows = await selectRows<{ id: string }>(
    manager,
    sql`WITH moved AS (
          UPDATE episode SET status = ${move.to}, close_reason = ${move.closeReason ?? null},
                 closed_on = CASE WHEN ${move.to}::text = 'closed' THEN ${sql.raw(TODAY_SQL)} END,
                 updated_at = now(), version = version + 1
           WHERE id = ${move.episodeId} AND status = ${move.from}${version}
          RETURNING id)
        INSERT INTO episode_event (episode_id, kind, cause, from_status, to_status, actor_id)
        SELECT id, 'status_changed', ${move.cause}, ${move.from}, ${move.to}, ${move.actorId} FROM moved
        RETURNING episode_id AS id`,
  );
  return rows.length > 0;
}

/**
 * Writes the absence clock's decisions the history does not hold yet: a decision is new when the
 * latest one recorded for the same first sick day decided otherwise (or there is none); one whose
 * stretch of incapacity the timeline no longer holds is written as withdrawn. So a timeline
 * corrected in the past adds what the correction changed, and nothing twice.
 */
export async function recordClockDecisions(
  manager: EntityManager,
  episodeId: string,
  decisions: readonly ClockDecision[],
  cause: ClockCause,
  actorId: string | null,
  /** A decision to write even when the history holds it already: the clock in force came back to it. */
  again?: ClockDecision,
): Promise<void> {
  // A stretch of incapacity the timeline no longer holds (its step removed): withdrawn.
  await execute(
    manager,
    sql`INSERT INTO episode_event (episode_id, kind, cause, clock_start, effective_on, actor_id)
        SELECT ${episodeId}, 'absence_clock_withdrawn', ${cause}, latest.clock_start, latest.effective_on, ${actorId}::uuid
          FROM (SELECT DISTINCT ON (e.effective_on) e.kind, e.clock_start, e.effective_on
                  FROM episode_event e
                 WHERE e.episode_id = ${episodeId} AND e.kind <> 'status_changed'
                 ORDER BY e.effective_on, e.recorded_at DESC) latest
         WHERE latest.kind <> 'absence_clock_withdrawn'
           AND latest.effective_on <> ALL(${decisions.map((d) => d.on)}::date[])
         ORDER BY latest.effective_on`,
  );
  if (!decisions.length) return;
  await execute(
    manager,
    sql`INSERT INTO episode_event (episode_id, kind, cause, clock_start, effective_on, days_back_at_work, actor_id)
        SELECT ${episodeId}, 'absence_clock_' || (d->>'outcome'), ${cause}, (d->>'clockStart')::date,
               (d->>'on')::date, (d->>'daysBackAtWork')::int, ${actorId}
          FROM unnest(${decisions.map((d) => JSON.stringify(d))}::jsonb[]) WITH ORDINALITY AS u(d, place)
         WHERE (d->>'on') = ${again?.on ?? null}::text OR NOT EXISTS (
                 SELECT 1 FROM (SELECT e.kind, e.clock_start FROM episode_event e
                                 WHERE e.episode_id = ${episodeId} AND e.kind <> 'status_changed'
                                   AND e.effective_on = (d->>'on')::date
                                 ORDER BY e.recorded_at DESC LIMIT 1) latest
                  WHERE latest.kind = 'absence_clock_' || (d->>'outcome')
                    AND latest.clock_start = (d->>'clockStart')::date)
         ORDER BY place`,
  );
}

export interface EpisodeEventRow {
  kind:
    | 'status_changed'
    | 'absence_clock_started'
    | 'absence_clock_continued'
    | 'absence_clock_withdrawn';
  cause: StatusCause | ClockCause;
  from_status: EpisodeStatus | null;
  to_status: EpisodeStatus | null;
  clock_start: string | null;
  effective_on: string | null;
  days_back_at_work: number | null;
  actor_id: string | null;
  actor_name: string | null;
  recorded_at: Date;
}

/** The episode's history, oldest first, with the name of who made each change (if a person). */
export function episodeHistory(
  manager: EntityManager,
  episodeId: string,
): Promise<EpisodeEventRow[]> {
  return selectRows<EpisodeEventRow>(
    manager,
    sql`SELECT e.kind, e.cause, e.from_status, e.to_status,
               to_char(e.clock_start, 'YYYY-MM-DD') AS clock_start,
               to_char(e.effective_on, 'YYYY-MM-DD') AS effective_on,
               e.days_back_at_work, e.actor_id, u.display_name AS actor_name, e.recorded_at
          FROM episode_event e LEFT JOIN app_user u ON u.id = e.actor_id
         WHERE e.episode_id = ${episodeId}
         ORDER BY e.recorded_at, e.id`,
  );
}

/**
 * Days at full duty after which a return counts as held and an active episode moves to
 * monitoring: as long as the relapse window, so a relapse after it starts a new absence clock
 * (NL: 28 days, sickness periods less than four weeks apart count as one; BE: 15 days, a work
 * attempt of at most 14 days does not interrupt the incapacity).
 */
export const FULL_DUTY_HELD_DAYS = {
  NL: NL_RELAPSE_WINDOW_DAYS,
  BE: BE_WORK_ATTEMPT_DAYS + 1,
} as const;

/**
 * The lifecycle follows the work, for one episode or (with null) for every open one: an active
 * episode whose employee has held full duty for `FULL_DUTY_HELD_DAYS` moves to monitoring; a
 * monitored episode whose employee is absent or partial again moves back to active (unless an
 * urgent referral awaits the doctor's review). Each move is written on the history; returns how
 * many episodes moved.
 */
export async function followTheWork(
  manager: EntityManager,
  episodeId: string | null,
  /** Whose change of the timeline made the move (null for the worker's daily look). */
  actorId: string | null = null,
): Promise<number> {
  const today = sql.raw(TODAY_SQL);
  const only = episodeId === null ? sql`` : sql` AND ep.id = ${episodeId}`;
  // The statement ends in an INSERT: its rows come back as a SELECT's do.
  const rows = await selectRows<{ id: string }>(
    manager,
    sql`WITH work AS (
          SELECT ep.id, ep.status, ep.jurisdiction, now_step.status AS work_status,
                 (SELECT min(f.effective_from) FROM work_status_period f
                   WHERE f.episode_id = ep.id AND f.status = 'full_duty' AND f.effective_from <= ${today}
                     -- Full duty reached after incapacity: an episode that never left work has none.
                     AND f.effective_from > (SELECT max(s.effective_from) FROM work_status_period s
                                              WHERE s.episode_id = ep.id AND s.status <> 'full_duty'
                                                AND s.effective_from <= ${today})
                 ) AS full_duty_from
            FROM episode ep
            CROSS JOIN LATERAL (SELECT w.status FROM work_status_period w
                                 WHERE w.episode_id = ep.id AND w.effective_from <= ${today}
                                 ORDER BY w.effective_from DESC LIMIT 1) now_step
           WHERE ep.status IN ('active', 'monitoring')${only}
        ), decided AS (
          SELECT id, status AS from_status,
                 CASE WHEN status = 'active' THEN 'monitoring' ELSE 'active' END AS to_status,
                 CASE WHEN status = 'active' THEN 'full_duty_held' ELSE 'incapacity_again' END AS cause
            FROM work
           WHERE (status = 'active' AND work_status = 'full_duty'
                  AND full_duty_from <= ${today} - CASE jurisdiction WHEN 'NL' THEN ${FULL_DUTY_HELD_DAYS.NL}::int
                                                                     ELSE ${FULL_DUTY_HELD_DAYS.BE}::int END)
              OR (status = 'monitoring' AND work_status <> 'full_duty'
                  AND NOT EXISTS (SELECT 1 FROM triage_assessment t
                                   WHERE t.episode_id = work.id AND cardinality(t.red_flags_present) > 0
                                     AND t.red_flags_cleared_at IS NULL))
        ), moved AS (
          UPDATE episode ep SET status = d.to_status, updated_at = now(), version = ep.version + 1
            FROM decided d
           WHERE ep.id = d.id AND ep.status = d.from_status
          RETURNING ep.id, d.from_status, d.to_status, d.cause)
        INSERT INTO episode_event (episode_id, kind, cause, from_status, to_status, actor_id)
        SELECT id, 'status_changed', cause, from_status, to_status, ${actorId}::uuid FROM moved
        RETURNING episode_id AS id`,
  );
  return rows.length;
}

/** The lifecycle's way forward to where the work has got: each step taken is one move. */
const FORWARD: readonly EpisodeStatus[] = ['referred', 'intake', 'active'];

/**
 * Moves an episode forward to `target` (intake recorded -> intake; a plan approved -> active),
 * through every status between, each move on the history with its cause. An episode already at
 * or past the target (monitoring, closed) stays where it is.
 */
export async function advanceEpisode(
  manager: EntityManager,
  episodeId: string,
  target: 'intake' | 'active',
  cause: StatusCause,
  actorId: string | null,
): Promise<void> {
  const [episode] = await selectRows<{ status: EpisodeStatus }>(
    manager,
    sql`SELECT status FROM episode WHERE id = ${episodeId} FOR NO KEY UPDATE`,
  );
  if (!episode) return;
  let at = FORWARD.indexOf(episode.status);
  const goal = FORWARD.indexOf(target);
  if (at < 0) return;
  while (at < goal) {
    // An urgent referral keeps the episode from becoming active until the doctor has reviewed it.
    if (FORWARD[at + 1] === 'active' && (await urgentReferralPending(manager, episodeId))) return;
    await moveEpisodeStatus(manager, {
      episodeId,
      from: FORWARD[at],
      to: FORWARD[at + 1],
      cause,
      actorId,
    });
    at += 1;
  }
}

/** Red flags present that the occupational doctor has not cleared yet. */
export async function urgentReferralPending(
  manager: EntityManager,
  episodeId: string,
): Promise<boolean> {
  const rows = await selectRows(
    manager,
    sql`SELECT 1 FROM triage_assessment
         WHERE episode_id = ${episodeId} AND cardinality(red_flags_present) > 0
           AND red_flags_cleared_at IS NULL`,
  );
  return rows.length > 0;
}
