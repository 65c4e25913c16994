import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ClinicalAccessService,
  NOT_FOUND_DETAIL,
} from '../../common/access/clinical-access.service.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { modifiedRows } from '../../database/modified-rows.js';
import type {
  CreateInterventionDto,
  InterventionDto,
  InterventionStatus,
  UpdateInterventionDto,
} from './dto/intervention.dto.js';
import {
  ERGONOMIC_INTERVENTIONS,
  ERGONOMIC_NOTE,
  type InterventionKind,
} from './guideline-checks.js';

interface InterventionRow {
  id: string;
  kind: InterventionKind;
  description: string;
  owner: string;
  due_on: string | null;
  status: InterventionStatus;
  cost_eur: string | null;
  plan_number: number | null;
  version: number;
}

const COLUMNS = `id, kind, description, owner, to_char(due_on, 'YYYY-MM-DD') AS due_on, status, cost_eur,
  plan_number, version`;

/**
 * Workplace interventions: HR owns them (create, change under If-Match, audited); everyone on the
 * episode reads them, since they are functional. Ergonomic measures carry their evidence note.
 */
@Injectable()
export class InterventionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clinical: ClinicalAccessService,
  ) {}

  async create(
    actor: AuthenticatedUser,
    episodeId: string,
    dto: CreateInterventionDto,
  ): Promise<InterventionDto> {
    return this.clinical.change(actor, episodeId, 'intervention.create', async (manager) => {
      if (dto.planNumber !== undefined) {
        const [plan] = await manager.query<unknown[]>(
          `SELECT 1 FROM plan_version WHERE episode_id = $1 AND number = $2`,
          [episodeId, dto.planNumber],
        );
        if (!plan) {
          throw new DomainError('validation_failed', 'Some fields are invalid.', {
            errors: [
              { field: 'planNumber', message: 'the episode has no plan version with this number' },
            ],
          });
        }
      }
      const [row] = await manager.query<InterventionRow[]>(
        `INSERT INTO workplace_intervention (episode_id, plan_number, kind, description, owner, due_on,
                                             cost_eur, created_by, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING ${COLUMNS}`,
        [
          episodeId,
          dto.planNumber ?? null,
          dto.kind,
          dto.description,
          dto.owner,
          dto.dueOn ?? null,
          dto.costEur ?? null,
          actor.id,
        ],
      );
      return toDto(row);
    });
  }

  async update(
    actor: AuthenticatedUser,
    episodeId: string,
    interventionId: string,
    expectedVersion: number,
    dto: UpdateInterventionDto,
  ): Promise<InterventionDto> {
    return this.clinical.change(actor, episodeId, 'intervention.update', async (manager) => {
      const [row] = await modifiedRows<InterventionRow>(
        manager,
        `UPDATE workplace_intervention
            SET status = coalesce($4, status), description = coalesce($5, description),
                owner = coalesce($6, owner),
                due_on = CASE WHEN $7 THEN $8::date ELSE due_on END,
                cost_eur = CASE WHEN $9 THEN $10::numeric ELSE cost_eur END,
                updated_at = now(), version = version + 1
          WHERE id = $1 AND episode_id = $2 AND version = $3
          RETURNING ${COLUMNS}`,
        [
          interventionId,
          episodeId,
          expectedVersion,
          dto.status ?? null,
          dto.description ?? null,
          dto.owner ?? null,
          dto.dueOn !== undefined,
          dto.dueOn ?? null,
          dto.costEur !== undefined,
          dto.costEur ?? null,
        ],
      );
      if (row) return toDto(row);
      const [exists] = await manager.query<unknown[]>(
        `SELECT 1 FROM workplace_intervention WHERE id = $1 AND episode_id = $2`,
        [interventionId, episodeId],
      );
      if (!exists) throw new DomainError('not_found', NOT_FOUND_DETAIL);
      throw new DomainError(
        'precondition_failed',
        'This intervention has changed since you read it; read it again.',
      );
    });
  }

  async list(actor: AuthenticatedUser, episodeId: string): Promise<InterventionDto[]> {
    const episode = await this.clinical.findVisibleEpisode(
      this.dataSource.manager,
      actor,
      episodeId,
    );
    if (!episode) throw new DomainError('not_found', NOT_FOUND_DETAIL);
    const rows = await this.dataSource.query<InterventionRow[]>(
      `SELECT ${COLUMNS} FROM workplace_intervention WHERE episode_id = $1 ORDER BY created_at, id`,
      [episodeId],
    );
    return rows.map(toDto);
  }
}

/** The kinds of the interventions in play (not cancelled), for the plan's guideline checks. */
export async function interventionKinds(
  manager: EntityManager,
  episodeId: string,
): Promise<InterventionKind[]> {
  const rows = await manager.query<{ kind: InterventionKind }[]>(
    `SELECT kind FROM workplace_intervention WHERE episode_id = $1 AND status <> 'cancelled'`,
    [episodeId],
  );
  return rows.map((row) => row.kind);
}

function toDto(row: InterventionRow): InterventionDto {
  return {
    id: row.id,
    kind: row.kind,
    description: row.description,
    owner: row.owner,
    dueOn: row.due_on,
    status: row.status,
    costEur: row.cost_eur === null ? null : Number(row.cost_eur),
    planNumber: row.plan_number,
    evidenceNote: ERGONOMIC_INTERVENTIONS.includes(row.kind) ? ERGONOMIC_NOTE : null,
    version: row.version,
  };
}
