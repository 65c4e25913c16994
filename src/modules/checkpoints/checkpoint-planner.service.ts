import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxService } from '../../common/outbox/outbox.service.js';
import { JobName } from '../../common/queue/queue-names.js';
import { storedCheckpointTemplates } from './checkpoint-templates.store.js';
import {
  type AnchorDates,
  type ClockPause,
  planCheckpoints,
  type PlannedCheckpoint,
} from './timeline.js';

/** What changed, in functional words: recorded with each checkpoint the change moved. */
export type ReplanTrigger =
  | 'episode_opened'
  | 'episode_closed'
  | 'plan_approved'
  | 'expected_return_changed'
  | 'milestone_recorded'
  | 'milestone_withdrawn'
  | 'absence_clock_changed';

interface ExistingCheckpoint {
  id: string;
  rule_key: string;
  occurrence: number;
  clock_start: string | null;
  anchor: string;
  status: 'planned' | 'completed' | 'cancelled';
  computed_due_on: string;
  due_on: string;
}

export interface ReplanResult {
  created: string[];
  moved: string[];
  cancelled: string[];
}

/** A checkpoint the dates call for, with the absence clock it counts from (if it does). */
interface WantedCheckpoint extends PlannedCheckpoint {
  clockStart: string | null;
}

/** The earlier episode's checkpoint an obligation carries over from. */
interface EarlierCheckpoint {
  id: string;
  rule_key: string;
  occurrence: number;
  status: 'planned' | 'completed' | 'cancelled';
  due_on: string;
}

const keyOf = (ruleKey: string, occurrence: number, clockStart: string | null) =>
  `${ruleKey}#${occurrence}@${clockStart ?? ''}`;

/**
 * Keeps an episode's checkpoints in line with its dates. Called inside the transaction of every
 * change that can move them (opening, plan approval, a new expected return, a trajectory event, a
 * change of the absence clock, closing): new checkpoints are inserted with an outbox event,
 * planned ones whose rule date moved follow it and record why, ones whose anchor is gone are
 * cancelled with the reason. Completed checkpoints never change, and a date a person rescheduled
 * stays as long as the rule's own date does not move.
 *
 * Checkpoints counted from the first sick day belong to an absence clock. When a relapse starts a
 * new clock, what was still planned under the old one moves to the new one (recorded as a move,
 * with the reason); what was completed stays as it was, and falls due again under the new clock.
 *
 * A correction that brings back an earlier clock finds what was completed under the withdrawn
 * later one done (it was the same sickness period): it appears done, pointing to that checkpoint.
 *
 * An episode that continues the clock of an earlier one takes over that clock's obligations that
 * fell due before its own absence began: an obligation the earlier episode completed appears as
 * done (with its outcome and date), one it did not complete appears as planned on its original
 * date, so overdue, and escalates like any overdue deadline. Each points to where it came from.
 */
@Injectable()
export class CheckpointPlanner {
  constructor(private readonly outbox: OutboxService) {}

  /**
   * @param detail what changed, in functional words, for the record of each move (defaults to the
   *   anchor whose date changed)
   */
  async replan(
    manager: EntityManager,
    episodeId: string,
    trigger: ReplanTrigger,
    detail?: string,
  ): Promise<ReplanResult> {
    const [episode] = await manager.query<
      {
        jurisdiction: 'BE' | 'NL';
        status: string;
        continues_episode_id: string | null;
        clock_pauses: ClockPause[];
        first_sick_day: string | null;
        anchors: AnchorDates;
      }[]
    >(
      `SELECT ep.jurisdiction, ep.status, ep.continues_episode_id, ep.clock_pauses,
              (SELECT to_char(min(w.effective_from), 'YYYY-MM-DD') FROM work_status_period w
                WHERE w.episode_id = ep.id AND w.status <> 'full_duty') AS first_sick_day,
              json_build_object(
                'sickness_day_1', to_char(ep.clock_start, 'YYYY-MM-DD'),
                'plan_start', to_char(pv.start_date, 'YYYY-MM-DD'),
                'planned_full_return', to_char(coalesce(pv.target_full_return, ep.expected_full_return), 'YYYY-MM-DD'),
                'trajectory_requested', (SELECT to_char(m.occurred_on, 'YYYY-MM-DD') FROM episode_milestone m WHERE m.episode_id = ep.id AND m.kind = 'trajectory_requested'),
                'decision_a', (SELECT to_char(m.occurred_on, 'YYYY-MM-DD') FROM episode_milestone m WHERE m.episode_id = ep.id AND m.kind = 'decision_a'),
                'decision_b', (SELECT to_char(m.occurred_on, 'YYYY-MM-DD') FROM episode_milestone m WHERE m.episode_id = ep.id AND m.kind = 'decision_b'),
                'plan_offered', (SELECT to_char(m.occurred_on, 'YYYY-MM-DD') FROM episode_milestone m WHERE m.episode_id = ep.id AND m.kind = 'plan_offered')
              ) AS anchors
         FROM episode ep
         LEFT JOIN LATERAL (SELECT p.start_date, p.target_full_return FROM plan_version p
                             WHERE p.episode_id = ep.id AND p.status = 'approved'
                             ORDER BY p.number DESC LIMIT 1) pv ON TRUE
        WHERE ep.id = $1`,
      [episodeId],
    );
    if (!episode) return { created: [], moved: [], cancelled: [] };

    const templates = await storedCheckpointTemplates(manager);
    const clockStart = episode.anchors.sickness_day_1 ?? null;
    const wanted: WantedCheckpoint[] =
      episode.status === 'closed'
        ? []
        : planCheckpoints(
            templates.map((t) => t.definition),
            episode.jurisdiction,
            episode.anchors,
            episode.clock_pauses,
          ).map((planned) => ({
            ...planned,
            clockStart: planned.anchor === 'sickness_day_1' ? clockStart : null,
          }));
    // What fell due on the continued clock before this episode's absence began came from the
    // earlier episode: its state there decides how it appears here.
    const carriedBefore = episode.continues_episode_id ? episode.first_sick_day : null;
    const earlier = carriedBefore
      ? await this.earlierCheckpoints(manager, episode.continues_episode_id!, clockStart)
      : new Map<string, EarlierCheckpoint>();

    const templateIds = new Map(
      templates.map((t) => [`${t.definition.code}:${t.definition.version}`, t.id]),
    );
    const existing = await manager.query<ExistingCheckpoint[]>(
      `SELECT id, rule_key, occurrence, to_char(clock_start, 'YYYY-MM-DD') AS clock_start, anchor, status,
              to_char(computed_due_on, 'YYYY-MM-DD') AS computed_due_on, to_char(due_on, 'YYYY-MM-DD') AS due_on
         FROM checkpoint WHERE episode_id = $1 FOR NO KEY UPDATE`,
      [episodeId],
    );
    const byKey = new Map(existing.map((c) => [keyOf(c.rule_key, c.occurrence, c.clock_start), c]));
    const result: ReplanResult = { created: [], moved: [], cancelled: [] };
    const toCreate: WantedCheckpoint[] = [];
    const why = (planned: PlannedCheckpoint) =>
      `re-planned (${trigger}): ${detail ?? `the ${planned.anchor} date changed`}`;

    for (const planned of wanted) {
      const key = keyOf(planned.ruleKey, planned.occurrence, planned.clockStart);
      const current = byKey.get(key);
      byKey.delete(key);
      if (!current) {
        toCreate.push(planned);
      } else if (current.status === 'planned' && current.computed_due_on !== planned.dueOn) {
        await this.move(manager, current, planned, why(planned));
        result.moved.push(current.id);
      } else if (current.status === 'cancelled') {
        // The anchor came back (a withdrawn date recorded again): the checkpoint applies again.
        await manager.query(
          `UPDATE checkpoint SET status = 'planned', cancel_reason = NULL, computed_due_on = $2,
                  due_on = $2, opens_on = $3, updated_at = now(), version = version + 1
            WHERE id = $1`,
          [current.id, planned.dueOn, planned.opensOn],
        );
        result.created.push(current.id);
      }
    }

    // A checkpoint still planned under another absence clock moves to the clock now in force.
    const otherClock = new Map<string, ExistingCheckpoint>();
    // Done under a later clock that a correction withdrew: the same sickness period, so done.
    const doneLater = new Map<string, ExistingCheckpoint>();
    for (const c of byKey.values()) {
      if (c.status === 'planned' && c.clock_start !== null)
        otherClock.set(`${c.rule_key}#${c.occurrence}`, c);
      if (c.status === 'completed' && clockStart && c.clock_start && c.clock_start > clockStart)
        doneLater.set(`${c.rule_key}#${c.occurrence}`, c);
    }
    const created: WantedCheckpoint[] = [];
    for (const planned of toCreate) {
      const previous = planned.clockStart
        ? otherClock.get(`${planned.ruleKey}#${planned.occurrence}`)
        : undefined;
      if (!previous || (carriedBefore && planned.dueOn < carriedBefore)) {
        created.push(planned);
        continue;
      }
      otherClock.delete(`${planned.ruleKey}#${planned.occurrence}`);
      byKey.delete(keyOf(previous.rule_key, previous.occurrence, previous.clock_start));
      await this.move(manager, previous, planned, why(planned));
      result.moved.push(previous.id);
    }

    // What is left no longer follows from the dates: cancel what was still planned.
    const obsolete = [...byKey.values()].filter((c) => c.status === 'planned');
    if (obsolete.length) {
      await manager.query(
        `UPDATE checkpoint SET status = 'cancelled', cancel_reason = $2, updated_at = now(),
                version = version + 1
          WHERE id = ANY($1::uuid[])`,
        [
          obsolete.map((c) => c.id),
          trigger === 'episode_closed' ? 'the episode closed' : `no longer applies (${trigger})`,
        ],
      );
      result.cancelled.push(...obsolete.map((c) => c.id));
    }

    if (created.length) {
      const rows = await manager.query<{ id: string; status: string }[]>(
        `INSERT INTO checkpoint (episode_id, template_id, rule_key, occurrence, category, kind, anchor,
                                 clock_start, computed_due_on, due_on, opens_on, participants,
                                 carried_from_id, status, outcome, decided_by, decided_at, version)
         SELECT $1, (c->>'templateId')::uuid, c->>'ruleKey', (c->>'occurrence')::int, c->>'category', c->>'kind',
                c->>'anchor', (c->>'clockStart')::date, (c->>'dueOn')::date,
                CASE WHEN e.clock_start = (c->>'clockStart')::date THEN e.due_on ELSE (c->>'dueOn')::date END,
                (c->>'opensOn')::date, ARRAY(SELECT jsonb_array_elements_text(c->'participants')),
                e.id, CASE WHEN e.status = 'completed' THEN 'completed' ELSE 'planned' END,
                CASE WHEN e.status = 'completed' THEN e.outcome END,
                CASE WHEN e.status = 'completed' THEN e.decided_by END,
                CASE WHEN e.status = 'completed' THEN e.decided_at END, 1
           FROM unnest($2::jsonb[]) AS c
           LEFT JOIN checkpoint e ON e.id = (c->>'carriedFromId')::uuid
         RETURNING id, status`,
        [
          episodeId,
          created.map((planned) => {
            const key = `${planned.ruleKey}#${planned.occurrence}`;
            const carried =
              carriedBefore && planned.clockStart && planned.dueOn < carriedBefore
                ? earlier.get(key)
                : undefined;
            const done = planned.clockStart ? doneLater.get(key) : undefined;
            return JSON.stringify({
              ...planned,
              templateId: templateIds.get(`${planned.templateCode}:${planned.templateVersion}`),
              carriedFromId: carried?.id ?? done?.id ?? null,
            });
          }),
        ],
      );
      // An obligation the earlier episode completed is shown as done: nobody is told it is due.
      result.created.push(...rows.filter((row) => row.status === 'planned').map((row) => row.id));
    }
    await this.outbox.emit(
      manager,
      JobName.CheckpointScheduled,
      result.created.map((checkpointId) => ({ checkpointId })),
    );
    return result;
  }

  /** Moves a planned checkpoint to the date (and clock) the rule now gives, recording why. */
  private async move(
    manager: EntityManager,
    current: ExistingCheckpoint,
    planned: WantedCheckpoint,
    reason: string,
  ): Promise<void> {
    await manager.query(
      `WITH moved AS (
         UPDATE checkpoint SET computed_due_on = $2, due_on = $2, opens_on = $3, clock_start = $6,
                carried_from_id = CASE WHEN clock_start IS DISTINCT FROM $6 THEN NULL ELSE carried_from_id END,
                updated_at = now(), version = version + 1
          WHERE id = $1 RETURNING id)
       INSERT INTO checkpoint_move (checkpoint_id, from_due_on, to_due_on, reason)
       SELECT id, $4, $2, $5 FROM moved`,
      [current.id, planned.dueOn, planned.opensOn, current.due_on, reason, planned.clockStart],
    );
  }

  /** The continued episode's checkpoints of the same clock, by rule and occurrence. */
  private async earlierCheckpoints(
    manager: EntityManager,
    episodeId: string,
    clockStart: string | null,
  ): Promise<Map<string, EarlierCheckpoint>> {
    const rows = await manager.query<EarlierCheckpoint[]>(
      `SELECT id, rule_key, occurrence, status, to_char(due_on, 'YYYY-MM-DD') AS due_on
         FROM checkpoint
        WHERE episode_id = $1 AND clock_start = $2`,
      [episodeId, clockStart],
    );
    return new Map(rows.map((row) => [`${row.rule_key}#${row.occurrence}`, row]));
  }
}
