import { Injectable } from '@nestjs/common';
import { CheckpointPlanner } from '../checkpoints/checkpoint-planner.service.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ClinicalAccessService,
  type EpisodeHandle,
  isClinicalViewer,
  NOT_FOUND_DETAIL,
} from '../../common/access/clinical-access.service.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { advanceEpisode } from '../episodes/episode-history.store.js';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { modifiedRows } from '../../database/modified-rows.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { NotificationKind } from '../notifications/notification-texts.js';
import { type ComponentCode, evidenceGrade } from '../triage/evidence.js';
import type { Pathway } from '../triage/pathway-engine.js';
import type { BodyRegion } from '../episodes/entities/complaint.entity.js';
import { functionalLimits } from '../episodes/dto/episode.dto.js';
import type {
  ExerciseDto,
  PlanClinicalDto,
  PlanContentDto,
  PlanDiffDto,
  PlanFunctionalDto,
  RequestChangesDto,
  WorkWeekDto,
} from './dto/plan.dto.js';
import type { PlanStatus } from './entities/plan-version.entity.js';
import { guidelineWarnings, type InterventionKind } from './guideline-checks.js';
import { interventionKinds } from './interventions.service.js';
import { diffPlans } from './plan-diff.js';
import { quotaSchedule } from './schedule.js';

interface PlanRow {
  id: string;
  number: number;
  status: PlanStatus;
  start_date: string;
  target_full_return: string;
  components: ComponentCode[];
  movement_track: ExerciseDto[];
  work_track: WorkWeekDto[];
  review_dates: string[];
  remarks: string | null;
  submitted_at: Date | null;
  decided_at: Date | null;
  hr_acknowledged_at: Date | null;
  employee_agreed_at: Date | null;
  version: number;
  contract_hours: string;
}

const COLUMNS = `p.id, p.number, p.status, to_char(p.start_date, 'YYYY-MM-DD') AS start_date,
  to_char(p.target_full_return, 'YYYY-MM-DD') AS target_full_return, p.components, p.movement_track,
  p.work_track, ARRAY(SELECT to_char(d, 'YYYY-MM-DD') FROM unnest(p.review_dates) d ORDER BY d) AS review_dates,
  p.remarks, p.submitted_at, CASE WHEN p.status IN ('approved', 'superseded') THEN p.decided_at END AS decided_at,
  p.hr_acknowledged_at, p.employee_agreed_at, p.version,
  (SELECT ep.contract_hours FROM episode ep WHERE ep.id = p.episode_id) AS contract_hours`;

const EDITABLE: readonly PlanStatus[] = ['draft', 'changes_requested'];
/** The content fields a diff compares; sign-offs and status are not content. */
const FUNCTIONAL_FIELDS = ['startDate', 'targetFullReturn', 'workTrack', 'reviewDates'] as const;
const CLINICAL_FIELDS = [...FUNCTIONAL_FIELDS, 'components', 'movementTrack'] as const;

/**
 * The graded activity plan of an episode, version by version, and its approval: the physiotherapist
 * drafts and submits, the occupational doctor approves or asks for changes, HR acknowledges the
 * work track, the employee agrees. The care team reads the whole plan (audited); HR and the
 * employee read the work track only. Every change of a version needs the ETag it was read with.
 */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clinical: ClinicalAccessService,
    private readonly notifications: NotificationsService,
    private readonly checkpoints: CheckpointPlanner,
  ) {}

  async create(
    actor: AuthenticatedUser,
    episodeId: string,
    dto: PlanContentDto,
  ): Promise<PlanClinicalDto> {
    const content = prepareContent(dto);
    return this.clinical.run(
      actor,
      episodeId,
      'plan.create',
      async (manager) => {
        const [open] = await manager.query<{ number: number }[]>(
          `SELECT number FROM plan_version
            WHERE episode_id = $1 AND status IN ('draft', 'submitted', 'changes_requested')`,
          [episodeId],
        );
        if (open) {
          throw new DomainError(
            'conflict',
            `Version ${open.number} of this plan is still open; change that one instead.`,
          );
        }
        const [{ number }] = await manager.query<{ number: number }[]>(
          `INSERT INTO plan_version (episode_id, number, start_date, target_full_return, components,
                                     movement_track, work_track, review_dates, drafted_by, version)
           SELECT $1, coalesce(max(number), 0) + 1, $2, $3, $4, $5, $6, $7, $8, 1
             FROM plan_version WHERE episode_id = $1
           RETURNING number`,
          [episodeId, ...content, actor.id],
        );
        return this.clinicalView(manager, episodeId, number);
      },
      { roles: ['physio'], write: true },
    );
  }

  async update(
    actor: AuthenticatedUser,
    episodeId: string,
    number: number,
    expectedVersion: number,
    dto: PlanContentDto,
  ): Promise<PlanClinicalDto> {
    const content = prepareContent(dto);
    return this.clinical.run(
      actor,
      episodeId,
      'plan.update',
      async (manager) => {
        await this.move(manager, episodeId, number, expectedVersion, EDITABLE, {
          set: `status = 'draft', start_date = $4, target_full_return = $5, components = $6,
                movement_track = $7, work_track = $8, review_dates = $9, remarks = NULL`,
          params: content,
        });
        return this.clinicalView(manager, episodeId, number);
      },
      { roles: ['physio'], write: true },
    );
  }

  async submit(
    actor: AuthenticatedUser,
    episodeId: string,
    number: number,
    expectedVersion: number,
  ): Promise<PlanClinicalDto> {
    return this.clinical.run(
      actor,
      episodeId,
      'plan.submit',
      async (manager) => {
        await this.move(manager, episodeId, number, expectedVersion, ['draft'], {
          set: `status = 'submitted', submitted_at = now()`,
        });
        await this.notifyCareTeam(
          manager,
          episodeId,
          number,
          'occupational_doctor',
          'plan_submitted',
        );
        return this.clinicalView(manager, episodeId, number);
      },
      { roles: ['physio'], write: true },
    );
  }

  async approve(
    actor: AuthenticatedUser,
    episodeId: string,
    number: number,
    expectedVersion: number,
  ): Promise<PlanClinicalDto> {
    return this.clinical.run(
      actor,
      episodeId,
      'plan.approve',
      async (manager, episode) => {
        await this.move(manager, episodeId, number, expectedVersion, ['submitted'], {
          set: `status = 'approved', decided_by = $4, decided_at = now()`,
          params: [actor.id],
        });
        await manager.query(
          `UPDATE plan_version SET status = 'superseded', updated_at = now(), version = version + 1
            WHERE episode_id = $1 AND status = 'approved' AND number <> $2`,
          [episodeId, number],
        );
        await this.checkpoints.replan(manager, episodeId, 'plan_approved');
        // An approved plan puts the programme to work: the episode becomes active (on its history).
        await advanceEpisode(manager, episodeId, 'active', 'plan_approved', actor.id);
        await this.notifyCareTeam(manager, episodeId, number, 'physio', 'plan_approved');
        await this.notifications.notify(manager, {
          recipients: await this.employerHr(manager, episode),
          kind: 'plan_to_acknowledge',
          subjectKey: `plan:${episodeId}:${number}`,
          episodeId,
        });
        return this.clinicalView(manager, episodeId, number);
      },
      { roles: ['occupational_doctor'], write: true },
    );
  }

  async requestChanges(
    actor: AuthenticatedUser,
    episodeId: string,
    number: number,
    expectedVersion: number,
    dto: RequestChangesDto,
  ): Promise<PlanClinicalDto> {
    return this.clinical.run(
      actor,
      episodeId,
      'plan.request_changes',
      async (manager) => {
        await this.move(manager, episodeId, number, expectedVersion, ['submitted'], {
          set: `status = 'changes_requested', remarks = $4, decided_by = $5, decided_at = now()`,
          params: [dto.remarks, actor.id],
        });
        await this.notifyCareTeam(manager, episodeId, number, 'physio', 'plan_changes_requested');
        return this.clinicalView(manager, episodeId, number);
      },
      { roles: ['occupational_doctor'], write: true },
    );
  }

  /** HR acknowledges the work track of the approved version; the employee is asked to agree. */
  async acknowledge(
    actor: AuthenticatedUser,
    episodeId: string,
    number: number,
    expectedVersion: number,
  ): Promise<PlanFunctionalDto> {
    return this.signOff(actor, episodeId, number, expectedVersion, 'plan.acknowledge', {
      set: `hr_acknowledged_by = $4, hr_acknowledged_at = now()`,
      condition: `hr_acknowledged_at IS NULL`,
      refusal: 'This version is not waiting for an acknowledgement.',
      after: async (manager, episode) => {
        const [employee] = await manager.query<{ user_id: string | null }[]>(
          `SELECT user_id FROM employee WHERE id = $1`,
          [episode.employee_id],
        );
        await this.notifications.notify(manager, {
          recipients: employee?.user_id ? [employee.user_id] : [],
          kind: 'plan_to_agree',
          subjectKey: `plan:${episodeId}:${number}`,
          episodeId,
        });
      },
    });
  }

  /** The employee agrees to the approved, acknowledged version. */
  async agree(
    actor: AuthenticatedUser,
    episodeId: string,
    number: number,
    expectedVersion: number,
  ): Promise<PlanFunctionalDto> {
    return this.signOff(actor, episodeId, number, expectedVersion, 'plan.agree', {
      set: `employee_agreed_at = now()`,
      condition: `hr_acknowledged_at IS NOT NULL AND employee_agreed_at IS NULL`,
      refusal: 'This version is not waiting for your agreement.',
    });
  }

  /** Every version, newest first: the whole plan for the care team, the work track for others. */
  async list(
    actor: AuthenticatedUser,
    episodeId: string,
  ): Promise<(PlanClinicalDto | PlanFunctionalDto)[]> {
    if (isClinicalViewer(actor)) {
      return this.clinical.run(actor, episodeId, 'plan.read', async (manager) => {
        const context = await this.planContext(manager, episodeId);
        const rows = await this.rows(manager, episodeId);
        return rows.map((row) => toClinicalDto(row, context));
      });
    }
    return this.dataSource.transaction(async (manager) => {
      await this.functionalEpisode(manager, actor, episodeId);
      return (await this.rows(manager, episodeId)).map(toFunctionalDto);
    });
  }

  async get(
    actor: AuthenticatedUser,
    episodeId: string,
    number: number,
  ): Promise<PlanClinicalDto | PlanFunctionalDto> {
    if (isClinicalViewer(actor)) {
      return this.clinical.run(actor, episodeId, 'plan.read', (manager) =>
        this.clinicalView(manager, episodeId, number),
      );
    }
    await this.functionalEpisode(this.dataSource.manager, actor, episodeId);
    return toFunctionalDto(await this.row(this.dataSource.manager, episodeId, number));
  }

  /**
   * What changed from version `against` (null: from nothing, every field added) to version
   * `number`: every field for the care team (audited), the work track and dates for HR and the
   * employee. A version that does not exist answers 404.
   */
  async diff(
    actor: AuthenticatedUser,
    episodeId: string,
    number: number,
    against: number | null,
  ): Promise<PlanDiffDto> {
    if (isClinicalViewer(actor)) {
      return this.clinical.run(actor, episodeId, 'plan.read', async (manager) => {
        const context = await this.planContext(manager, episodeId);
        const after = toClinicalDto(await this.row(manager, episodeId, number), context);
        const before =
          against === null
            ? null
            : toClinicalDto(await this.row(manager, episodeId, against), context);
        return { from: against, to: number, changes: diffPlans(before, after, CLINICAL_FIELDS) };
      });
    }
    const manager = this.dataSource.manager;
    await this.functionalEpisode(manager, actor, episodeId);
    const after = toFunctionalDto(await this.row(manager, episodeId, number));
    const before =
      against === null ? null : toFunctionalDto(await this.row(manager, episodeId, against));
    return { from: against, to: number, changes: diffPlans(before, after, FUNCTIONAL_FIELDS) };
  }

  /**
   * Moves one version on, if it is in one of `from` and still at `expectedVersion`: otherwise 404
   * (no such version), 409 (its status does not allow it) or 412 (changed since it was read).
   */
  private async move(
    manager: EntityManager,
    episodeId: string,
    number: number,
    expectedVersion: number,
    from: readonly PlanStatus[],
    change: { set: string; params?: unknown[]; condition?: string; refusal?: string },
  ): Promise<void> {
    const moved = await modifiedRows<{ id: string }>(
      manager,
      `UPDATE plan_version SET ${change.set}, updated_at = now(), version = version + 1
        WHERE episode_id = $1 AND number = $2 AND version = $3 AND status = ANY($${4 + (change.params?.length ?? 0)}::text[])
          ${change.condition ? `AND ${change.condition}` : ''}
        RETURNING id`,
      [episodeId, number, expectedVersion, ...(change.params ?? []), from],
    );
    if (moved.length) return;
    const current = await this.row(manager, episodeId, number);
    if (current.version !== expectedVersion) {
      throw new DomainError(
        'precondition_failed',
        'This plan version has changed since you read it; read it again.',
      );
    }
    throw new DomainError(
      'conflict',
      change.refusal ??
        `This plan version is ${current.status.replace('_', ' ')}; it cannot do that now.`,
    );
  }

  private async signOff(
    actor: AuthenticatedUser,
    episodeId: string,
    number: number,
    expectedVersion: number,
    action: string,
    change: {
      set: string;
      condition: string;
      refusal: string;
      after?: (manager: EntityManager, episode: EpisodeHandle) => Promise<void>;
    },
  ): Promise<PlanFunctionalDto> {
    return this.clinical.change(actor, episodeId, action, async (manager, episode) => {
      await this.move(manager, episodeId, number, expectedVersion, ['approved'], {
        ...change,
        params: change.set.includes('$4') ? [actor.id] : [],
      });
      await change.after?.(manager, episode);
      return toFunctionalDto(await this.row(manager, episodeId, number));
    });
  }

  private async functionalEpisode(
    manager: EntityManager,
    actor: AuthenticatedUser,
    episodeId: string,
  ): Promise<EpisodeHandle> {
    const episode = await this.clinical.findVisibleEpisode(manager, actor, episodeId);
    if (!episode) throw new DomainError('not_found', NOT_FOUND_DETAIL);
    return episode;
  }

  private async row(manager: EntityManager, episodeId: string, number: number): Promise<PlanRow> {
    const [row] = await manager.query<PlanRow[]>(
      `SELECT ${COLUMNS} FROM plan_version p WHERE p.episode_id = $1 AND p.number = $2`,
      [episodeId, number],
    );
    if (!row) throw new DomainError('not_found', NOT_FOUND_DETAIL);
    return row;
  }

  /** Every version of the episode's plan, newest first. */
  private rows(manager: EntityManager, episodeId: string): Promise<PlanRow[]> {
    return manager.query<PlanRow[]>(
      `SELECT ${COLUMNS} FROM plan_version p WHERE p.episode_id = $1 ORDER BY p.number DESC`,
      [episodeId],
    );
  }

  private async clinicalView(
    manager: EntityManager,
    episodeId: string,
    number: number,
  ): Promise<PlanClinicalDto> {
    return toClinicalDto(
      await this.row(manager, episodeId, number),
      await this.planContext(manager, episodeId),
    );
  }

  /** What the grades and warnings of every version of an episode's plan depend on. */
  private async planContext(manager: EntityManager, episodeId: string): Promise<PlanContext> {
    const [context] = await manager.query<
      { regions: BodyRegion[] | null; pathway: Pathway | null }[]
    >(
      `SELECT (SELECT c.regions FROM complaint c WHERE c.episode_id = $1) AS regions,
              (SELECT coalesce(pr.override_pathway, pr.pathway) FROM pathway_recommendation pr
                WHERE pr.episode_id = $1) AS pathway`,
      [episodeId],
    );
    return {
      regions: context?.regions ?? [],
      pathway: context?.pathway ?? null,
      interventions: await interventionKinds(manager, episodeId),
    };
  }

  /**
   * A checkpoint decided to adjust the plan: a new draft version opens as a copy of the approved
   * one, inside the caller's transaction, and the physiotherapist is told. Nothing happens when a
   * version is already open (it is the one to adjust) or there is no approved plan yet.
   * @returns the number of the new draft, or null.
   */
  async openRevision(
    manager: EntityManager,
    episodeId: string,
    requestedBy: string,
  ): Promise<number | null> {
    const [row] = await manager.query<{ number: number }[]>(
      `INSERT INTO plan_version (episode_id, number, start_date, target_full_return, components,
                                 movement_track, work_track, review_dates, drafted_by, version)
       SELECT a.episode_id, (SELECT max(number) + 1 FROM plan_version WHERE episode_id = $1),
              a.start_date, a.target_full_return, a.components, a.movement_track, a.work_track,
              a.review_dates, coalesce(
                (SELECT c.user_id FROM care_team_member c WHERE c.episode_id = $1 AND c.role = 'physio' LIMIT 1),
                $2), 1
         FROM plan_version a
        WHERE a.episode_id = $1 AND a.status = 'approved'
          AND NOT EXISTS (SELECT 1 FROM plan_version o WHERE o.episode_id = $1
                           AND o.status IN ('draft', 'submitted', 'changes_requested'))
       RETURNING number`,
      [episodeId, requestedBy],
    );
    if (!row) return null;
    await this.notifyCareTeam(manager, episodeId, row.number, 'physio', 'plan_changes_requested');
    return row.number;
  }

  private async notifyCareTeam(
    manager: EntityManager,
    episodeId: string,
    number: number,
    role: 'physio' | 'occupational_doctor',
    kind: NotificationKind,
  ): Promise<void> {
    const members = await manager.query<{ user_id: string }[]>(
      `SELECT c.user_id FROM care_team_member c JOIN app_user u ON u.id = c.user_id
        WHERE c.episode_id = $1 AND c.role = $2 AND u.status = 'active'`,
      [episodeId, role],
    );
    await this.notifications.notify(manager, {
      recipients: members.map((member) => member.user_id),
      kind,
      subjectKey: `plan:${episodeId}:${number}:${kind}`,
      episodeId,
    });
  }

  private async employerHr(manager: EntityManager, episode: EpisodeHandle): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT u.id FROM app_user u JOIN membership m ON m.user_id = u.id
        WHERE m.organisation_id = $1 AND u.role = 'hr' AND u.status = 'active'`,
      [episode.employer_id],
    );
    return rows.map((row) => row.id);
  }
}

/**
 * Checks what the DTO cannot (dates in order, weeks inside the plan) and fills in the schedules the
 * physiotherapist left out. Returns the column values in insert order.
 */
function prepareContent(dto: PlanContentDto): unknown[] {
  const errors: FieldError[] = [];
  if (dto.targetFullReturn <= dto.startDate) {
    errors.push({ field: 'targetFullReturn', message: 'targetFullReturn must be after startDate' });
  }
  dto.workTrack.forEach((week, index) => {
    const previous = dto.workTrack[index - 1];
    if (week.from < dto.startDate || week.from > dto.targetFullReturn) {
      errors.push({
        field: `workTrack.${index}.from`,
        message: 'each week must start between startDate and targetFullReturn',
      });
    } else if (previous && week.from <= previous.from) {
      errors.push({ field: `workTrack.${index}.from`, message: 'weeks must be in date order' });
    }
  });
  if (errors.length)
    throw new DomainError('validation_failed', 'Some fields are invalid.', { errors });

  const unprocessable: FieldError[] = [];
  const movementTrack = dto.movementTrack.map((exercise, index) => {
    if (exercise.schedule) return { ...exercise };
    const schedule = quotaSchedule({
      baseline: exercise.baseline,
      target: exercise.target,
      startDate: dto.startDate,
      targetDate: dto.targetFullReturn,
    });
    if (!schedule.ok) {
      unprocessable.push(
        ...schedule.errors
          .filter((error) => error.field !== 'targetDate')
          .map((error) => ({
            field: `movementTrack.${index}.${error.field}`,
            message: error.message,
          })),
      );
      return exercise;
    }
    return { ...exercise, schedule: schedule.steps };
  });
  if (unprocessable.length) {
    throw new DomainError('unprocessable', 'The schedule cannot be generated.', {
      errors: unprocessable,
    });
  }
  return [
    dto.startDate,
    dto.targetFullReturn,
    [...dto.components],
    JSON.stringify(movementTrack),
    JSON.stringify(dto.workTrack),
    [...new Set(dto.reviewDates)].sort(),
  ];
}

interface PlanContext {
  regions: BodyRegion[];
  pathway: Pathway | null;
  interventions: InterventionKind[];
}

/** The whole version for the care team: grades for the complaint's regions, and the warnings. */
function toClinicalDto(row: PlanRow, context: PlanContext): PlanClinicalDto {
  return {
    ...toFunctionalDto(row),
    components: row.components.map((code) => ({
      code,
      grade: evidenceGrade(code, context.regions),
    })),
    movementTrack: row.movement_track,
    remarks: row.remarks,
    warnings: guidelineWarnings({
      pathway: context.pathway,
      components: row.components,
      interventions: context.interventions,
    }),
  };
}

function iso(value: Date | null): string | null {
  return value ? new Date(value).toISOString() : null;
}

/** Whitelisting mapper: the functional part of a version, copied field by field. */
function toFunctionalDto(row: PlanRow): PlanFunctionalDto {
  const contractHours = Number(row.contract_hours);
  return {
    number: row.number,
    status: row.status,
    startDate: row.start_date,
    targetFullReturn: row.target_full_return,
    workTrack: row.work_track.map((week) => ({
      from: week.from,
      percentOfContract: week.percentOfContract,
      hoursPerWeek: Math.round(contractHours * week.percentOfContract) / 100,
      tasksAllowed: [...week.tasksAllowed],
      tasksAvoided: [...week.tasksAvoided],
      ...functionalLimits(week),
    })),
    reviewDates: row.review_dates,
    signOffs: {
      submittedAt: iso(row.submitted_at),
      approvedAt: iso(row.decided_at),
      hrAcknowledgedAt: iso(row.hr_acknowledged_at),
      employeeAgreedAt: iso(row.employee_agreed_at),
    },
    version: row.version,
  };
}
