import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { TODAY_SQL } from '../../common/dates/calendar.js';
import { selectRows, sql } from '../../database/sql.js';
import { CheckpointPlanner } from '../checkpoints/checkpoint-planner.service.js';
import type { ClockPause } from '../checkpoints/timeline.js';
import {
  type ClockStep,
  episodeClock,
  type EpisodeClock,
  type PreviousAbsence,
} from './absence-clock.js';
import { type ClockCause, followTheWork, recordClockDecisions } from './episode-history.store.js';

/**
 * The absence clock of open episodes, decided from their work-status timelines. The API calls it
 * when a timeline changes; the worker calls it for steps dated ahead on the day they take effect
 * (a clock follows what has happened, not what is planned).
 */
@Injectable()
export class AbsenceClockService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly checkpoints: CheckpointPlanner,
  ) {}

  /**
   * After the timeline changed (or a step took effect): the absence clock decided again from the
   * steps in effect (its new decisions on the history; a changed clock moves the episode's version
   * on and re-plans every checkpoint counted from the first sick day) and the lifecycle following
   * the work. Returns whether the clock changed.
   */
  async follow(
    manager: EntityManager,
    id: string,
    cause: ClockCause,
    actorId: string | null,
  ): Promise<boolean> {
    const [episode] = await manager.query<
      {
        employee_id: string;
        jurisdiction: 'BE' | 'NL';
        clock_start: string | null;
        continues_episode_id: string | null;
        clock_pauses: ClockPause[];
      }[]
    >(
      `SELECT employee_id, jurisdiction, to_char(clock_start, 'YYYY-MM-DD') AS clock_start,
              continues_episode_id, clock_pauses
         FROM episode WHERE id = $1`,
      [id],
    );
    // What has happened by today decides (and the step that opened the episode, even if ahead):
    // a step recorded ahead takes part on its day, when the worker decides again.
    const steps = await manager.query<ClockStep[]>(
      `SELECT to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", status
         FROM work_status_period w
        WHERE episode_id = $1
          AND (effective_from <= ${TODAY_SQL}
               OR effective_from = (SELECT min(f.effective_from) FROM work_status_period f WHERE f.episode_id = w.episode_id))
        ORDER BY effective_from`,
      [id],
    );
    const clock = episodeClock(
      episode.jurisdiction,
      steps,
      await this.previousAbsence(manager, episode.employee_id),
    );
    const changed =
      clock.clockStart !== episode.clock_start ||
      clock.continuesEpisodeId !== episode.continues_episode_id ||
      JSON.stringify(clock.pauses) !== JSON.stringify(episode.clock_pauses);
    // A changed clock is always on the history, also when it went back to an earlier decision.
    const inForce = changed
      ? clock.decisions.findLast((decision) => decision.clockStart === clock.clockStart)
      : undefined;
    await recordClockDecisions(manager, id, clock.decisions, cause, actorId, inForce);
    if (changed) {
      await manager.query(
        `UPDATE episode SET clock_start = $2, continues_episode_id = $3, clock_pauses = $4,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id, clock.clockStart, clock.continuesEpisodeId, JSON.stringify(clock.pauses)],
      );
      await this.checkpoints.replan(
        manager,
        id,
        'absence_clock_changed',
        clockChangeReason(episode.clock_start, clock),
      );
    }
    await followTheWork(manager, id, actorId);
    return changed;
  }

  /**
   * The employee's most recent absence that ended with a return to full duty: the last step of a
   * closed episode with an absence. Its clock is what a relapse would continue.
   */
  async previousAbsence(
    manager: EntityManager,
    employeeId: string,
  ): Promise<PreviousAbsence | undefined> {
    // The return is the first step of the last stretch at full duty (later full-duty steps only
    // changed restrictions).
    const [row] = await manager.query<
      {
        id: string;
        jurisdiction: 'BE' | 'NL';
        clock_start: string;
        full_duty_from: string;
        clock_pauses: ClockPause[];
      }[]
    >(
      `SELECT ep.id, ep.jurisdiction, to_char(ep.clock_start, 'YYYY-MM-DD') AS clock_start,
              ep.clock_pauses,
              to_char((SELECT min(f.effective_from) FROM work_status_period f
                        WHERE f.episode_id = ep.id AND f.status = 'full_duty'
                          AND f.effective_from > (SELECT max(s.effective_from) FROM work_status_period s
                                                   WHERE s.episode_id = ep.id AND s.status <> 'full_duty')),
                      'YYYY-MM-DD') AS full_duty_from
         FROM episode ep
         CROSS JOIN LATERAL (SELECT w.effective_from, w.status FROM work_status_period w
                              WHERE w.episode_id = ep.id ORDER BY w.effective_from DESC LIMIT 1) last_step
        WHERE ep.employee_id = $1 AND ep.status = 'closed' AND ep.clock_start IS NOT NULL
          AND last_step.status = 'full_duty'
        ORDER BY last_step.effective_from DESC LIMIT 1`,
      [employeeId],
    );
    return row?.full_duty_from
      ? {
          episodeId: row.id,
          jurisdiction: row.jurisdiction,
          clockStart: row.clock_start,
          fullDutyFrom: row.full_duty_from,
          pauses: row.clock_pauses,
        }
      : undefined;
  }

  /**
   * The worker's daily look: open episodes with a step that took effect in the last week (a step
   * recorded ahead, or a day the worker missed) have their clock decided again; one transaction
   * each, the episode locked as the API locks it. Returns how many clocks changed.
   */
  async followStepsTakingEffect(): Promise<number> {
    const due = await selectRows<{ id: string }>(
      this.dataSource,
      sql`SELECT DISTINCT w.episode_id AS id
            FROM work_status_period w JOIN episode ep ON ep.id = w.episode_id
           WHERE ep.status <> 'closed'
             AND w.effective_from > ${sql.raw(TODAY_SQL)} - 7 AND w.effective_from <= ${sql.raw(TODAY_SQL)}`,
    );
    let changed = 0;
    for (const { id } of due) {
      const moved = await this.dataSource.transaction(async (manager) => {
        const [open] = await selectRows(
          manager,
          sql`SELECT 1 FROM episode WHERE id = ${id} AND status <> 'closed' FOR UPDATE`,
        );
        return open ? this.follow(manager, id, 'step_took_effect', null) : false;
      });
      if (moved) changed++;
    }
    return changed;
  }
}

/** Why the checkpoints moved, in functional words, for each move's record. */
export function clockChangeReason(before: string | null, clock: EpisodeClock): string {
  if (clock.clockStart === null) return 'the timeline no longer holds an absence';
  if (before === null) return `the absence clock starts on ${clock.clockStart}`;
  const started = clock.decisions.find(
    (decision) => decision.outcome === 'started' && decision.on === clock.clockStart,
  );
  if (before !== clock.clockStart && started?.daysBackAtWork != null) {
    return `a new absence clock from ${clock.clockStart}: back at work ${started.daysBackAtWork} days before the relapse, longer than the relapse window`;
  }
  if (before === clock.clockStart && clock.pauses.length) {
    const worked = clock.pauses.reduce((sum, pause) => sum + pause.days, 0);
    return `the sickness periods count as one; the ${worked} days back at work between them do not count towards the deadlines (BW 7:629 lid 10)`;
  }
  return `the absence clock counts from ${clock.clockStart} after a correction of the timeline`;
}
