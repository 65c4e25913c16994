import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { visibleEmployees } from '../../common/access/employee-scope.js';
import { CLINICAL_VIEW_ROLES, visibleEpisodes } from '../../common/access/episode-scope.js';
import { currentlyServedEmployers } from '../../common/access/organisation-scope.js';
import { AuditService } from '../../common/audit/audit.service.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { queryPage } from '../../database/paged-query.js';
import type {
  CareTeamDto,
  ComplaintDto,
  EpisodeClinicalDto,
  EpisodeFunctionalDto,
  EpisodePageDto,
  ListEpisodesQuery,
  OpenEpisodeDto,
  QuestionnaireResponseDto,
  RecordComplaintDto,
  RecordQuestionnaireDto,
  TransitionEpisodeDto,
} from './dto/episode.dto.js';
import { transitionEpisode } from './episode-lifecycle.js';
import { scoreInstrument, validateAnswers } from '../instruments/instruments.js';
import { modifiedRows } from '../../database/modified-rows.js';

interface EpisodeRow {
  id: string;
  employee_id: string;
  employer_id: string;
  jurisdiction: EpisodeFunctionalDto['jurisdiction'];
  referral_date: string;
  absence_start: string | null;
  status: EpisodeFunctionalDto['status'];
  close_reason: EpisodeFunctionalDto['closeReason'];
  version: number;
  care_team: { userId: string; name: string; role: string }[];
}

interface ComplaintRow {
  regions: ComplaintDto['regions'];
  side: ComplaintDto['side'];
  specificity: ComplaintDto['specificity'];
  clinical_note: string | null;
  version: number;
}

const COLUMNS = `ep.id, ep.employee_id, ep.employer_id, ep.jurisdiction,
  to_char(ep.referral_date, 'YYYY-MM-DD') AS referral_date, to_char(ep.absence_start, 'YYYY-MM-DD') AS absence_start,
  ep.status, ep.close_reason, ep.version,
  coalesce((SELECT json_agg(json_build_object('userId', u.id, 'name', u.display_name, 'role', c.role) ORDER BY c.role)
              FROM care_team_member c JOIN app_user u ON u.id = c.user_id WHERE c.episode_id = ep.id), '[]') AS care_team`;
const NOT_FOUND = 'The requested resource does not exist.';

/**
 * Episodes and their clinical complaint. Reads and writes of clinical data write their audit row in
 * the same transaction; a clinical access refused for scope is recorded as a denial.
 */
@Injectable()
export class EpisodesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** HR opens an episode (a referral) for an employee of its own employer. */
  async open(actor: AuthenticatedUser, dto: OpenEpisodeDto): Promise<EpisodeFunctionalDto> {
    const errors: FieldError[] = [];
    if (dto.absenceStart && dto.absenceStart > dto.referralDate) {
      errors.push({
        field: 'absenceStart',
        message: 'absenceStart must not be after referralDate',
      });
    }
    const params: unknown[] = [dto.employeeId];
    const [employee] = await this.dataSource.query<{ employer_id: string }[]>(
      `SELECT e.employer_id FROM employee e WHERE e.id = $1 AND e.active AND ${visibleEmployees(actor, 'e', params)}`,
      params,
    );
    if (!employee)
      errors.push({
        field: 'employeeId',
        message: 'employeeId must be a current employee of your employer',
      });
    if (errors.length)
      throw new DomainError('validation_failed', 'Some fields are invalid.', { errors });

    const [{ id }] = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO episode (employee_id, employer_id, jurisdiction, referral_date, absence_start, version)
       VALUES ($1, $2, $3, $4, $5, 1) RETURNING id`,
      [
        dto.employeeId,
        employee.employer_id,
        dto.jurisdiction,
        dto.referralDate,
        dto.absenceStart ?? null,
      ],
    );
    return toFunctionalDto(await this.findVisible(this.dataSource.manager, actor, id));
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
        select: COLUMNS,
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
    return this.clinicalAccess(actor, id, 'episode.read', (manager) =>
      this.clinicalView(manager, actor, id),
    );
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
      if (!outcome.ok) {
        if (outcome.code === 'invalid_transition')
          throw new DomainError('invalid_transition', outcome.message);
        throw new DomainError('validation_failed', 'Some fields are invalid.', {
          errors: [{ field: 'closeReason', message: outcome.message }],
        });
      }
      const rows = await modifiedRows<unknown>(
        manager,
        `UPDATE episode SET status = $3, close_reason = $4, updated_at = now(), version = version + 1
          WHERE id = $1 AND version = $2 RETURNING id`,
        [id, expectedVersion, outcome.status, outcome.closeReason],
      );
      if (!rows.length) {
        throw new DomainError(
          'precondition_failed',
          'The episode has changed since you read it; read it again.',
        );
      }
      return toFunctionalDto(await this.findVisible(manager, actor, id));
    });
  }

  /** The physiotherapist (or a serving doctor) records the complaint: a clinical write, audited. */
  async recordComplaint(
    actor: AuthenticatedUser,
    id: string,
    dto: RecordComplaintDto,
  ): Promise<EpisodeClinicalDto> {
    return this.clinicalAccess(actor, id, 'complaint.update', async (manager) => {
      await manager.query(
        `INSERT INTO complaint (episode_id, regions, side, specificity, clinical_note, version)
         VALUES ($1, $2, $3, $4, $5, 1)
         ON CONFLICT (episode_id) DO UPDATE
           SET regions = EXCLUDED.regions, side = EXCLUDED.side, specificity = EXCLUDED.specificity,
               clinical_note = EXCLUDED.clinical_note, updated_at = now(), version = complaint.version + 1`,
        [id, dto.regions, dto.side, dto.specificity, dto.clinicalNote || null],
      );
      return this.clinicalView(manager, actor, id);
    });
  }

  /**
   * One clinical access, in one transaction: the work (a change and/or a read of clinical data) and
   * its audit row. Out of scope: a denial row (committed on its own), then 404 as for a missing one.
   */
  private async clinicalAccess<T>(
    actor: AuthenticatedUser,
    id: string,
    action: string,
    work: (manager: EntityManager, episode: EpisodeRow) => Promise<T>,
  ): Promise<T> {
    const result = await this.dataSource.transaction(async (manager) => {
      const episode = await this.findVisible(manager, actor, id);
      if (!episode || !isClinicalViewer(actor)) return { allowed: false as const };
      const value = await work(manager, episode);
      await this.audit.record(
        {
          actor,
          action,
          objectType: 'episode',
          objectId: id,
          subjectEmployeeId: episode.employee_id,
          outcome: 'allowed',
        },
        manager,
      );
      return { allowed: true as const, value };
    });
    if (result.allowed) return result.value;

    const [known] = await this.dataSource.query<{ employee_id: string }[]>(
      `SELECT employee_id FROM episode WHERE id = $1`,
      [id],
    );
    await this.audit.record({
      actor,
      action,
      objectType: 'episode',
      objectId: id,
      subjectEmployeeId: known?.employee_id,
      outcome: 'denied',
    });
    throw new DomainError('not_found', NOT_FOUND);
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
    const validated = validateAnswers(dto.instrument, dto.answers);
    if (!validated.ok) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: validated.errors,
      });
    }
    const score = scoreInstrument(dto.instrument, validated.answers);
    return this.clinicalAccess(actor, id, 'questionnaire.create', async (manager) => {
      const [row] = await manager.query<QuestionnaireRow[]>(
        `INSERT INTO questionnaire_response (episode_id, instrument, taken_on, answers, score, entered_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING ${QUESTIONNAIRE_COLUMNS}`,
        [
          id,
          dto.instrument,
          dto.takenOn,
          JSON.stringify(validated.answers),
          JSON.stringify(score),
          actor.id,
        ],
      );
      return toQuestionnaireDto(row);
    });
  }

  /** The instruments of an episode, oldest first; a clinical read, audited. */
  async listQuestionnaires(
    actor: AuthenticatedUser,
    id: string,
  ): Promise<QuestionnaireResponseDto[]> {
    return this.clinicalAccess(actor, id, 'questionnaire.read', async (manager) => {
      const rows = await manager.query<QuestionnaireRow[]>(
        `SELECT ${QUESTIONNAIRE_COLUMNS} FROM questionnaire_response WHERE episode_id = $1 ORDER BY taken_on, created_at`,
        [id],
      );
      return rows.map(toQuestionnaireDto);
    });
  }

  private async findVisible(
    manager: EntityManager,
    actor: AuthenticatedUser,
    id: string,
  ): Promise<EpisodeRow> {
    const params: unknown[] = [id];
    const [row] = await manager.query<EpisodeRow[]>(
      `SELECT ${COLUMNS} FROM episode ep WHERE ep.id = $1 AND ${visibleEpisodes(actor, 'ep', params)}`,
      params,
    );
    return row;
  }
}

interface QuestionnaireRow {
  id: string;
  instrument: QuestionnaireResponseDto['instrument'];
  taken_on: string;
  answers: Record<string, unknown>;
  score: Record<string, unknown>;
}

const QUESTIONNAIRE_COLUMNS = `id, instrument, to_char(taken_on, 'YYYY-MM-DD') AS taken_on, answers, score`;

function toQuestionnaireDto(row: QuestionnaireRow): QuestionnaireResponseDto {
  return {
    id: row.id,
    instrument: row.instrument,
    takenOn: row.taken_on,
    answers: row.answers,
    score: row.score,
  };
}

function isClinicalViewer(actor: AuthenticatedUser): boolean {
  return (CLINICAL_VIEW_ROLES as readonly string[]).includes(actor.role);
}

/** Whitelisting mapper: copies the functional fields by name, nothing else. */
function toFunctionalDto(row: EpisodeRow): EpisodeFunctionalDto {
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
    version: row.version,
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
