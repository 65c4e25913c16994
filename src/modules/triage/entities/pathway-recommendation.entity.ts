import {
  Check,
  Column,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  type Relation,
  VersionColumn,
} from 'typeorm';
import { Episode } from '../../episodes/entities/episode.entity.js';

/**
 * The pathway the rules recommend for an episode, re-evaluated whenever an input changes, with the
 * components, their evidence grade and the ids of the rules that fired; and the occupational
 * doctor's override, if any. Clinical: only the care team receives it.
 */
@Entity({ name: 'pathway_recommendation' })
@Check(
  'CHK_pathway_recommendation_pathway',
  `"pathway" IN ('urgent_referral', 'multidisciplinary', 'physio_led', 'undetermined')`,
)
@Check(
  'CHK_pathway_recommendation_override',
  `("override_pathway" IS NULL) = ("override_reason" IS NULL) AND ("override_pathway" IS NULL) = ("overridden_by" IS NULL) AND ("override_pathway" IS NULL OR "override_pathway" IN ('multidisciplinary', 'physio_led'))`,
)
export class PathwayRecommendation {
  @PrimaryColumn({
    name: 'episode_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_pathway_recommendation',
  })
  episodeId: string;

  @OneToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_pathway_recommendation_episode' })
  episode?: Relation<Episode>;

  @Column({ name: 'pathway', type: 'text' })
  pathway: string;

  @Column({ name: 'chronicity_risk', type: 'text', nullable: true })
  chronicityRisk: string | null;

  @Column({ name: 'components', type: 'jsonb' })
  components: unknown[];

  @Column({ name: 'fired_rules', type: 'text', array: true })
  firedRules: string[];

  @Column({ name: 'missing_inputs', type: 'text', array: true })
  missingInputs: string[];

  /** The inputs the rules saw, so a recommendation can be explained later exactly as it was made. */
  @Column({ name: 'inputs', type: 'jsonb' })
  inputs: Record<string, unknown>;

  @Column({ name: 'evaluated_at', type: 'timestamptz' })
  evaluatedAt: Date;

  @Column({ name: 'override_pathway', type: 'text', nullable: true })
  overridePathway: string | null;

  /** Clinical text: care team only, never logged. */
  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason: string | null;

  @Column({ name: 'overridden_by', type: 'uuid', nullable: true })
  overriddenBy: string | null;

  @Column({ name: 'overridden_at', type: 'timestamptz', nullable: true })
  overriddenAt: Date | null;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
