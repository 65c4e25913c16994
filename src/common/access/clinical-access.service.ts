import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { queryPrepared } from '../../database/prepared-query.js';
import { DomainError } from '../errors/domain-error.js';
import { CLINICAL_VIEW_ROLES, visibleEpisodes } from './episode-scope.js';

/** The fields of an episode that decide access: enough to scope, never clinical. */
export interface EpisodeHandle {
  id: string;
  employee_id: string;
  employer_id: string;
  status: string;
  version: number;
}

export const NOT_FOUND_DETAIL = 'The requested resource does not exist.';

export function episodeClosed(): DomainError {
  return new DomainError(
    'episode_closed',
    'This episode is closed: its record can be read but no longer changed.',
  );
}

export function isClinicalViewer(actor: AuthenticatedUser): boolean {
  return (CLINICAL_VIEW_ROLES as readonly string[]).includes(actor.role);
}

/**
 * The one way to touch an episode's clinical data. The work and its audit row run in one
 * transaction, so a clinical access that cannot be audited does not happen. An episode out of the
 * caller's scope (or a caller outside the care roles) gets a denial row, committed on its own, and
 * the same 404 as a missing one.
 */
@Injectable()
export class ClinicalAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The episode if the caller may see it (any role with episode scope), else undefined. */
  async findVisibleEpisode(
    manager: EntityManager,
    actor: AuthenticatedUser,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<EpisodeHandle | undefined> {
    const params: unknown[] = [id];
    const [row] = await manager.query<EpisodeHandle[]>(
      `SELECT ep.id, ep.employee_id, ep.employer_id, ep.status, ep.version FROM episode ep
        WHERE ep.id = $1 AND ${visibleEpisodes(actor, 'ep', params)}${options.lock ? ' FOR UPDATE OF ep' : ''}`,
      params,
    );
    return row;
  }

  /**
   * Runs `work` as one audited clinical access of the episode.
   * @param options.roles narrows who may do it (e.g. only the occupational doctor may clear red
   *   flags); another care role gets the same denial as someone outside the care team.
   * @param options.write marks a change: the episode row is locked first, so concurrent writers
   *   of one episode's clinical data take turns, and a closed episode's record is refused (409
   *   `episode_closed`): it stays as it was when the episode ended.
   */
  async run<T>(
    actor: AuthenticatedUser,
    episodeId: string,
    action: string,
    work: (manager: EntityManager, episode: EpisodeHandle) => Promise<T>,
    options: { roles?: readonly AuthenticatedUser['role'][]; write?: boolean } = {},
  ): Promise<T> {
    const allowedRole =
      isClinicalViewer(actor) && (!options.roles || options.roles.includes(actor.role));
    const result = await this.dataSource.transaction(async (manager) => {
      const episode = allowedRole
        ? await this.findVisibleEpisode(manager, actor, episodeId, { lock: options.write })
        : undefined;
      if (!episode) return { allowed: false as const };
      if (options.write && episode.status === 'closed') throw episodeClosed();
      const value = await work(manager, episode);
      await this.audit.record(
        {
          actor,
          action,
          objectType: 'episode',
          objectId: episodeId,
          subjectEmployeeId: episode.employee_id,
          outcome: 'allowed',
        },
        manager,
      );
      return { allowed: true as const, value };
    });
    if (result.allowed) return result.value;
    await this.recordDenial(actor, episodeId, action);
    throw new DomainError('not_found', NOT_FOUND_DETAIL);
  }

  /**
   * A change of an episode's functional side by anyone who sees the episode (HR's hours and
   * interventions, the sign-offs of a plan): one audited transaction like `run`, for every role
   * with episode scope. The episode row is locked first and a closed episode refuses the change.
   * Out of scope answers 404 (not recorded as a clinical denial: no clinical data is at stake).
   */
  async change<T>(
    actor: AuthenticatedUser,
    episodeId: string,
    action: string,
    work: (manager: EntityManager, episode: EpisodeHandle) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const episode = await this.findVisibleEpisode(manager, actor, episodeId, { lock: true });
      if (!episode) throw new DomainError('not_found', NOT_FOUND_DETAIL);
      if (episode.status === 'closed') throw episodeClosed();
      const value = await work(manager, episode);
      await this.audit.record(
        {
          actor,
          action,
          objectType: 'episode',
          objectId: episodeId,
          subjectEmployeeId: episode.employee_id,
          outcome: 'allowed',
        },
        manager,
      );
      return value;
    });
  }

  /**
   * A clinical record added in one statement, for the writes that come often (a session's
   * progress): the scope check, the row and its audit row commit together in a single round
   * trip, without a transaction around them. `insert` builds an `INSERT ... SELECT ... FROM
   * scoped ... RETURNING ...` reading the episode from `scoped` (id, employee_id) and appending its
   * values to `params`. Out of scope: the same denial and 404 as `run`; a closed episode: 409.
   */
  async insertOne<Row>(
    actor: AuthenticatedUser,
    episodeId: string,
    action: string,
    insert: (params: unknown[]) => string,
    options: { roles?: readonly AuthenticatedUser['role'][] } = {},
  ): Promise<Row> {
    const allowedRole =
      isClinicalViewer(actor) && (!options.roles || options.roles.includes(actor.role));
    if (allowedRole) {
      const row = await this.auditedStatement<Row>(actor, episodeId, action, (scope, params) => ({
        scoped: `SELECT ep.id, ep.employee_id FROM episode ep
                  WHERE ep.id = $1 AND ep.status <> 'closed' AND ${scope} FOR SHARE OF ep`,
        steps: `written AS (${insert(params)})`,
        result: 'SELECT * FROM written',
      }));
      if (row) return row;
      const visible = await this.findVisibleEpisode(this.dataSource.manager, actor, episodeId);
      if (visible?.status === 'closed') throw episodeClosed();
    }
    await this.recordDenial(actor, episodeId, action);
    throw new DomainError('not_found', NOT_FOUND_DETAIL);
  }

  /**
   * A clinical read in one statement, for the reads that come often (the care team opening an
   * episode): the scope check, the read and its audit row are one data-modifying statement, so the
   * row is returned only if its audit row is written, in a single round trip. `select` builds a
   * `SELECT ... FROM scoped ep ...` over `scoped`, the episode row (every column) if the caller may
   * see it, appending its values to `params`. Out of scope: the same denial and 404 as `run`.
   */
  async readOne<Row>(
    actor: AuthenticatedUser,
    episodeId: string,
    action: string,
    select: (params: unknown[]) => string,
  ): Promise<Row> {
    if (isClinicalViewer(actor)) {
      const row = await this.auditedStatement<Row>(actor, episodeId, action, (scope, params) => ({
        scoped: `SELECT ep.* FROM episode ep WHERE ep.id = $1 AND ${scope}`,
        result: select(params),
      }));
      if (row) return row;
    }
    await this.recordDenial(actor, episodeId, action);
    throw new DomainError('not_found', NOT_FOUND_DETAIL);
  }

  /**
   * `WITH scoped AS (<the episode if in scope>), <steps>, audited AS (<its audit row>) <result>` as
   * one prepared statement: the audit row is written exactly when `scoped` holds the episode, in the
   * same statement as the work. `build` gets the caller's scope condition on `ep` and the
   * parameters (`$1` is the episode id), to which it appends its own values.
   */
  private async auditedStatement<Row>(
    actor: AuthenticatedUser,
    episodeId: string,
    action: string,
    build: (scope: string, params: unknown[]) => { scoped: string; steps?: string; result: string },
  ): Promise<Row | undefined> {
    const params: unknown[] = [episodeId];
    const { scoped, steps, result } = build(visibleEpisodes(actor, 'ep', params), params);
    const audit = this.audit.auditStep(
      { actor, action, objectType: 'episode', objectId: episodeId, outcome: 'allowed' },
      'scoped',
      'employee_id',
      params,
    );
    const [row] = await queryPrepared<Row>(
      this.dataSource,
      `WITH scoped AS (${scoped}), ${steps ? `${steps}, ` : ''}audited AS (${audit}) ${result}`,
      params,
    );
    return row;
  }

  /** Several episodes' clinical data read at once (a caseload): one audit row per episode. */
  async recordReads(
    manager: EntityManager,
    actor: AuthenticatedUser,
    action: string,
    episodes: readonly { id: string; employee_id: string }[],
  ): Promise<void> {
    for (const episode of episodes) {
      await this.audit.record(
        {
          actor,
          action,
          objectType: 'episode',
          objectId: episode.id,
          subjectEmployeeId: episode.employee_id,
          outcome: 'allowed',
        },
        manager,
      );
    }
  }

  private async recordDenial(
    actor: AuthenticatedUser,
    episodeId: string,
    action: string,
  ): Promise<void> {
    const [known] = await this.dataSource.query<{ employee_id: string }[]>(
      `SELECT employee_id FROM episode WHERE id = $1`,
      [episodeId],
    );
    await this.audit.record({
      actor,
      action,
      objectType: 'episode',
      objectId: episodeId,
      subjectEmployeeId: known?.employee_id,
      outcome: 'denied',
    });
  }
}
