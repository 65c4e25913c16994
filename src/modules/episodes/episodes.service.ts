import { Injectable } from '@nestjs/common';
import { OutboxService } from '../../common/outbox/outbox.service.js';
import { JobName } from '../../common/queue/queue-names.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ClinicalAccessService,
  episodeClosed,
  isClinicalViewer,
  NOT_FOUND_DETAIL,
} from '../../common/access/clinical-access.service.js';
import { visibleEmployees } from '../../common/access/employee-scope.js';
import { visibleEpisodes } from '../../common/access/episode-scope.js';
import { currentlyServedEmployers } from '../../common/access/organisation-scope.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { TODAY_SQL, todayIn } from '../../common/dates/calendar.js';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { queryPage } from '../../database/paged-query.js';
import { queryPreparedIn } from '../../database/prepared-query.js';
import {
  type CareTeamDto,
  type ComplaintDto,
  type EpisodeClinicalDto,
  type EpisodeEventDto,
  type EpisodeFunctionalDto,
  type EpisodePageDto,
  functionalRestrictions,
  type ListEpisodesQuery,
  type OpenEpisodeDto,
  type QuestionnaireResponseDto,
  type RecordComplaintDto,
  type RecordQuestionnaireDto,
  type RecordWorkStatusDto,
  type TransitionEpisodeDto,
  type WorkStatusDto,
} from './dto/episode.dto.js';
import { CheckpointPlanner } from '../checkpoints/checkpoint-planner.service.js';
import { type ClockStep, episodeClock } from './absence-clock.js';
import {
  episodeHistory,
  moveEpisodeStatus,
  recordClockDecisions,
  urgentReferralPending,
} from './episode-history.store.js';
import { openingDateErrors } from './opening-dates.js';
import { AbsenceClockService } from './absence-clock.service.js';
import { implausibleDates, implausibleDatesError } from './plausible-dates.js';
import { PathwayService } from '../triage/pathway.service.js';
import type { FunctionalRestrictions } from './entities/work-status-period.entity.js';
import { transitionEpisode } from './episode-lifecycle.js';
import { questionnairesOf, scoreAnswers, storeQuestionnaire } from './questionnaire-store.js';

export interface EpisodeRow {
  id: string;
  employee_id: string;
  employer_id: string;
  jurisdiction: EpisodeFunctionalDto['jurisdiction'];
  referral_date: string;
  absence_start: string | null;
  status: EpisodeFunctionalDto['status'];
  close_reason: EpisodeFunctionalDto['closeReason'];
  contract_hours: string;
  clock_start: string | null;
  continues_episode_id: string | null;
  expected_full_return: string | null;
  version: number;
  care_team: { userId: string; name: string; role: string }[];
  work_status: WorkStatusRow | null;
  next_due_kind: NonNullable<EpisodeFunctionalDto['nextDue']>['kind'] | null;
  next_due_on: string | null;
}

interface WorkStatusRow {
  effective_from: string;
  status: WorkStatusDto['status'];
  percent_of_contract: number;
  restrictions: FunctionalRestrictions;
}

interface ComplaintRow {
  regions: ComplaintDto['regions'];
  side: ComplaintDto['side'];
  specificity: ComplaintDto['specificity'];
  clinical_note: string | null;
  version: number;
}

/**
 * An episode's functional columns, for `toFunctionalDto`; `ep` is the episode. Its next step (a
 * physiotherapist on the care team, the intake, the next planned checkpoint, the expected full
 * return) is kept on the episode row by the database.
 */
export const EPISODE_COLUMNS = `ep.id, ep.employee_id, ep.employer_id, ep.jurisdiction,
  to_char(ep.referral_date, 'YYYY-MM-DD') AS referral_date, to_char(ep.absence_start, 'YYYY-MM-DD') AS absence_start,
  ep.status, ep.close_reason, ep.contract_hours, to_char(ep.clock_start, 'YYYY-MM-DD') AS clock_start,
  ep.continues_episode_id, to_char(ep.expected_full_return, 'YYYY-MM-DD') AS expected_full_return, ep.version,
  coalesce((SELECT json_agg(json_build_object('userId', u.id, 'name', u.display_name, 'role', c.role) ORDER BY c.role)
              FROM care_team_member c JOIN app_user u ON u.id = c.user_id WHERE c.episode_id = ep.id), '[]') AS care_team,
  (SELECT json_build_object('effective_from', to_char(w.effective_from, 'YYYY-MM-DD'), 'status', w.status,
                            'percent_of_contract', w.percent_of_contract, 'restrictions', w.restrictions)
     FROM work_status_period w
    WHERE w.episode_id = ep.id AND w.effective_from <= ${TODAY_SQL}
    ORDER BY w.effective_from DESC LIMIT 1) AS work_status,
  ep.next_due_kind, to_char(ep.next_due_on, 'YYYY-MM-DD') AS next_due_on`;
const NOT_FOUND = NOT_FOUND_DETAIL;
/** The complaint `c` (left-joined) as a `ComplaintRow`, or null when there is none yet. */
const COMPLAINT_JSON = `CASE WHEN c.episode_id IS NOT NULL THEN json_build_object('regions', c.regions,
  'side', c.side, 'specificity', c.specificity, 'clinical_note', c.clinical_note, 'version', c.version) END`;
const WORK_STATUS_COLUMNS = `to_char(effective_from, 'YYYY-MM-DD') AS effective_from, status, percent_of_contract, restrictions`;

/**
 * Episodes and their clinical complaint. Reads and writes of clinical data write their audit row in
 * the same transaction; a clinical access refused for scope is recorded as a denial.
 */
@Injectable()
export class EpisodesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clinical: ClinicalAccessService,
    private readonly pathway: PathwayService,
    private readonly checkpoints: CheckpointPlanner,
    private readonly clock: AbsenceClockService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * HR opens an episode (a referral) for an employee of its own employer. An employee has at most
   * one open episode. A Dutch absence starting within 28 days after the previous one ended
   * continues that episode's clock. The work status timeline starts as absent (or at work).
   */
  async open(actor: AuthenticatedUser, dto: OpenEpisodeDto): Promise<EpisodeFunctionalDto> {
    const implausible = await openingDateErrors(this.dataSource, actor, dto);
    if (implausible.length) throw implausibleDatesError(implausible);
    const errors: FieldError[] = [];
    if (dto.absenceStart && dto.absenceStart > dto.referralDate) {
      errors.push({
        field: 'absenceStart',
        message: 'absenceStart must not be after referralDate',
      });
    }
    return this.dataSource.transaction(async (manager) => {
      const params: unknown[] = [dto.employeeId];
      // Locking the employee row makes concurrent referrals of one employee take turns.
      const [employee] = await manager.query<{ employer_id: string; contract_hours: string }[]>(
        `SELECT e.employer_id, e.contract_hours FROM employee e
          WHERE e.id = $1 AND e.active AND ${visibleEmployees(actor, 'e', params)} FOR UPDATE OF e`,
        params,
      );
      if (!employee)
        errors.push({
          field: 'employeeId',
          message: 'employeeId must be a current employee of your employer',
        });
      if (errors.length)
        throw new DomainError('validation_failed', 'Some fields are invalid.', { errors });

      const [open] = await manager.query<{ id: string }[]>(
        `SELECT id FROM episode WHERE employee_id = $1 AND status <> 'closed'`,
        [dto.employeeId],
      );
      if (open) {
        throw new DomainError(
          'episode_already_open',
          'This employee already has an open episode; record the new absence on it, or close it first.',
        );
      }

      const first: ClockStep = dto.absenceStart
        ? { effectiveFrom: dto.absenceStart, status: 'absent' }
        : { effectiveFrom: dto.referralDate, status: 'full_duty' };
      const clock = episodeClock(
        dto.jurisdiction,
        [first],
        await this.clock.previousAbsence(manager, dto.employeeId),
      );
      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, absence_start,
                              contract_hours, clock_start, continues_episode_id, clock_pauses, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id`,
        [
          dto.employeeId,
          employee.employer_id,
          dto.jurisdiction,
          dto.referralDate,
          dto.absenceStart ?? null,
          dto.contractHours ?? employee.contract_hours,
          clock.clockStart,
          clock.continuesEpisodeId,
          JSON.stringify(clock.pauses),
        ],
      );
      await manager.query(
        `INSERT INTO work_status_period (episode_id, effective_from, status, percent_of_contract, recorded_by)
         VALUES ($1, $2, $3, $4, $5)`,
        [id, first.effectiveFrom, first.status, first.status === 'absent' ? 0 : 100, actor.id],
      );
      await recordClockDecisions(manager, id, clock.decisions, 'episode_opened', actor.id);
      await this.checkpoints.replan(manager, id, 'episode_opened');
      await this.refreshReports(manager, id);
      return toFunctionalDto(await this.findVisible(manager, actor, id));
    });
  }

  /** The report rollup counts the episode in the month its absence began: that month is redone. */
  private async refreshReports(manager: EntityManager, id: string): Promise<void> {
    const [{ month }] = await manager.query<{ month: string }[]>(
      `SELECT to_char(date_trunc('month', coalesce(absence_start, referral_date)), 'YYYY-MM-DD') AS month
         FROM episode WHERE id = $1`,
      [id],
    );
    await this.outbox.emit(manager, JobName.RollupRefresh, [{ month }]);
  }

  async list(actor: AuthenticatedUser, query: ListEpisodesQuery): Promise<EpisodePageDto> {
    const params: unknown[] = [];
    const conditions = [visibleEpisodes(actor, 'ep', params)];
    if (query.status) {
      params.push(query.status);
      conditions.push(`ep.status = $${params.length}`);
    }
    return queryPage(
      this.dataSource,
      {
        select: EPISODE_COLUMNS,
        from: 'episode ep',
        where: conditions.join(' AND '),
        orderBy: 'ep.referral_date DESC, ep.id',
        params,
      },
      query,
      toFunctionalDto,
    );
  }

  /** The care team gets the clinical view (an audited read); HR and the employee the functional one. */
  async get(
    actor: AuthenticatedUser,
    id: string,
  ): Promise<EpisodeFunctionalDto | EpisodeClinicalDto> {
    if (!isClinicalViewer(actor)) {
      const row = await this.findVisible(this.dataSource.manager, actor, id);
      if (!row) throw new DomainError('not_found', NOT_FOUND);
      return toFunctionalDto(row);
    }
    // The care team opens episodes all day: the read and its audit row are one statement.
    const row = await this.clinical.readOne<EpisodeRow & { complaint: ComplaintRow | null }>(
      actor,
      id,
      'episode.read',
      () => `SELECT ${EPISODE_COLUMNS}, ${COMPLAINT_JSON} AS complaint
               FROM scoped ep LEFT JOIN complaint c ON c.episode_id = ep.id`,
    );
    return toClinicalDto(row, row.complaint ?? undefined);
  }

  /**
   * Sets the care team: a physiotherapist, and a doctor of a service that serves the employer now.
   * HR of the employer or a serving doctor may do it.
   */
  async setCareTeam(
    actor: AuthenticatedUser,
    id: string,
    dto: CareTeamDto,
  ): Promise<EpisodeFunctionalDto> {
    return this.dataSource.transaction(async (manager) => {
      const episode = await this.findVisible(manager, actor, id);
      if (!episode) throw new DomainError('not_found', NOT_FOUND);
      const errors: FieldError[] = [];
      if (dto.physioUserId) {
        const [physio] = await manager.query(
          `SELECT 1 FROM app_user WHERE id = $1 AND role = 'physio' AND status = 'active'`,
          [dto.physioUserId],
        );
        if (!physio)
          errors.push({
            field: 'physioUserId',
            message: 'physioUserId must be an active physiotherapist',
          });
      }
      if (dto.occupationalDoctorUserId) {
        const [doctor] = await manager.query(
          `SELECT 1 FROM app_user u JOIN membership m ON m.user_id = u.id
            WHERE u.id = $1 AND u.role = 'occupational_doctor' AND u.status = 'active'
              AND $2 IN (${currentlyServedEmployers('ARRAY[m.organisation_id]')})`,
          [dto.occupationalDoctorUserId, episode.employer_id],
        );
        if (!doctor) {
          errors.push({
            field: 'occupationalDoctorUserId',
            message:
              'occupationalDoctorUserId must be a doctor of a service that serves this employer',
          });
        }
      }
      if (errors.length)
        throw new DomainError('validation_failed', 'Some fields are invalid.', { errors });
      for (const [role, userId] of [
        ['physio', dto.physioUserId],
        ['occupational_doctor', dto.occupationalDoctorUserId],
      ] as const) {
        if (!userId) continue;
        await manager.query(`DELETE FROM care_team_member WHERE episode_id = $1 AND role = $2`, [
          id,
          role,
        ]);
        await manager.query(
          `INSERT INTO care_team_member (episode_id, user_id, role) VALUES ($1, $2, $3)`,
          [id, userId, role],
        );
      }
      return toFunctionalDto((await this.findVisible(manager, actor, id)) as EpisodeRow);
    });
  }

  /**
   * Moves the episode through its lifecycle (HR, the care team or a serving doctor). A move the
   * lifecycle does not allow answers 409; a stale version 412.
   */
  async transition(
    actor: AuthenticatedUser,
    id: string,
    expectedVersion: number,
    dto: TransitionEpisodeDto,
  ): Promise<EpisodeFunctionalDto> {
    return this.dataSource.transaction(async (manager) => {
      const episode = await this.findVisible(manager, actor, id);
      if (!episode) throw new DomainError('not_found', NOT_FOUND);
      const stale = () =>
        new DomainError(
          'precondition_failed',
          'The episode has changed since you read it; read it again.',
        );
      if (episode.version !== expectedVersion) throw stale();
      const outcome = transitionEpisode(episode.status, dto.to, dto.closeReason);
      if (outcome.ok && outcome.status === 'active' && (await urgentReferralPending(manager, id))) {
        throw new DomainError(
          'care_team_review_pending',
          'The care team has not finished the intake; the episode can become active once it has.',
          {
            clinical: {
              code: 'urgent_referral_pending',
              detail:
                "The episode awaits the occupational doctor's review of an urgent referral; it cannot become active before that.",
            },
          },
        );
      }
      if (!outcome.ok) {
        if (outcome.code === 'invalid_transition')
          throw new DomainError('invalid_transition', outcome.message);
        throw new DomainError('validation_failed', 'Some fields are invalid.', {
          errors: [{ field: 'closeReason', message: outcome.message }],
        });
      }
      const moved = await moveEpisodeStatus(manager, {
        episodeId: id,
        from: episode.status,
        to: outcome.status,
        closeReason: outcome.closeReason,
        cause: 'manual',
        actorId: actor.id,
        expectedVersion,
      });
      if (!moved) throw stale();
      if (outcome.status === 'closed') await this.checkpoints.replan(manager, id, 'episode_closed');
      return toFunctionalDto(await this.findVisible(manager, actor, id));
    });
  }

  /** The physiotherapist (or a serving doctor) records the complaint: a clinical write, audited. */
  async recordComplaint(
    actor: AuthenticatedUser,
    id: string,
    dto: RecordComplaintDto,
  ): Promise<EpisodeClinicalDto> {
    return this.clinical.run(
      actor,
      id,
      'complaint.update',
      async (manager) => {
        await manager.query(
          `INSERT INTO complaint (episode_id, regions, side, specificity, clinical_note, version)
         VALUES ($1, $2, $3, $4, $5, 1)
         ON CONFLICT (episode_id) DO UPDATE
           SET regions = EXCLUDED.regions, side = EXCLUDED.side, specificity = EXCLUDED.specificity,
               clinical_note = EXCLUDED.clinical_note, updated_at = now(), version = complaint.version + 1`,
          [id, dto.regions, dto.side, dto.specificity, dto.clinicalNote || null],
        );
        await this.pathway.reevaluate(manager, id);
        await this.refreshReports(manager, id);
        return this.clinicalView(manager, actor, id);
      },
      { write: true },
    );
  }

  /** The episode with its clinical data, as the care team sees it. */
  private async clinicalView(
    manager: EntityManager,
    actor: AuthenticatedUser,
    id: string,
  ): Promise<EpisodeClinicalDto> {
    const fresh = await this.findVisible(manager, actor, id);
    const [complaint] = await manager.query<ComplaintRow[]>(
      `SELECT regions, side, specificity, clinical_note, version FROM complaint WHERE episode_id = $1`,
      [id],
    );
    return toClinicalDto(fresh, complaint);
  }

  /** Stores a completed instrument with its score as published; a clinical write, audited. */
  async recordQuestionnaire(
    actor: AuthenticatedUser,
    id: string,
    dto: RecordQuestionnaireDto,
  ): Promise<QuestionnaireResponseDto> {
    const scored = scoreAnswers(dto.instrument, dto.answers);
    return this.clinical.run(
      actor,
      id,
      'questionnaire.create',
      async (manager) => {
        const stored = await storeQuestionnaire(manager, id, scored, dto.takenOn, actor.id);
        await this.pathway.reevaluate(manager, id);
        return stored;
      },
      { write: true },
    );
  }

  /** The instruments of an episode, oldest first; a clinical read, audited. */
  async listQuestionnaires(
    actor: AuthenticatedUser,
    id: string,
  ): Promise<QuestionnaireResponseDto[]> {
    return this.clinical.run(actor, id, 'questionnaire.read', (manager) =>
      questionnairesOf(manager, id),
    );
  }

  /** The work status timeline, oldest first (functional: everyone who sees the episode). */
  async workStatusTimeline(actor: AuthenticatedUser, id: string): Promise<WorkStatusDto[]> {
    const episode = await this.findVisible(this.dataSource.manager, actor, id);
    if (!episode) throw new DomainError('not_found', NOT_FOUND);
    const rows = await this.dataSource.query<WorkStatusRow[]>(
      `SELECT ${WORK_STATUS_COLUMNS} FROM work_status_period WHERE episode_id = $1 ORDER BY effective_from`,
      [id],
    );
    return rows.map((row) => toWorkStatusDto(row, Number(episode.contract_hours)));
  }

  /**
   * Adds a step to the work status timeline of an open episode: after the latest step, or (with
   * `correction`) between earlier ones. The absence clock is decided again from the whole timeline:
   * a relapse after a return shorter than the window continues it, after a longer one starts a
   * new clock and every deadline counted from it is re-planned, with the reason. The lifecycle
   * follows (monitoring falls back to active when the employee is ill again).
   */
  async recordWorkStatus(
    actor: AuthenticatedUser,
    id: string,
    dto: RecordWorkStatusDto,
  ): Promise<WorkStatusDto[]> {
    const percent =
      dto.status === 'absent' ? 0 : dto.status === 'full_duty' ? 100 : dto.percentOfContract;
    const errors: FieldError[] = [];
    if (dto.status === 'partial' && percent === undefined)
      errors.push({
        field: 'percentOfContract',
        message: 'percentOfContract is required for partial',
      });
    if (dto.status !== 'partial' && dto.percentOfContract !== undefined)
      errors.push({
        field: 'percentOfContract',
        message: 'percentOfContract applies only to partial (absent is 0, full duty 100)',
      });
    if (dto.status === 'absent' && dto.restrictions && Object.keys(dto.restrictions).length)
      errors.push({ field: 'restrictions', message: 'restrictions do not apply while absent' });
    // A step is bounded like the dates that open an episode (it follows the first step already).
    const implausible = implausibleDates(
      { effectiveFrom: dto.effectiveFrom },
      { today: todayIn(), historic: true },
    );
    if (implausible.length) throw implausibleDatesError(implausible);
    if (errors.length)
      throw new DomainError('validation_failed', 'Some fields are invalid.', { errors });

    await this.dataSource.transaction(async (manager) => {
      const timeline = await this.lockTimeline(manager, actor, id);
      const first = timeline[0]?.effective_from;
      const latest = timeline.at(-1)?.effective_from;
      const invalid = (message: string) =>
        new DomainError('validation_failed', 'Some fields are invalid.', {
          errors: [{ field: 'effectiveFrom', message }],
        });
      if (!dto.correction && latest && dto.effectiveFrom <= latest) {
        throw invalid(
          `effectiveFrom must be after the latest step (${latest}); to correct the timeline in the past, send correction: true`,
        );
      }
      if (dto.correction) {
        if (first && dto.effectiveFrom <= first)
          throw invalid(
            `effectiveFrom must be after the first step (${first}), which opened the episode`,
          );
        if (timeline.some((step) => step.effective_from === dto.effectiveFrom))
          throw invalid(`a step on ${dto.effectiveFrom} exists; remove it first to replace it`);
      }
      await manager.query(
        `INSERT INTO work_status_period (episode_id, effective_from, status, percent_of_contract, restrictions, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          id,
          dto.effectiveFrom,
          dto.status,
          percent,
          JSON.stringify(functionalRestrictions(dto.restrictions)),
          actor.id,
        ],
      );
      const corrected = Boolean(latest && dto.effectiveFrom < latest);
      await this.clock.follow(
        manager,
        id,
        corrected ? 'timeline_corrected' : 'work_status_recorded',
        actor.id,
      );
      await this.timelineChanged(manager, id);
    });
    return this.workStatusTimeline(actor, id);
  }

  /**
   * Removes a step recorded in error. The first step opened the episode and stays. The absence
   * clock, the deadlines and the lifecycle follow the corrected timeline.
   */
  async removeWorkStatus(
    actor: AuthenticatedUser,
    id: string,
    effectiveFrom: string,
  ): Promise<WorkStatusDto[]> {
    await this.dataSource.transaction(async (manager) => {
      const timeline = await this.lockTimeline(manager, actor, id);
      const index = timeline.findIndex((step) => step.effective_from === effectiveFrom);
      if (index < 0)
        throw new DomainError('not_found', 'The timeline has no step starting on that date.');
      if (index === 0) {
        throw new DomainError('validation_failed', 'Some fields are invalid.', {
          errors: [
            {
              field: 'effectiveFrom',
              message: 'the first step opened the episode and cannot be removed',
            },
          ],
        });
      }
      await manager.query(
        `DELETE FROM work_status_period WHERE episode_id = $1 AND effective_from = $2`,
        [id, effectiveFrom],
      );
      await this.clock.follow(manager, id, 'timeline_corrected', actor.id);
      await this.timelineChanged(manager, id);
    });
    return this.workStatusTimeline(actor, id);
  }

  /** The episode's history: status changes and absence-clock decisions, oldest first. */
  async history(actor: AuthenticatedUser, id: string): Promise<EpisodeEventDto[]> {
    const episode = await this.findVisible(this.dataSource.manager, actor, id);
    if (!episode) throw new DomainError('not_found', NOT_FOUND);
    const rows = await episodeHistory(this.dataSource.manager, id);
    return rows.map((row) => ({
      kind: row.kind,
      cause: row.cause,
      fromStatus: row.from_status,
      toStatus: row.to_status,
      clockStart: row.clock_start,
      effectiveOn: row.effective_on,
      daysBackAtWork: row.days_back_at_work,
      byUserId: row.actor_id,
      byName: row.actor_name,
      recordedAt: row.recorded_at.toISOString(),
    }));
  }

  /** The timeline of an open episode the actor may change, its episode row locked. */
  private async lockTimeline(
    manager: EntityManager,
    actor: AuthenticatedUser,
    id: string,
  ): Promise<{ effective_from: string }[]> {
    const params: unknown[] = [id];
    const [episode] = await manager.query<{ status: string }[]>(
      `SELECT ep.status FROM episode ep
        WHERE ep.id = $1 AND ${visibleEpisodes(actor, 'ep', params)} FOR UPDATE OF ep`,
      params,
    );
    if (!episode) throw new DomainError('not_found', NOT_FOUND);
    if (episode.status === 'closed') throw episodeClosed();
    return manager.query<{ effective_from: string }[]>(
      `SELECT to_char(effective_from, 'YYYY-MM-DD') AS effective_from FROM work_status_period
        WHERE episode_id = $1 ORDER BY effective_from`,
      [id],
    );
  }

  /** The episode's functional view changed with its timeline: its version moves on. */
  private async timelineChanged(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE episode SET version = version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  private async findVisible(
    manager: EntityManager,
    actor: AuthenticatedUser,
    id: string,
  ): Promise<EpisodeRow> {
    const params: unknown[] = [id];
    // Read on nearly every episode request, and costlier to plan than to run: prepared.
    const [row] = await queryPreparedIn<EpisodeRow>(
      manager,
      `SELECT ${EPISODE_COLUMNS} FROM episode ep WHERE ep.id = $1 AND ${visibleEpisodes(actor, 'ep', params)}`,
      params,
    );
    return row;
  }
}

/** Whitelisting mapper: copies the functional fields by name, nothing else. */
export function toFunctionalDto(row: EpisodeRow): EpisodeFunctionalDto {
  return {
    id: row.id,
    employeeId: row.employee_id,
    jurisdiction: row.jurisdiction,
    referralDate: row.referral_date,
    absenceStart: row.absence_start,
    status: row.status,
    closeReason: row.close_reason,
    careTeam: row.care_team.map((member) => ({
      userId: member.userId,
      name: member.name,
      role: member.role,
    })),
    contractHours: Number(row.contract_hours),
    clockStart: row.clock_start,
    continuesEpisodeId: row.continues_episode_id,
    workStatus: row.work_status
      ? toWorkStatusDto(row.work_status, Number(row.contract_hours))
      : null,
    expectedFullReturn: row.expected_full_return,
    nextDue:
      row.next_due_kind && row.next_due_on
        ? { kind: row.next_due_kind, dueOn: row.next_due_on }
        : null,
    version: row.version,
  };
}

function toWorkStatusDto(row: WorkStatusRow, contractHours: number): WorkStatusDto {
  return {
    effectiveFrom: row.effective_from,
    status: row.status,
    percentOfContract: row.percent_of_contract,
    hoursPerWeek: Math.round(contractHours * row.percent_of_contract) / 100,
    restrictions: functionalRestrictions(row.restrictions),
  };
}

function toClinicalDto(row: EpisodeRow, complaint: ComplaintRow | undefined): EpisodeClinicalDto {
  return {
    ...toFunctionalDto(row),
    complaint: complaint
      ? {
          regions: complaint.regions,
          side: complaint.side,
          specificity: complaint.specificity,
          clinicalNote: complaint.clinical_note,
          version: complaint.version,
        }
      : null,
  };
}
