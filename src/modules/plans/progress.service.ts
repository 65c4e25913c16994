import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ClinicalAccessService,
  isClinicalViewer,
  NOT_FOUND_DETAIL,
} from '../../common/access/clinical-access.service.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { modifiedRows } from '../../database/modified-rows.js';
import { questionnairesOf } from '../episodes/questionnaire-store.js';
import type {
  HoursWorkedDto,
  ProgressClinicalDto,
  ProgressFunctionalDto,
  RecordHoursDto,
  RecordSessionDto,
  SessionDto,
} from './dto/progress.dto.js';
import { type ExerciseLevel, progressionAdvice } from './progression.js';
import {
  outcomeChanges,
  type PlannedSchedule,
  type PlannedExercise,
  plannedHours,
  progressMetrics,
  psfsActivityChanges,
  weekOf,
} from './progress-metrics.js';

interface SessionRow {
  id: string;
  session_date: string;
  quotas: { exercise: number; reached: number }[];
  nrs_pain: number | null;
  psfs: string | null;
  adherence_percent: number | null;
  clinical_note: string | null;
  version: number;
}

interface HoursRow {
  week_start: string;
  hours_worked: string;
  version: number;
}

/**
 * Progress on the plan: the physiotherapist's sessions (clinical, audited) and the hours HR
 * records per week (functional), read back against the approved plan.
 */
@Injectable()
export class ProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clinical: ClinicalAccessService,
  ) {}

  async recordSession(
    actor: AuthenticatedUser,
    episodeId: string,
    dto: RecordSessionDto,
  ): Promise<SessionDto> {
    // Sessions come often: scope check, entry and audit row in one statement.
    const row = await this.clinical.insertOne<SessionRow>(
      actor,
      episodeId,
      'progress.session',
      (params) => {
        params.push(
          dto.sessionDate,
          JSON.stringify(dto.quotas.map(({ exercise, reached }) => ({ exercise, reached }))),
          dto.nrsPain ?? null,
          dto.psfs ?? null,
          dto.adherencePercent ?? null,
          dto.clinicalNote?.trim() || null,
          actor.id,
        );
        const n = params.length;
        return `INSERT INTO progress_entry (episode_id, kind, session_date, quotas, nrs_pain, psfs,
                                            adherence_percent, clinical_note, recorded_by, version)
                SELECT scoped.id, 'session', $${n - 6}::date, $${n - 5}::jsonb, $${n - 4}::smallint,
                       $${n - 3}::numeric, $${n - 2}::smallint, $${n - 1}::text, $${n}::uuid, 1
                  FROM scoped
                RETURNING id, to_char(session_date, 'YYYY-MM-DD') AS session_date, quotas, nrs_pain,
                          psfs, adherence_percent, clinical_note, version`;
      },
      { roles: ['physio'] },
    );
    return toSessionDto(row);
  }

  /** The physiotherapist corrects a session, with the ETag it was read with (audited). */
  async correctSession(
    actor: AuthenticatedUser,
    episodeId: string,
    sessionId: string,
    expectedVersion: number,
    dto: RecordSessionDto,
  ): Promise<SessionDto> {
    return this.clinical.run(
      actor,
      episodeId,
      'progress.session_correct',
      async (manager) => {
        const [row] = await modifiedRows<SessionRow>(
          manager,
          `UPDATE progress_entry
              SET session_date = $4, quotas = $5, nrs_pain = $6, psfs = $7, adherence_percent = $8,
                  clinical_note = $9, recorded_by = $10, updated_at = now(), version = version + 1
            WHERE id = $1 AND episode_id = $2 AND kind = 'session' AND version = $3
            RETURNING id, to_char(session_date, 'YYYY-MM-DD') AS session_date, quotas, nrs_pain,
                      psfs, adherence_percent, clinical_note, version`,
          [
            sessionId,
            episodeId,
            expectedVersion,
            dto.sessionDate,
            JSON.stringify(dto.quotas.map(({ exercise, reached }) => ({ exercise, reached }))),
            dto.nrsPain ?? null,
            dto.psfs ?? null,
            dto.adherencePercent ?? null,
            dto.clinicalNote?.trim() || null,
            actor.id,
          ],
        );
        if (row) return toSessionDto(row);
        const [exists] = await manager.query<unknown[]>(
          `SELECT 1 FROM progress_entry WHERE id = $1 AND episode_id = $2 AND kind = 'session'`,
          [sessionId, episodeId],
        );
        if (!exists) throw new DomainError('not_found', NOT_FOUND_DETAIL);
        throw new DomainError(
          'precondition_failed',
          'This session has changed since you read it; read it again.',
        );
      },
      { roles: ['physio'], write: true },
    );
  }

  /**
   * HR records the hours worked in the week starting `weekStart` (a Monday). A week already
   * recorded is corrected with the ETag it was read with.
   */
  async recordHours(
    actor: AuthenticatedUser,
    episodeId: string,
    weekStart: string,
    expectedVersion: number | undefined,
    dto: RecordHoursDto,
  ): Promise<HoursWorkedDto> {
    if (weekOf(weekStart) !== weekStart) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'weekStart', message: 'weekStart must be a Monday' }],
      });
    }
    return this.clinical.change(actor, episodeId, 'progress.hours', async (manager) => {
      const [existing] = await manager.query<{ version: number }[]>(
        `SELECT version FROM progress_entry WHERE episode_id = $1 AND kind = 'hours' AND week_start = $2`,
        [episodeId, weekStart],
      );
      if (existing) {
        if (expectedVersion === undefined) {
          throw new DomainError(
            'precondition_required',
            'This week is recorded already: send If-Match with its ETag to correct it.',
          );
        }
        const updated = await modifiedRows<unknown>(
          manager,
          `UPDATE progress_entry SET hours_worked = $3, recorded_by = $4, updated_at = now(),
                  version = version + 1
            WHERE episode_id = $1 AND kind = 'hours' AND week_start = $2 AND version = $5
            RETURNING id`,
          [episodeId, weekStart, dto.hoursWorked, actor.id, expectedVersion],
        );
        if (!updated.length) {
          throw new DomainError(
            'precondition_failed',
            'The hours of this week have changed since you read them; read them again.',
          );
        }
      } else {
        if (expectedVersion !== undefined) {
          throw new DomainError('precondition_failed', 'This week has no hours recorded yet.');
        }
        await manager.query(
          `INSERT INTO progress_entry (episode_id, kind, week_start, hours_worked, recorded_by, version)
           VALUES ($1, 'hours', $2, $3, $4, 1)`,
          [episodeId, weekStart, dto.hoursWorked, actor.id],
        );
      }
      const plan = await this.approvedPlan(manager, episodeId);
      const [row] = await this.hours(manager, episodeId, weekStart);
      return toHoursDto(row, plan);
    });
  }

  async get(
    actor: AuthenticatedUser,
    episodeId: string,
  ): Promise<ProgressClinicalDto | ProgressFunctionalDto> {
    if (isClinicalViewer(actor)) {
      return this.clinical.run(actor, episodeId, 'progress.read', async (manager) => {
        const plan = await this.approvedPlan(manager, episodeId);
        const sessions = await manager.query<SessionRow[]>(
          `SELECT id, to_char(session_date, 'YYYY-MM-DD') AS session_date, quotas, nrs_pain, psfs,
                  adherence_percent, clinical_note, version
             FROM progress_entry WHERE episode_id = $1 AND kind = 'session'
            ORDER BY session_date, created_at`,
          [episodeId],
        );
        const hours = await this.hours(manager, episodeId);
        const metrics = progressMetrics(
          plan,
          sessions.map((s) => ({ sessionDate: s.session_date, quotas: s.quotas })),
          hours.map(toHoursRecord),
        );
        const questionnaires = await questionnairesOf(manager, episodeId);
        return {
          sessions: sessions.map(toSessionDto),
          hours: hours.map((row) => toHoursDto(row, plan)),
          weeks: metrics.weeks,
          quotaAdherencePercent: metrics.quotaAdherencePercent,
          behindSchedule: metrics.behindSchedule,
          behindOnHours: metrics.behindOnHours,
          outcomes: outcomeChanges(questionnaires),
          psfsActivities: psfsActivityChanges(questionnaires),
          progression: progressionAdvice(
            plan.movementTrack,
            sessions.map((s) => ({
              sessionDate: s.session_date,
              nrsPain: s.nrs_pain,
              quotas: s.quotas,
            })),
          ),
        };
      });
    }
    const manager = this.dataSource.manager;
    const episode = await this.clinical.findVisibleEpisode(manager, actor, episodeId);
    if (!episode) throw new DomainError('not_found', NOT_FOUND_DETAIL);
    const plan = await this.approvedPlan(manager, episodeId);
    const hours = await this.hours(manager, episodeId);
    const metrics = progressMetrics(plan, [], hours.map(toHoursRecord));
    return {
      hours: hours.map((row) => toHoursDto(row, plan)),
      weeks: metrics.weeks.map((week) => ({
        weekStart: week.weekStart,
        underHours: week.underHours,
      })),
      behindOnHours: metrics.behindOnHours,
    };
  }

  private hours(
    manager: EntityManager,
    episodeId: string,
    weekStart?: string,
  ): Promise<HoursRow[]> {
    return manager.query<HoursRow[]>(
      `SELECT to_char(week_start, 'YYYY-MM-DD') AS week_start, hours_worked, version
         FROM progress_entry WHERE episode_id = $1 AND kind = 'hours'
          AND ($2::date IS NULL OR week_start = $2::date)
        ORDER BY week_start`,
      [episodeId, weekStart ?? null],
    );
  }

  /** The plan in force: the approved version (empty before there is one). */
  private async approvedPlan(
    manager: EntityManager,
    episodeId: string,
  ): Promise<PlannedSchedule & { movementTrack: readonly (ExerciseLevel & PlannedExercise)[] }> {
    const [row] = await manager.query<
      {
        movement_track: (ExerciseLevel & PlannedExercise)[];
        work_track: PlannedSchedule['workTrack'];
        contract_hours: string;
      }[]
    >(
      `SELECT p.movement_track, p.work_track, ep.contract_hours
         FROM episode ep LEFT JOIN plan_version p ON p.episode_id = ep.id AND p.status = 'approved'
        WHERE ep.id = $1`,
      [episodeId],
    );
    return {
      movementTrack: row?.movement_track ?? [],
      workTrack: row?.work_track ?? [],
      contractHours: Number(row?.contract_hours ?? 0),
    };
  }
}

function toSessionDto(row: SessionRow): SessionDto {
  return {
    id: row.id,
    sessionDate: row.session_date,
    quotas: row.quotas.map(({ exercise, reached }) => ({ exercise, reached })),
    nrsPain: row.nrs_pain,
    psfs: row.psfs === null ? null : Number(row.psfs),
    adherencePercent: row.adherence_percent,
    clinicalNote: row.clinical_note,
    version: row.version,
  };
}

function toHoursRecord(row: HoursRow): { weekStart: string; hoursWorked: number } {
  return { weekStart: row.week_start, hoursWorked: Number(row.hours_worked) };
}

function toHoursDto(row: HoursRow, plan: PlannedSchedule): HoursWorkedDto {
  const planned = plannedHours(plan, row.week_start);
  return {
    weekStart: row.week_start,
    hoursWorked: Number(row.hours_worked),
    plannedHours: planned === undefined ? null : Math.round(planned * 100) / 100,
    version: row.version,
  };
}
