import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxService } from '../../common/outbox/outbox.service.js';
import { JobName } from '../../common/queue/queue-names.js';
import {
  type AnchorDates,
  type CheckpointTemplateDefinition,
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
  | 'milestone_withdrawn';

interface ExistingCheckpoint {
  id: string;
  rule_key: string;
  occurrence: number;
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

/**
 * Keeps an episode's checkpoints in line with its dates. Called inside the transaction of every
 * change that can move them (opening, plan approval, a new expected return, a trajectory event,
 * closing): new checkpoints are inserted with an outbox event, planned ones whose rule date moved
 * follow it and record why, ones whose anchor is gone are cancelled with the reason. Completed
 * checkpoints never change, and a date a person rescheduled stays as long as the rule's own date
 * does not move.
 */
@Injectable()
export class CheckpointPlanner {
  constructor(private readonly outbox: OutboxService) {}

  async replan(
    manager: EntityManager,
    episodeId: string,
    trigger: ReplanTrigger,
  ): Promise<ReplanResult> {
    const [episode] = await manager.query<
      {
        jurisdiction: 'BE' | 'NL';
        status: string;
        relapse_from: string | null;
        anchors: AnchorDates;
      }[]
    >(
      `SELECT ep.jurisdiction, ep.status,
              CASE WHEN ep.continues_episode_id IS NOT NULL THEN to_char(ep.absence_start, 'YYYY-MM-DD') END AS relapse_from,
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

    const templates = await this.templates(manager);
    const wanted =
      episode.status === 'closed'
        ? []
        : planCheckpoints(
            templates.map((t) => t.definition),
            episode.jurisdiction,
            episode.anchors,
          ).filter(
            // A relapse continues the earlier absence's clock: what fell due before this absence
            // began belonged to the earlier episode and is not raised again.
            (planned) =>
              !episode.relapse_from ||
              planned.anchor !== 'sickness_day_1' ||
              planned.dueOn >= episode.relapse_from,
          );
    const templateIds = new Map(
      templates.map((t) => [`${t.definition.code}:${t.definition.version}`, t.id]),
    );
    const existing = await manager.query<ExistingCheckpoint[]>(
      `SELECT id, rule_key, occurrence, anchor, status,
              to_char(computed_due_on, 'YYYY-MM-DD') AS computed_due_on, to_char(due_on, 'YYYY-MM-DD') AS due_on
         FROM checkpoint WHERE episode_id = $1 FOR NO KEY UPDATE`,
      [episodeId],
    );
    const byKey = new Map(existing.map((c) => [`${c.rule_key}#${c.occurrence}`, c]));
    const result: ReplanResult = { created: [], moved: [], cancelled: [] };
    const toCreate: PlannedCheckpoint[] = [];

    for (const planned of wanted) {
      const key = `${planned.ruleKey}#${planned.occurrence}`;
      const current = byKey.get(key);
      byKey.delete(key);
      if (!current) {
        toCreate.push(planned);
      } else if (current.status === 'planned' && current.computed_due_on !== planned.dueOn) {
        await manager.query(
          `WITH moved AS (
             UPDATE checkpoint SET computed_due_on = $2, due_on = $2, opens_on = $3,
                    updated_at = now(), version = version + 1
              WHERE id = $1 RETURNING id)
           INSERT INTO checkpoint_move (checkpoint_id, from_due_on, to_due_on, reason)
           SELECT id, $4, $2, $5 FROM moved`,
          [
            current.id,
            planned.dueOn,
            planned.opensOn,
            current.due_on,
            `re-planned (${trigger}): the ${planned.anchor} date changed`,
          ],
        );
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

    if (toCreate.length) {
      const rows = await manager.query<{ id: string }[]>(
        `INSERT INTO checkpoint (episode_id, template_id, rule_key, occurrence, category, kind, anchor,
                                 computed_due_on, due_on, opens_on, participants, version)
         SELECT $1, (c->>'templateId')::uuid, c->>'ruleKey', (c->>'occurrence')::int, c->>'category', c->>'kind',
                c->>'anchor', (c->>'dueOn')::date, (c->>'dueOn')::date, (c->>'opensOn')::date,
                ARRAY(SELECT jsonb_array_elements_text(c->'participants')), 1
           FROM unnest($2::jsonb[]) AS c
         RETURNING id`,
        [
          episodeId,
          toCreate.map((planned) =>
            JSON.stringify({
              ...planned,
              templateId: templateIds.get(`${planned.templateCode}:${planned.templateVersion}`),
            }),
          ),
        ],
      );
      result.created.push(...rows.map((row) => row.id));
    }
    await this.outbox.emit(
      manager,
      JobName.CheckpointScheduled,
      result.created.map((checkpointId) => ({ checkpointId })),
    );
    return result;
  }

  private async templates(
    manager: EntityManager,
  ): Promise<{ id: string; definition: CheckpointTemplateDefinition }[]> {
    const rows = await manager.query<
      {
        id: string;
        code: string;
        version: number;
        category: CheckpointTemplateDefinition['category'];
        jurisdiction: CheckpointTemplateDefinition['jurisdiction'];
        legal_source: string;
        select_by: CheckpointTemplateDefinition['selectBy'];
        valid_from: string;
        valid_to: string | null;
        rules: CheckpointTemplateDefinition['rules'];
      }[]
    >(
      `SELECT id, code, version, category, jurisdiction, legal_source, select_by,
              to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, rules
         FROM checkpoint_template`,
    );
    return rows.map((row) => ({
      id: row.id,
      definition: {
        code: row.code,
        version: row.version,
        category: row.category,
        jurisdiction: row.jurisdiction,
        legalSource: row.legal_source,
        selectBy: row.select_by,
        validFrom: row.valid_from,
        validTo: row.valid_to,
        rules: row.rules,
      },
    }));
  }
}
