import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ClinicalAccessService } from '../../common/access/clinical-access.service.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { modifiedRows } from '../../database/modified-rows.js';
import type { BodyRegion } from '../episodes/entities/complaint.entity.js';
import type { OverridePathwayDto, PathwayDto } from './dto/triage.dto.js';
import {
  PATHWAY_RULES,
  type PathwayRecommendation as Recommendation,
  recommendPathway,
  type TriageInputs,
} from './pathway-engine.js';

interface InputsRow {
  regions: BodyRegion[] | null;
  specificity: 'specific' | 'aspecific' | null;
  screened_regions: BodyRegion[] | null;
  red_flags_present: string[] | null;
  cleared: boolean | null;
  rehabilitation_potential: TriageInputs['rehabilitationPotential'];
  start_back_stratum: TriageInputs['startBackStratum'];
  ompsq_total: number | null;
}

interface PathwayRow {
  pathway: Recommendation['pathway'];
  chronicity_risk: string | null;
  components: Recommendation['components'];
  fired_rules: string[];
  missing_inputs: string[];
  evaluated_at: Date;
  override_pathway: 'multidisciplinary' | 'physio_led' | null;
  override_reason: string | null;
  overridden_by: string | null;
  overridden_at: Date | null;
  version: number;
}

const RULES_BY_ID = new Map(PATHWAY_RULES.map((rule) => [rule.id as string, rule]));

/**
 * The pathway recommendation of each episode: the rules of pathway-engine.ts applied to what the
 * care team recorded. Re-evaluated in the transaction of every change to an input (complaint,
 * intake, clearance, instruments), so it is never stale.
 */
@Injectable()
export class PathwayService {
  constructor(private readonly clinical: ClinicalAccessService) {}

  /** Collects the inputs, applies the rules and stores the result if it changed. */
  async reevaluate(manager: EntityManager, episodeId: string): Promise<Recommendation> {
    const [row] = await manager.query<InputsRow[]>(
      `SELECT c.regions, c.specificity, t.screened_regions, t.red_flags_present,
              t.red_flags_cleared_at IS NOT NULL AS cleared, t.rehabilitation_potential,
              (SELECT q.score->>'stratum' FROM questionnaire_response q
                WHERE q.episode_id = ep.id AND q.instrument = 'start_back'
                ORDER BY q.taken_on DESC, q.created_at DESC LIMIT 1) AS start_back_stratum,
              (SELECT (q.score->>'total')::int FROM questionnaire_response q
                WHERE q.episode_id = ep.id AND q.instrument = 'ompsq_10'
                ORDER BY q.taken_on DESC, q.created_at DESC LIMIT 1) AS ompsq_total
         FROM episode ep
         LEFT JOIN complaint c ON c.episode_id = ep.id
         LEFT JOIN triage_assessment t ON t.episode_id = ep.id
        WHERE ep.id = $1`,
      [episodeId],
    );
    const regions = row.regions ?? [];
    const inputs: TriageInputs = {
      regions,
      specificity: row.specificity,
      redFlagsPresent: row.red_flags_present ?? [],
      redFlagsCleared: Boolean(row.cleared),
      // A screen covers the complaint only if it screened every region the complaint now has.
      redFlagScreenDone:
        row.screened_regions !== null &&
        regions.every((region) => row.screened_regions?.includes(region)),
      startBackStratum: row.start_back_stratum,
      ompsqTotal: row.ompsq_total,
      rehabilitationPotential: row.rehabilitation_potential,
    };
    const recommendation = recommendPathway(inputs);
    await manager.query(
      `INSERT INTO pathway_recommendation
         (episode_id, pathway, chronicity_risk, components, fired_rules, missing_inputs, inputs, evaluated_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now(), 1)
       ON CONFLICT (episode_id) DO UPDATE
         SET pathway = EXCLUDED.pathway, chronicity_risk = EXCLUDED.chronicity_risk,
             components = EXCLUDED.components, fired_rules = EXCLUDED.fired_rules,
             missing_inputs = EXCLUDED.missing_inputs, inputs = EXCLUDED.inputs,
             evaluated_at = now(), version = pathway_recommendation.version + 1
       WHERE (pathway_recommendation.pathway, pathway_recommendation.chronicity_risk,
              pathway_recommendation.components, pathway_recommendation.fired_rules,
              pathway_recommendation.missing_inputs, pathway_recommendation.inputs)
             IS DISTINCT FROM
             (EXCLUDED.pathway, EXCLUDED.chronicity_risk, EXCLUDED.components,
              EXCLUDED.fired_rules, EXCLUDED.missing_inputs, EXCLUDED.inputs)`,
      [
        episodeId,
        recommendation.pathway,
        recommendation.chronicityRisk,
        JSON.stringify(recommendation.components),
        recommendation.firedRules,
        recommendation.missingInputs,
        JSON.stringify(inputs),
      ],
    );
    return recommendation;
  }

  /** The recommendation with its explanation (care team; an audited clinical read). */
  async get(actor: AuthenticatedUser, episodeId: string): Promise<PathwayDto> {
    return this.clinical.run(actor, episodeId, 'pathway.read', (manager) =>
      this.view(manager, episodeId),
    );
  }

  /**
   * The occupational doctor overrides the recommendation with a reason (audited). Not while red
   * flags are pending: the doctor clears them first, so the override is a decision about the
   * pathway and never a way round the medical review.
   */
  async override(
    actor: AuthenticatedUser,
    episodeId: string,
    expectedVersion: number,
    dto: OverridePathwayDto,
  ): Promise<PathwayDto> {
    return this.clinical.run(
      actor,
      episodeId,
      'pathway.override',
      async (manager) => {
        await this.assertPathwayOpen(manager, episodeId);
        await this.writeOverride(manager, episodeId, expectedVersion, [
          dto.pathway,
          dto.reason,
          actor.id,
        ]);
        return this.view(manager, episodeId);
      },
      { roles: ['occupational_doctor'], write: true },
    );
  }

  /** Withdraws the override: the recommendation applies again (audited). */
  async withdrawOverride(
    actor: AuthenticatedUser,
    episodeId: string,
    expectedVersion: number,
  ): Promise<PathwayDto> {
    return this.clinical.run(
      actor,
      episodeId,
      'pathway.override_withdrawn',
      async (manager) => {
        await this.view(manager, episodeId);
        await this.writeOverride(manager, episodeId, expectedVersion, [null, null, null]);
        return this.view(manager, episodeId);
      },
      { roles: ['occupational_doctor'], write: true },
    );
  }

  /**
   * A checkpoint escalated the episode: it moves to the multidisciplinary pathway, as an override
   * by the occupational doctor with the checkpoint as its reason, inside the caller's transaction.
   * Pending red flags are reviewed first, as for any override.
   */
  async escalate(
    manager: EntityManager,
    episodeId: string,
    doctorId: string,
    reason: string,
  ): Promise<void> {
    await this.assertPathwayOpen(manager, episodeId);
    await manager.query(
      `UPDATE pathway_recommendation
          SET override_pathway = 'multidisciplinary', override_reason = $2, overridden_by = $3,
              overridden_at = now(), version = version + 1
        WHERE episode_id = $1`,
      [episodeId, reason, doctorId],
    );
  }

  /**
   * A pathway is chosen after the red-flag screen, and never while red flags await the doctor's
   * review: an override or an escalation is a decision about the pathway, not a way round it.
   */
  private async assertPathwayOpen(manager: EntityManager, episodeId: string): Promise<void> {
    const [screened] = await manager.query<unknown[]>(
      `SELECT 1 FROM triage_assessment WHERE episode_id = $1 AND screened_at IS NOT NULL`,
      [episodeId],
    );
    if (!screened) {
      throw new DomainError(
        'red_flag_screen_required',
        'The red-flag screen has not been done; a pathway is chosen after it.',
      );
    }
    const current = await this.view(manager, episodeId);
    if (current.recommended === 'urgent_referral') {
      throw new DomainError(
        'urgent_referral_pending',
        'Red flags await review; clear them before choosing a pathway.',
      );
    }
  }

  private async writeOverride(
    manager: EntityManager,
    episodeId: string,
    expectedVersion: number,
    [pathway, reason, by]: [string | null, string | null, string | null],
  ): Promise<void> {
    const rows = await modifiedRows<unknown>(
      manager,
      `UPDATE pathway_recommendation
          SET override_pathway = $3, override_reason = $4, overridden_by = $5,
              overridden_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END,
              version = version + 1
        WHERE episode_id = $1 AND version = $2 RETURNING episode_id`,
      [episodeId, expectedVersion, pathway, reason, by],
    );
    if (!rows.length) {
      throw new DomainError(
        'precondition_failed',
        'The pathway has changed since you read it; read it again.',
      );
    }
  }

  private async view(manager: EntityManager, episodeId: string): Promise<PathwayDto> {
    const [row] = await manager.query<PathwayRow[]>(
      `SELECT pathway, chronicity_risk, components, fired_rules, missing_inputs, evaluated_at,
              override_pathway, override_reason, overridden_by, overridden_at, version
         FROM pathway_recommendation WHERE episode_id = $1`,
      [episodeId],
    );
    if (!row) {
      // An episode without any clinical input yet: evaluate once, so there is always an answer.
      await this.reevaluate(manager, episodeId);
      return this.view(manager, episodeId);
    }
    const suspended = row.pathway === 'urgent_referral';
    return {
      recommended: row.pathway,
      effective: row.override_pathway && !suspended ? row.override_pathway : row.pathway,
      chronicityRisk: row.chronicity_risk,
      components: row.components.map((component) => ({
        code: component.code,
        grade: component.grade,
        ruleId: component.ruleId,
      })),
      firedRules: row.fired_rules.map((id) => {
        const rule = RULES_BY_ID.get(id);
        return { id, summary: rule?.summary ?? 'retired rule', source: rule?.source ?? '' };
      }),
      missingInputs: row.missing_inputs,
      evaluatedAt: new Date(row.evaluated_at).toISOString(),
      override:
        row.override_pathway && row.override_reason && row.overridden_by && row.overridden_at
          ? {
              pathway: row.override_pathway,
              reason: row.override_reason,
              overriddenBy: row.overridden_by,
              overriddenAt: new Date(row.overridden_at).toISOString(),
              suspended,
            }
          : null,
      version: row.version,
    };
  }
}
