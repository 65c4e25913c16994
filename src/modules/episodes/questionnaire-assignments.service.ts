import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ClinicalAccessService,
  episodeClosed,
  NOT_FOUND_DETAIL,
} from '../../common/access/clinical-access.service.js';
import { AuditService } from '../../common/audit/audit.service.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { todayIn } from '../../common/dates/calendar.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { modifiedRows } from '../../database/modified-rows.js';
import { employeeBandLabel } from '../instruments/band-labels.js';
import {
  INSTRUMENTS,
  type InstrumentCode,
  PSFS_ACTIVITY_RULES,
} from '../instruments/instruments.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { PathwayService } from '../triage/pathway.service.js';
import type {
  AssignQuestionnaireDto,
  OwnQuestionnaireDto,
  OwnQuestionnaireSubmittedDto,
  PsfsActivityRefDto,
  QuestionnaireAssignmentDto,
  SubmitOwnQuestionnaireDto,
} from './dto/questionnaire-assignment.dto.js';
import { latestPsfsActivities, scoreAnswers, storeQuestionnaire } from './questionnaire-store.js';

interface AssignmentRow {
  id: string;
  episode_id: string;
  instrument: InstrumentCode;
  due_on: string | null;
  assigned_at: Date;
  completed_at: Date | null;
  cancelled_at: Date | null;
  response_id: string | null;
}

const COLUMNS = `a.id, a.episode_id, a.instrument, to_char(a.due_on, 'YYYY-MM-DD') AS due_on, a.assigned_at,
  a.completed_at, a.cancelled_at, a.response_id`;

/**
 * Instruments the care team asks the employee to fill in themself. The employee sees the form
 * (item codes and their ranges; for the PSFS the activities they named) and reads back only the
 * band of their score in plain words, never a clinical code; what they send is checked and scored
 * exactly as when the physiotherapist enters it, stored on the episode, and the pathway
 * re-evaluated.
 */
@Injectable()
export class QuestionnaireAssignmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clinical: ClinicalAccessService,
    private readonly audit: AuditService,
    private readonly pathway: PathwayService,
    private readonly notifications: NotificationsService,
  ) {}

  async assign(
    actor: AuthenticatedUser,
    episodeId: string,
    dto: AssignQuestionnaireDto,
  ): Promise<QuestionnaireAssignmentDto> {
    return this.clinical.run(
      actor,
      episodeId,
      'questionnaire.assign',
      async (manager, episode) => {
        const [created] = await manager.query<AssignmentRow[]>(
          `INSERT INTO questionnaire_assignment AS a (episode_id, instrument, due_on, assigned_by)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (episode_id, instrument) WHERE completed_at IS NULL AND cancelled_at IS NULL
           DO NOTHING
           RETURNING ${COLUMNS}`,
          [episodeId, dto.instrument, dto.dueOn ?? null, actor.id],
        );
        if (!created) {
          throw new DomainError(
            'conflict',
            'This instrument is already waiting for the employee; cancel it first to ask again.',
          );
        }
        const [employee] = await manager.query<{ user_id: string | null }[]>(
          `SELECT user_id FROM employee WHERE id = $1`,
          [episode.employee_id],
        );
        await this.notifications.notify(manager, {
          recipients: employee?.user_id ? [employee.user_id] : [],
          kind: 'questionnaire_assigned',
          subjectKey: `questionnaire_assignment:${created.id}`,
          episodeId,
        });
        return toAssignmentDto(created);
      },
      { write: true },
    );
  }

  async list(actor: AuthenticatedUser, episodeId: string): Promise<QuestionnaireAssignmentDto[]> {
    return this.clinical.run(actor, episodeId, 'questionnaire.read', async (manager) => {
      const rows = await manager.query<AssignmentRow[]>(
        `SELECT ${COLUMNS} FROM questionnaire_assignment a WHERE a.episode_id = $1
          ORDER BY a.assigned_at, a.id`,
        [episodeId],
      );
      return rows.map(toAssignmentDto);
    });
  }

  async cancel(
    actor: AuthenticatedUser,
    episodeId: string,
    assignmentId: string,
  ): Promise<QuestionnaireAssignmentDto> {
    return this.clinical.run(
      actor,
      episodeId,
      'questionnaire.unassign',
      async (manager) => {
        const [cancelled] = await modifiedRows<AssignmentRow>(
          manager,
          `UPDATE questionnaire_assignment a SET cancelled_at = now()
            WHERE a.id = $1 AND a.episode_id = $2 AND a.completed_at IS NULL AND a.cancelled_at IS NULL
            RETURNING ${COLUMNS}`,
          [assignmentId, episodeId],
        );
        if (cancelled) return toAssignmentDto(cancelled);
        const [exists] = await manager.query<unknown[]>(
          `SELECT 1 FROM questionnaire_assignment WHERE id = $1 AND episode_id = $2`,
          [assignmentId, episodeId],
        );
        if (!exists) throw new DomainError('not_found', NOT_FOUND_DETAIL);
        throw new DomainError('conflict', 'This questionnaire is already completed or cancelled.');
      },
      { write: true },
    );
  }

  /**
   * The employee's own questionnaires waiting to be filled in, soonest due first. A PSFS comes
   * with the activities its last administration rated: their names are clinical, so reading them
   * is audited like any clinical read.
   */
  async own(actor: AuthenticatedUser): Promise<OwnQuestionnaireDto[]> {
    const rows = await this.dataSource.query<(AssignmentRow & { employee_id: string })[]>(
      `SELECT ${COLUMNS}, ep.employee_id FROM questionnaire_assignment a
         JOIN episode ep ON ep.id = a.episode_id
         JOIN employee e ON e.id = ep.employee_id
        WHERE e.user_id = $1 AND ep.status <> 'closed'
          AND a.completed_at IS NULL AND a.cancelled_at IS NULL
        ORDER BY a.due_on NULLS LAST, a.assigned_at, a.id`,
      [actor.id],
    );
    const psfsActivities = new Map<string, PsfsActivityRefDto[]>();
    const psfsRows = rows.filter((row) => row.instrument === 'psfs');
    if (psfsRows.length) {
      await this.dataSource.transaction(async (manager) => {
        for (const row of psfsRows) {
          psfsActivities.set(row.id, await latestPsfsActivities(manager, row.episode_id));
          await this.audit.record(
            {
              actor,
              action: 'questionnaire.psfs_activities_read',
              objectType: 'episode',
              objectId: row.episode_id,
              subjectEmployeeId: row.employee_id,
              outcome: 'allowed',
            },
            manager,
          );
        }
      });
    }
    return rows.map((row) => {
      const definition = INSTRUMENTS[row.instrument];
      return {
        id: row.id,
        instrument: row.instrument,
        name: definition.name,
        dueOn: row.due_on,
        assignedAt: new Date(row.assigned_at).toISOString(),
        items: definition.items.map((item) =>
          item.kind === 'integer'
            ? { code: item.code, kind: item.kind, min: item.min, max: item.max }
            : { code: item.code, kind: item.kind, options: item.options.map((o) => o.value) },
        ),
        psfs:
          row.instrument === 'psfs'
            ? {
                minActivities: PSFS_ACTIVITY_RULES.min,
                maxActivities: PSFS_ACTIVITY_RULES.max,
                ratingMin: PSFS_ACTIVITY_RULES.ratingMin,
                ratingMax: PSFS_ACTIVITY_RULES.ratingMax,
                nameMaxLength: PSFS_ACTIVITY_RULES.nameMaxLength,
                activities: psfsActivities.get(row.id) ?? [],
              }
            : null,
      };
    });
  }

  /**
   * The employee sends their answers: stored and scored on their episode, the assignment
   * completed and the pathway re-evaluated, in one audited transaction. Sending twice answers
   * 409; someone else's questionnaire answers 404.
   */
  async submitOwn(
    actor: AuthenticatedUser,
    assignmentId: string,
    dto: SubmitOwnQuestionnaireDto,
  ): Promise<OwnQuestionnaireSubmittedDto> {
    return this.dataSource.transaction(async (manager) => {
      const assignment = await this.lockOwn(manager, actor, assignmentId);
      if (assignment.status === 'closed') throw episodeClosed();
      if (assignment.completed_at || assignment.cancelled_at) {
        throw new DomainError(
          'conflict',
          'This questionnaire has already been sent or was withdrawn.',
        );
      }
      const scored = scoreAnswers(assignment.instrument, dto.answers);
      const stored = await storeQuestionnaire(
        manager,
        assignment.episode_id,
        scored,
        todayIn(),
        actor.id,
      );
      const [completed] = await modifiedRows<{ completed_at: Date }>(
        manager,
        `UPDATE questionnaire_assignment SET completed_at = now(), response_id = $2
          WHERE id = $1 RETURNING completed_at`,
        [assignmentId, stored.id],
      );
      await this.pathway.reevaluate(manager, assignment.episode_id);
      await this.audit.record(
        {
          actor,
          action: 'questionnaire.self_report',
          objectType: 'episode',
          objectId: assignment.episode_id,
          subjectEmployeeId: assignment.employee_id,
          outcome: 'allowed',
        },
        manager,
      );
      return {
        id: assignmentId,
        instrument: assignment.instrument,
        status: 'completed',
        completedAt: new Date(completed.completed_at).toISOString(),
        result: { bandLabel: employeeBandLabel(scored.score) },
      };
    });
  }

  /** The caller's own assignment, locked together with its episode; 404 for anyone else's. */
  private async lockOwn(
    manager: EntityManager,
    actor: AuthenticatedUser,
    assignmentId: string,
  ): Promise<AssignmentRow & { employee_id: string; status: string }> {
    const [row] = await manager.query<(AssignmentRow & { employee_id: string; status: string })[]>(
      `SELECT ${COLUMNS}, ep.employee_id, ep.status
         FROM questionnaire_assignment a
         JOIN episode ep ON ep.id = a.episode_id
         JOIN employee e ON e.id = ep.employee_id
        WHERE a.id = $1 AND e.user_id = $2
        FOR UPDATE OF a, ep`,
      [assignmentId, actor.id],
    );
    if (!row) throw new DomainError('not_found', NOT_FOUND_DETAIL);
    return row;
  }
}

function toAssignmentDto(row: AssignmentRow): QuestionnaireAssignmentDto {
  return {
    id: row.id,
    instrument: row.instrument,
    dueOn: row.due_on,
    status: row.completed_at ? 'completed' : row.cancelled_at ? 'cancelled' : 'pending',
    assignedAt: new Date(row.assigned_at).toISOString(),
    completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
    responseId: row.response_id,
  };
}
