import { createHash } from 'node:crypto';
import { CheckpointPlanner } from '../checkpoints/checkpoint-planner.service.js';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ClinicalAccessService,
  type EpisodeHandle,
} from '../../common/access/clinical-access.service.js';
import { currentlyServedEmployers } from '../../common/access/organisation-scope.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { advanceEpisode } from '../episodes/episode-history.store.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { modifiedRows } from '../../database/modified-rows.js';
import type { BodyRegion } from '../episodes/entities/complaint.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { ClearRedFlagsDto, RecordIntakeDto, TriageDto } from './dto/triage.dto.js';
import { PathwayService } from './pathway.service.js';
import { validateRedFlagScreen } from './red-flags.js';

interface TriageRow {
  screened_regions: BodyRegion[] | null;
  red_flag_answers: Record<string, boolean> | null;
  red_flags_present: string[];
  red_flag_emergency: boolean;
  screened_at: Date | null;
  red_flags_cleared_at: Date | null;
  clearance_reason: string | null;
  rehabilitation_potential: TriageDto['rehabilitationPotential'];
  version: number;
}

/**
 * The physiotherapist's intake: the red-flag screen for the complaint's regions, rehabilitation
 * potential and the expected full return. Red flags present make the episode an urgent referral:
 * the occupational doctor is notified and the physio-led pathway waits until the doctor clears it.
 */
@Injectable()
export class TriageService {
  constructor(
    private readonly clinical: ClinicalAccessService,
    private readonly pathway: PathwayService,
    private readonly notifications: NotificationsService,
    private readonly checkpoints: CheckpointPlanner,
  ) {}

  async get(actor: AuthenticatedUser, episodeId: string): Promise<TriageDto> {
    return this.clinical.run(actor, episodeId, 'triage.read', (manager) =>
      this.view(manager, episodeId),
    );
  }

  async recordIntake(
    actor: AuthenticatedUser,
    episodeId: string,
    dto: RecordIntakeDto,
  ): Promise<TriageDto> {
    return this.clinical.run(
      actor,
      episodeId,
      'triage.update',
      async (manager, episode) => {
        const [complaint] = await manager.query<{ regions: BodyRegion[] }[]>(
          `SELECT regions FROM complaint WHERE episode_id = $1`,
          [episodeId],
        );
        if (!complaint) {
          throw new DomainError('validation_failed', 'Some fields are invalid.', {
            errors: [
              {
                field: 'complaint',
                message: 'record the complaint regions first: the red-flag screen depends on them',
              },
            ],
          });
        }
        const screen = validateRedFlagScreen(complaint.regions, dto.redFlags);
        if (!screen.ok) {
          throw new DomainError('validation_failed', 'Some fields are invalid.', {
            errors: screen.errors.map((error) => ({
              field: error.field.replace(/^answers\./, 'redFlags.'),
              message: error.message,
            })),
          });
        }
        const answers: Record<string, boolean> = {};
        for (const [code, value] of Object.entries(dto.redFlags)) answers[code] = value === true;

        const [previous] = await manager.query<{ red_flags_present: string[]; cleared: boolean }[]>(
          `SELECT red_flags_present, red_flags_cleared_at IS NOT NULL AS cleared
             FROM triage_assessment WHERE episode_id = $1`,
          [episodeId],
        );
        // A clearance covers the flags the doctor reviewed; a flag they have not seen needs a new review.
        const keepClearance =
          previous?.cleared === true &&
          screen.present.length > 0 &&
          screen.present.every((code) => previous.red_flags_present.includes(code));

        await manager.query(
          `INSERT INTO triage_assessment
             (episode_id, screened_regions, red_flag_answers, red_flags_present, red_flag_emergency,
              screened_at, screened_by, rehabilitation_potential, version)
           VALUES ($1, $2, $3, $4, $5, now(), $6, $7, 1)
           ON CONFLICT (episode_id) DO UPDATE
             SET screened_regions = EXCLUDED.screened_regions,
                 red_flag_answers = EXCLUDED.red_flag_answers,
                 red_flags_present = EXCLUDED.red_flags_present,
                 red_flag_emergency = EXCLUDED.red_flag_emergency,
                 screened_at = now(), screened_by = EXCLUDED.screened_by,
                 rehabilitation_potential = coalesce(EXCLUDED.rehabilitation_potential, triage_assessment.rehabilitation_potential),
                 red_flags_cleared_at = CASE WHEN $8 THEN triage_assessment.red_flags_cleared_at END,
                 red_flags_cleared_by = CASE WHEN $8 THEN triage_assessment.red_flags_cleared_by END,
                 clearance_reason = CASE WHEN $8 THEN triage_assessment.clearance_reason END,
                 updated_at = now(), version = triage_assessment.version + 1`,
          [
            episodeId,
            complaint.regions,
            JSON.stringify(answers),
            screen.present,
            screen.emergency,
            actor.id,
            dto.rehabilitationPotential ?? null,
            keepClearance,
          ],
        );
        if (dto.expectedFullReturn) {
          await manager.query(
            `UPDATE episode SET expected_full_return = $2, version = version + 1, updated_at = now() WHERE id = $1`,
            [episodeId, dto.expectedFullReturn],
          );
          await this.checkpoints.replan(manager, episodeId, 'expected_return_changed');
        }
        // The intake is recorded: a referred episode moves on to intake (on its history).
        await advanceEpisode(manager, episodeId, 'intake', 'intake_recorded', actor.id);
        const recommendation = await this.pathway.reevaluate(manager, episodeId);
        if (recommendation.pathway === 'urgent_referral') {
          await this.notifications.notify(manager, {
            recipients: await this.reviewingDoctors(manager, episode),
            kind: 'urgent_referral',
            // One notice per set of flags awaiting review: saving the same screen again is silent.
            // The flags are hashed: a notification row holds no clinical content.
            subjectKey: `urgent_referral:${episodeId}:${flagSetKey(screen.present)}`,
            episodeId,
          });
        }
        return this.view(manager, episodeId);
      },
      { write: true },
    );
  }

  /** The occupational doctor clears the red flags after review: the triage continues (audited). */
  async clearRedFlags(
    actor: AuthenticatedUser,
    episodeId: string,
    dto: ClearRedFlagsDto,
  ): Promise<TriageDto> {
    return this.clinical.run(
      actor,
      episodeId,
      'red_flags.clear',
      async (manager) => {
        const rows = await modifiedRows<{ version: number }>(
          manager,
          `UPDATE triage_assessment
              SET red_flags_cleared_at = now(), red_flags_cleared_by = $2, clearance_reason = $3,
                  updated_at = now(), version = version + 1
            WHERE episode_id = $1 AND cardinality(red_flags_present) > 0 AND red_flags_cleared_at IS NULL
            RETURNING version`,
          [episodeId, actor.id, dto.reason],
        );
        if (!rows.length) {
          throw new DomainError('conflict', 'There are no pending red flags on this episode.');
        }
        await this.pathway.reevaluate(manager, episodeId);
        const physios = await manager.query<{ user_id: string }[]>(
          `SELECT user_id FROM care_team_member WHERE episode_id = $1 AND role = 'physio'`,
          [episodeId],
        );
        await this.notifications.notify(manager, {
          recipients: physios.map((member) => member.user_id),
          kind: 'red_flags_cleared',
          subjectKey: `triage:${episodeId}:${rows[0].version}`,
          episodeId,
        });
        return this.view(manager, episodeId);
      },
      { roles: ['occupational_doctor'], write: true },
    );
  }

  /**
   * Who reviews an urgent referral: the active doctor on the care team, or, while there is none
   * (or their account is disabled), every active doctor of a service that serves the employer now.
   */
  private async reviewingDoctors(
    manager: EntityManager,
    episode: EpisodeHandle,
  ): Promise<string[]> {
    const onTeam = await manager.query<{ user_id: string }[]>(
      `SELECT c.user_id FROM care_team_member c JOIN app_user u ON u.id = c.user_id
        WHERE c.episode_id = $1 AND c.role = 'occupational_doctor' AND u.status = 'active'`,
      [episode.id],
    );
    if (onTeam.length) return onTeam.map((member) => member.user_id);
    const serving = await manager.query<{ id: string }[]>(
      `SELECT DISTINCT u.id FROM app_user u JOIN membership m ON m.user_id = u.id
        WHERE u.role = 'occupational_doctor' AND u.status = 'active'
          AND $1 IN (${currentlyServedEmployers('ARRAY[m.organisation_id]')})`,
      [episode.employer_id],
    );
    return serving.map((user) => user.id);
  }

  private async view(manager: EntityManager, episodeId: string): Promise<TriageDto> {
    const [row] = await manager.query<TriageRow[]>(
      `SELECT screened_regions, red_flag_answers, red_flags_present, red_flag_emergency, screened_at,
              red_flags_cleared_at, clearance_reason, rehabilitation_potential, version
         FROM triage_assessment WHERE episode_id = $1`,
      [episodeId],
    );
    if (!row) {
      return {
        screenedRegions: null,
        redFlagAnswers: null,
        redFlagsPresent: [],
        emergency: false,
        urgentReferral: false,
        screenedAt: null,
        redFlagsClearedAt: null,
        clearanceReason: null,
        rehabilitationPotential: null,
        version: 0,
      };
    }
    const pending = row.red_flags_present.length > 0 && !row.red_flags_cleared_at;
    return {
      screenedRegions: row.screened_regions,
      redFlagAnswers: row.red_flag_answers,
      redFlagsPresent: row.red_flags_present,
      emergency: pending && row.red_flag_emergency,
      urgentReferral: pending,
      screenedAt: row.screened_at ? new Date(row.screened_at).toISOString() : null,
      redFlagsClearedAt: row.red_flags_cleared_at
        ? new Date(row.red_flags_cleared_at).toISOString()
        : null,
      clearanceReason: row.clearance_reason,
      rehabilitationPotential: row.rehabilitation_potential,
      version: row.version,
    };
  }
}

/** A short stable key for a set of red-flag codes, which says nothing about them. */
function flagSetKey(codes: readonly string[]): string {
  return createHash('sha256')
    .update([...codes].sort().join(','))
    .digest('hex')
    .slice(0, 16);
}
