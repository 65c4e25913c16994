import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ClinicalAccessService,
  NOT_FOUND_DETAIL,
} from '../../common/access/clinical-access.service.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { todayIn } from '../../common/dates/calendar.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { EpisodeStatus } from '../episodes/entities/episode.entity.js';
import { transitionEpisode } from '../episodes/episode-lifecycle.js';
import { ProgressService } from '../plans/progress.service.js';
import type { ProgressClinicalDto } from '../plans/dto/progress.dto.js';
import { PlansService } from '../plans/plans.service.js';
import { PathwayService } from '../triage/pathway.service.js';
import { CheckpointPlanner } from './checkpoint-planner.service.js';
import type {
  AgendaItemDto,
  CheckpointDetailDto,
  CheckpointDto,
  CheckpointTemplateDto,
  MilestoneDto,
  MilestoneKind,
  RecordMilestoneDto,
  RecordOutcomeDto,
  RescheduleCheckpointDto,
} from './dto/checkpoint.dto.js';
import { participantUsersSql } from './participants.js';
import { PARTICIPANTS, type Participant } from './timeline.js';
import { moveEpisodeStatus } from '../episodes/episode-history.store.js';

interface CheckpointRow {
  id: string;
  episode_id: string;
  category: string;
  kind: string;
  rule_key: string;
  occurrence: number;
  title: string | null;
  template_code: string;
  template_version: number;
  legal_source: string;
  computed_due_on: string;
  due_on: string;
  opens_on: string | null;
  status: string;
  outcome: string | null;
  cancel_reason: string | null;
  participants: Participant[];
  sign_offs: { participant: Participant; signedBy: string; signedAt: string }[];
  on_platform: Participant[];
  moves: CheckpointDto['moves'];
  clock_start: string | null;
  decided_at: Date | null;
  carried_from: { checkpointId: string; episodeId: string } | null;
  version: number;
}

const CHECKPOINT_COLUMNS = `c.id, c.episode_id, c.category, c.kind, c.rule_key, c.occurrence,
  (SELECT r->>'title' FROM jsonb_array_elements(t.rules) r WHERE r->>'key' = c.rule_key) AS title,
  t.code AS template_code, t.version AS template_version, t.legal_source,
  to_char(c.computed_due_on, 'YYYY-MM-DD') AS computed_due_on, to_char(c.due_on, 'YYYY-MM-DD') AS due_on,
  to_char(c.opens_on, 'YYYY-MM-DD') AS opens_on, c.status, c.outcome, c.cancel_reason, c.participants,
  coalesce((SELECT json_agg(json_build_object('participant', s.participant, 'signedBy', s.user_id,
                                              'signedAt', s.signed_at) ORDER BY s.signed_at)
              FROM checkpoint_signoff s WHERE s.checkpoint_id = c.id), '[]') AS sign_offs,
  coalesce((SELECT json_agg(json_build_object('fromDueOn', to_char(m.from_due_on, 'YYYY-MM-DD'),
                                              'toDueOn', to_char(m.to_due_on, 'YYYY-MM-DD'),
                                              'reason', m.reason, 'movedBy', m.moved_by,
                                              'movedAt', m.moved_at) ORDER BY m.moved_at)
              FROM checkpoint_move m WHERE m.checkpoint_id = c.id), '[]') AS moves,
  to_char(c.clock_start, 'YYYY-MM-DD') AS clock_start, c.decided_at,
  (SELECT json_build_object('checkpointId', e.id, 'episodeId', e.episode_id)
     FROM checkpoint e WHERE e.id = c.carried_from_id) AS carried_from,
  c.version`;

/** Roles that stand for a participant of a checkpoint. */
const PARTICIPANT_OF_ROLE: Partial<Record<AuthenticatedUser['role'], Participant>> = {
  hr: 'hr',
  physio: 'physio',
  occupational_doctor: 'occupational_doctor',
  employee: 'employee',
};

/**
 * The checkpoint workflow: every party of an episode sees its checkpoints (functional), with a
 * pre-filled agenda (the clinical part for the care team only); participants sign off; the care
 * team records the outcome, with its consequence for the plan, the pathway or the episode; dates
 * move with a reason; Belgian trajectory events re-plan the deadlines that count from them.
 */
@Injectable()
export class CheckpointsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clinical: ClinicalAccessService,
    private readonly planner: CheckpointPlanner,
    private readonly plans: PlansService,
    private readonly pathway: PathwayService,
    private readonly progress: ProgressService,
  ) {}

  async list(actor: AuthenticatedUser, episodeId: string): Promise<CheckpointDto[]> {
    const manager = this.dataSource.manager;
    const episode = await this.clinical.findVisibleEpisode(manager, actor, episodeId);
    if (!episode) throw new DomainError('not_found', NOT_FOUND_DETAIL);
    const rows = await this.rows(manager, 'c.episode_id = $1', [episodeId]);
    return rows.map(toDto);
  }

  async get(actor: AuthenticatedUser, id: string): Promise<CheckpointDetailDto> {
    const row = await this.visible(this.dataSource.manager, actor, id);
    return { ...toDto(row), agenda: await this.agenda(actor, row.episode_id) };
  }

  /** Moves a planned checkpoint with a reason; a statutory deadline cannot move past the law's date. */
  async reschedule(
    actor: AuthenticatedUser,
    id: string,
    expectedVersion: number,
    dto: RescheduleCheckpointDto,
  ): Promise<CheckpointDto> {
    const episodeId = await this.episodeOf(id);
    return this.clinical.change(actor, episodeId, 'checkpoint.reschedule', async (manager) => {
      const current = await this.planned(manager, id, expectedVersion);
      const refuse = (message: string) => {
        throw new DomainError('validation_failed', 'Some fields are invalid.', {
          errors: [{ field: 'dueOn', message }],
        });
      };
      if (dto.dueOn < todayIn()) refuse('dueOn must not be in the past');
      if (current.opens_on && dto.dueOn < current.opens_on)
        refuse(`this checkpoint cannot take place before ${current.opens_on}`);
      if (current.kind === 'earliest' && dto.dueOn < current.computed_due_on)
        refuse(`this date cannot move before ${current.computed_due_on}`);
      if (
        current.category === 'statutory' &&
        current.kind === 'deadline' &&
        dto.dueOn > current.computed_due_on
      )
        refuse(`a statutory deadline cannot move past ${current.computed_due_on}`);
      await manager.query(
        `WITH moved AS (
           UPDATE checkpoint SET due_on = $2, updated_at = now(), version = version + 1
            WHERE id = $1 RETURNING id)
         INSERT INTO checkpoint_move (checkpoint_id, from_due_on, to_due_on, reason, moved_by)
         SELECT id, $3, $2, $4, $5 FROM moved`,
        [id, dto.dueOn, current.due_on, dto.reason, actor.id],
      );
      return toDto((await this.rows(manager, 'c.id = $1', [id]))[0]);
    });
  }

  /** The caller signs off for the participant role they hold; signing twice changes nothing. */
  async signOff(actor: AuthenticatedUser, id: string): Promise<CheckpointDto> {
    const episodeId = await this.episodeOf(id);
    return this.clinical.change(actor, episodeId, 'checkpoint.sign_off', async (manager) => {
      const [row] = await manager.query<{ participants: Participant[]; status: string }[]>(
        `SELECT participants, status FROM checkpoint WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const participant = PARTICIPANT_OF_ROLE[actor.role];
      if (!participant || !row.participants.includes(participant)) {
        throw new DomainError('forbidden', 'Your role does not take part in this checkpoint.');
      }
      if (row.status !== 'planned') {
        throw new DomainError('invalid_transition', `This checkpoint is ${row.status}.`);
      }
      await manager.query(
        `INSERT INTO checkpoint_signoff (checkpoint_id, participant, user_id) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT "PK_checkpoint_signoff" DO NOTHING`,
        [id, participant, actor.id],
      );
      return toDto((await this.rows(manager, 'c.id = $1', [id]))[0]);
    });
  }

  /**
   * The care team records the outcome once every participant on the platform has signed off (HR
   * completes the statutory steps that are HR's alone, such as reporting the absence).
   * `adjust_plan` opens a new plan version from the approved one; `escalate` moves the episode to
   * the multidisciplinary pathway; `close` closes the episode with its reason. The occupational
   * doctor decides any outcome; the physiotherapist `continue` or `adjust_plan` of a clinical review.
   */
  async recordOutcome(
    actor: AuthenticatedUser,
    id: string,
    expectedVersion: number,
    dto: RecordOutcomeDto,
  ): Promise<CheckpointDto> {
    const episodeId = await this.episodeOf(id);
    if (dto.outcome === 'close' && !dto.closeReason) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'closeReason', message: 'closeReason is required to close the episode' }],
      });
    }
    if (dto.outcome !== 'close' && dto.closeReason) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'closeReason', message: 'closeReason applies only to outcome close' }],
      });
    }
    return this.clinical.change(
      actor,
      episodeId,
      'checkpoint.outcome',
      async (manager, episode) => {
        const current = await this.planned(manager, id, expectedVersion);
        const hrsOwn = current.participants.length === 1 && current.participants[0] === 'hr';
        if (actor.role === 'hr' && !(hrsOwn && dto.outcome === 'continue')) {
          throw new DomainError(
            'forbidden',
            'HR completes (continue) the checkpoints that are HR’s alone; the care team decides the others.',
          );
        }
        if (
          actor.role === 'physio' &&
          (current.category !== 'clinical' || !['continue', 'adjust_plan'].includes(dto.outcome))
        ) {
          throw new DomainError(
            'forbidden',
            'The physiotherapist decides continue or adjust_plan of a clinical review; the occupational doctor decides the rest.',
          );
        }
        const [full] = await this.rows(manager, 'c.id = $1', [id]);
        const signed = new Set(full.sign_offs.map((s) => s.participant));
        const missing = full.on_platform.filter((p) => !signed.has(p));
        if (missing.length) {
          throw new DomainError(
            'conflict',
            `Every participant signs off before the outcome is recorded; missing: ${missing.join(', ')}.`,
          );
        }
        await manager.query(
          `UPDATE checkpoint SET status = 'completed', outcome = $2, decided_by = $3, decided_at = now(),
                updated_at = now(), version = version + 1
          WHERE id = $1`,
          [id, dto.outcome, actor.id],
        );
        if (dto.outcome === 'adjust_plan') {
          await this.plans.openRevision(manager, episodeId, actor.id);
        } else if (dto.outcome === 'escalate') {
          await this.pathway.escalate(
            manager,
            episodeId,
            actor.id,
            `Escalated at checkpoint: ${full.title ?? full.rule_key}`,
          );
        } else if (dto.outcome === 'close') {
          const move = transitionEpisode(
            episode.status as EpisodeStatus,
            'closed',
            dto.closeReason,
          );
          if (!move.ok) throw new DomainError('invalid_transition', move.message);
          await moveEpisodeStatus(manager, {
            episodeId,
            from: episode.status as EpisodeStatus,
            to: 'closed',
            closeReason: move.closeReason,
            cause: 'checkpoint_outcome',
            actorId: actor.id,
          });
          await this.planner.replan(manager, episodeId, 'episode_closed');
        }
        return toDto((await this.rows(manager, 'c.id = $1', [id]))[0]);
      },
    );
  }

  /** An all-day calendar event for the checkpoint: title, date and a link, nothing clinical. */
  async calendar(actor: AuthenticatedUser, id: string, appUrl: string): Promise<string> {
    const row = await this.visible(this.dataSource.manager, actor, id);
    return icsEvent(row, appUrl);
  }

  async milestones(actor: AuthenticatedUser, episodeId: string): Promise<MilestoneDto[]> {
    const episode = await this.clinical.findVisibleEpisode(
      this.dataSource.manager,
      actor,
      episodeId,
    );
    if (!episode) throw new DomainError('not_found', NOT_FOUND_DETAIL);
    return this.dataSource.query<MilestoneDto[]>(
      `SELECT kind, to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn", version
         FROM episode_milestone WHERE episode_id = $1 ORDER BY occurred_on, kind`,
      [episodeId],
    );
  }

  /**
   * Records (or corrects) a dated event of the Belgian re-integration trajectory and re-plans the
   * deadlines counted from it. The assessment decisions are the occupational doctor's.
   */
  async recordMilestone(
    actor: AuthenticatedUser,
    episodeId: string,
    dto: RecordMilestoneDto,
    expectedVersion: number | undefined,
  ): Promise<MilestoneDto> {
    if (dto.kind.startsWith('decision_') && actor.role !== 'occupational_doctor') {
      throw new DomainError('forbidden', 'The assessment decision is the occupational doctor’s.');
    }
    return this.clinical.change(actor, episodeId, 'episode.milestone', async (manager) => {
      const [episode] = await manager.query<{ jurisdiction: string }[]>(
        `SELECT jurisdiction FROM episode WHERE id = $1`,
        [episodeId],
      );
      const errors = [];
      if (episode.jurisdiction !== 'BE') {
        errors.push({ field: 'kind', message: 'trajectory events apply to Belgian episodes only' });
      }
      if (dto.occurredOn > todayIn()) {
        errors.push({ field: 'occurredOn', message: 'occurredOn must not be in the future' });
      }
      if (errors.length)
        throw new DomainError('validation_failed', 'Some fields are invalid.', { errors });
      // Correcting a recorded date needs the ETag it was read with, as any change does.
      const [recorded] = await manager.query<{ version: number }[]>(
        `SELECT version FROM episode_milestone WHERE episode_id = $1 AND kind = $2 FOR UPDATE`,
        [episodeId, dto.kind],
      );
      if (recorded && expectedVersion === undefined) {
        throw new DomainError(
          'precondition_required',
          'This event is recorded already: send its ETag in If-Match to correct it.',
        );
      }
      if (recorded && recorded.version !== expectedVersion) {
        throw new DomainError(
          'precondition_failed',
          'This event has changed since you read it; read it again.',
        );
      }
      const [row] = await manager.query<MilestoneDto[]>(
        `INSERT INTO episode_milestone (episode_id, kind, occurred_on, recorded_by, version)
         VALUES ($1, $2, $3, $4, 1)
         ON CONFLICT ON CONSTRAINT "UQ_episode_milestone_episode_kind"
         DO UPDATE SET occurred_on = EXCLUDED.occurred_on, recorded_by = EXCLUDED.recorded_by,
                       updated_at = now(), version = episode_milestone.version + 1
         RETURNING kind, to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn", version`,
        [episodeId, dto.kind, dto.occurredOn, actor.id],
      );
      await this.planner.replan(manager, episodeId, 'milestone_recorded');
      return row;
    });
  }

  /**
   * Withdraws a trajectory event recorded by mistake (with the ETag it was read with); the
   * deadlines counted from it are cancelled, with the reason, unless already completed.
   */
  async withdrawMilestone(
    actor: AuthenticatedUser,
    episodeId: string,
    kind: MilestoneKind,
    expectedVersion: number,
  ): Promise<void> {
    if (kind.startsWith('decision_') && actor.role !== 'occupational_doctor') {
      throw new DomainError('forbidden', 'The assessment decision is the occupational doctor’s.');
    }
    await this.clinical.change(actor, episodeId, 'episode.milestone_withdrawn', async (manager) => {
      const [recorded] = await manager.query<{ version: number }[]>(
        `SELECT version FROM episode_milestone WHERE episode_id = $1 AND kind = $2 FOR UPDATE`,
        [episodeId, kind],
      );
      if (!recorded) throw new DomainError('not_found', NOT_FOUND_DETAIL);
      if (recorded.version !== expectedVersion) {
        throw new DomainError(
          'precondition_failed',
          'This event has changed since you read it; read it again.',
        );
      }
      await manager.query(`DELETE FROM episode_milestone WHERE episode_id = $1 AND kind = $2`, [
        episodeId,
        kind,
      ]);
      await this.planner.replan(manager, episodeId, 'milestone_withdrawn');
    });
  }

  async templates(): Promise<CheckpointTemplateDto[]> {
    return this.dataSource.query<CheckpointTemplateDto[]>(
      `SELECT id, code, version, category, jurisdiction, legal_source AS "legalSource",
              to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo",
              rules
         FROM checkpoint_template ORDER BY code, version`,
    );
  }

  private async rows(
    manager: EntityManager,
    where: string,
    params: unknown[],
  ): Promise<CheckpointRow[]> {
    const rows = await manager.query<Omit<CheckpointRow, 'on_platform'>[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoint c JOIN checkpoint_template t ON t.id = c.template_id
        WHERE ${where} ORDER BY c.due_on, c.rule_key, c.occurrence`,
      params,
    );
    if (!rows.length) return [];
    // Which participant roles have someone on the platform (same for every checkpoint of an episode).
    const present = await manager.query<{ episode_id: string; participants: Participant[] }[]>(
      `SELECT e.id AS episode_id,
              ARRAY(SELECT p FROM unnest($2::text[]) AS p
                     WHERE EXISTS (${participantUsersSql('e.id', 'ARRAY[p]')})) AS participants
         FROM unnest($1::uuid[]) AS e(id)`,
      [[...new Set(rows.map((row) => row.episode_id))], PARTICIPANTS],
    );
    const onPlatform = new Map(present.map((row) => [row.episode_id, row.participants]));
    return rows.map((row) => ({
      ...row,
      on_platform: row.participants.filter((p) => onPlatform.get(row.episode_id)!.includes(p)),
    }));
  }

  /** The checkpoint, when its episode is visible to the caller; 404 otherwise. */
  private async visible(
    manager: EntityManager,
    actor: AuthenticatedUser,
    id: string,
  ): Promise<CheckpointRow> {
    const episodeId = await this.episodeOf(id);
    const episode = await this.clinical.findVisibleEpisode(manager, actor, episodeId);
    if (!episode) throw new DomainError('not_found', NOT_FOUND_DETAIL);
    return (await this.rows(manager, 'c.id = $1', [id]))[0];
  }

  private async episodeOf(id: string): Promise<string> {
    const [row] = await this.dataSource.query<{ episode_id: string }[]>(
      `SELECT episode_id FROM checkpoint WHERE id = $1`,
      [id],
    );
    if (!row) throw new DomainError('not_found', NOT_FOUND_DETAIL);
    return row.episode_id;
  }

  /** The checkpoint locked for a change: still planned, at the version the caller read. */
  private async planned(
    manager: EntityManager,
    id: string,
    expectedVersion: number,
  ): Promise<{
    category: string;
    kind: string;
    computed_due_on: string;
    due_on: string;
    opens_on: string | null;
    participants: Participant[];
  }> {
    const [row] = await manager.query<
      {
        category: string;
        kind: string;
        status: string;
        computed_due_on: string;
        due_on: string;
        opens_on: string | null;
        participants: Participant[];
        version: number;
      }[]
    >(
      `SELECT category, kind, status, to_char(computed_due_on, 'YYYY-MM-DD') AS computed_due_on,
              to_char(due_on, 'YYYY-MM-DD') AS due_on, to_char(opens_on, 'YYYY-MM-DD') AS opens_on,
              participants, version
         FROM checkpoint WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (row.version !== expectedVersion) {
      throw new DomainError(
        'precondition_failed',
        'This checkpoint has changed since you read it; read it again.',
      );
    }
    if (row.status !== 'planned') {
      throw new DomainError('invalid_transition', `This checkpoint is ${row.status}.`);
    }
    return row;
  }

  /**
   * What the meeting starts from. Everyone: the plan in force, hours against it, the open
   * workplace interventions. The care team also: quota adherence and outcome changes (reading
   * them is a clinical access, audited like any other).
   */
  private async agenda(actor: AuthenticatedUser, episodeId: string): Promise<AgendaItemDto[]> {
    const [plan] = await this.dataSource.query<
      { number: number; target_full_return: string; acknowledged: boolean }[]
    >(
      `SELECT number, to_char(target_full_return, 'YYYY-MM-DD') AS target_full_return,
              hr_acknowledged_at IS NOT NULL AS acknowledged
         FROM plan_version WHERE episode_id = $1 AND status = 'approved'
        ORDER BY number DESC LIMIT 1`,
      [episodeId],
    );
    const interventions = await this.dataSource.query<{ kind: string; status: string }[]>(
      `SELECT kind, status FROM workplace_intervention
        WHERE episode_id = $1 AND status IN ('planned', 'in_progress') ORDER BY created_at`,
      [episodeId],
    );
    const progress = await this.progress.get(actor, episodeId);
    const items: AgendaItemDto[] = [
      {
        topic: 'plan',
        text: plan
          ? `Plan version ${plan.number} is in force; full return planned on ${plan.target_full_return}${plan.acknowledged ? '' : '; the work track still awaits HR’s acknowledgement'}.`
          : 'No approved plan yet.',
      },
      {
        topic: 'work_hours',
        text: progress.behindOnHours
          ? 'Hours worked were under the planned hours two weeks in a row.'
          : `Hours worked are on schedule (${progress.hours.length} week(s) recorded).`,
      },
      {
        topic: 'open_interventions',
        text: interventions.length
          ? `Open workplace interventions: ${interventions.map((i) => `${i.kind.replaceAll('_', ' ')} (${i.status.replaceAll('_', ' ')})`).join(', ')}.`
          : 'No open workplace interventions.',
      },
    ];
    if ('sessions' in progress) {
      const clinical = progress as ProgressClinicalDto;
      items.push({
        topic: 'adherence',
        text:
          clinical.quotaAdherencePercent === null
            ? 'No exercise quota recorded yet.'
            : `Quota adherence ${clinical.quotaAdherencePercent}%${clinical.behindSchedule ? ', behind schedule two weeks in a row' : ''}.`,
      });
      items.push({
        topic: 'outcome_changes',
        text: clinical.outcomes.length
          ? `Outcomes since baseline: ${clinical.outcomes.map((o) => `${o.instrument.toUpperCase()} ${o.change}`).join(', ')}.`
          : 'No outcome re-measured since baseline yet.',
      });
    }
    return items;
  }
}

function toDto(row: CheckpointRow): CheckpointDto {
  const signed = new Map(row.sign_offs.map((s) => [s.participant, s]));
  return {
    id: row.id,
    episodeId: row.episode_id,
    category: row.category,
    kind: row.kind,
    ruleKey: row.rule_key,
    occurrence: row.occurrence,
    title: row.title ?? row.rule_key,
    templateCode: row.template_code,
    templateVersion: row.template_version,
    legalSource: row.legal_source,
    computedDueOn: row.computed_due_on,
    dueOn: row.due_on,
    opensOn: row.opens_on,
    status: row.status,
    outcome: row.outcome,
    cancelReason: row.cancel_reason,
    participants: row.participants,
    signOffs: row.participants.map((participant) => ({
      participant,
      signedBy: signed.get(participant)?.signedBy ?? null,
      signedAt: signed.has(participant)
        ? new Date(signed.get(participant)!.signedAt).toISOString()
        : null,
      onPlatform: row.on_platform.includes(participant),
    })),
    moves: row.moves.map((move) => ({ ...move, movedAt: new Date(move.movedAt).toISOString() })),
    clockStart: row.clock_start,
    completedAt: row.status === 'completed' && row.decided_at ? row.decided_at.toISOString() : null,
    carriedOver: row.carried_from
      ? {
          fromEpisodeId: row.carried_from.episodeId,
          fromCheckpointId: row.carried_from.checkpointId,
        }
      : null,
    version: row.version,
  };
}

/** RFC 5545, one all-day event; lines folded at 75 octets, text escaped. */
export function icsEvent(
  row: Pick<
    CheckpointRow,
    'id' | 'episode_id' | 'title' | 'rule_key' | 'due_on' | 'status' | 'version'
  >,
  appUrl: string,
  now: Date = new Date(),
): string {
  const day = row.due_on.replaceAll('-', '');
  const next = new Date(`${row.due_on}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Return to Work//Checkpoints//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${row.id}@checkpoints.rtw`,
    `DTSTAMP:${stamp}`,
    `SEQUENCE:${row.version}`,
    `DTSTART;VALUE=DATE:${day}`,
    `DTEND;VALUE=DATE:${next.toISOString().slice(0, 10).replaceAll('-', '')}`,
    `SUMMARY:${escapeText(`Return to work: ${row.title ?? row.rule_key}`)}`,
    `URL:${appUrl}/episodes/${row.episode_id}/checkpoints/${row.id}`,
    `STATUS:${row.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Never split a UTF-8 sequence: back off to the start of a character.
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // continuation lines begin with a space
  }
  return parts.join('\r\n ');
}
