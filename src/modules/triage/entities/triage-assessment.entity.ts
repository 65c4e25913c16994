import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Episode } from '../../episodes/entities/episode.entity.js';
import type { BodyRegion } from '../../episodes/entities/complaint.entity.js';

export const REHABILITATION_POTENTIALS = ['good', 'moderate', 'low'] as const;
export type RehabilitationPotentialValue = (typeof REHABILITATION_POTENTIALS)[number];

/**
 * The physiotherapist's intake of an episode: the red-flag screen for the complaint's regions and
 * the rehabilitation potential. Red flags that are present keep the episode an urgent referral
 * until the occupational doctor clears them. Clinical: only the care team receives it.
 */
@Entity({ name: 'triage_assessment' })
@Index('IDX_triage_assessment_urgent', ['episodeId'], {
  where: `cardinality("red_flags_present") > 0 AND "red_flags_cleared_at" IS NULL`,
})
@Check(
  'CHK_triage_assessment_rehabilitation_potential',
  `"rehabilitation_potential" IS NULL OR "rehabilitation_potential" IN ('good', 'moderate', 'low')`,
)
@Check(
  'CHK_triage_assessment_clearance',
  `("red_flags_cleared_at" IS NULL) = ("red_flags_cleared_by" IS NULL) AND ("red_flags_cleared_at" IS NULL OR cardinality("red_flags_present") > 0)`,
)
export class TriageAssessment {
  @PrimaryColumn({
    name: 'episode_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_triage_assessment',
  })
  episodeId: string;

  @OneToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_triage_assessment_episode' })
  episode?: Relation<Episode>;

  /** The regions the red-flag screen covered; a region added to the complaint later needs a new screen. */
  @Column({ name: 'screened_regions', type: 'text', array: true, nullable: true })
  screenedRegions: BodyRegion[] | null;

  /** Every applicable red flag with its answer (codes only). */
  @Column({ name: 'red_flag_answers', type: 'jsonb', nullable: true })
  redFlagAnswers: Record<string, boolean> | null;

  @Column({ name: 'red_flags_present', type: 'text', array: true, default: () => "'{}'" })
  redFlagsPresent: string[];

  @Column({ name: 'red_flag_emergency', type: 'boolean', default: false })
  redFlagEmergency: boolean;

  @Column({ name: 'screened_at', type: 'timestamptz', nullable: true })
  screenedAt: Date | null;

  @Column({ name: 'screened_by', type: 'uuid', nullable: true })
  screenedBy: string | null;

  @Column({ name: 'red_flags_cleared_at', type: 'timestamptz', nullable: true })
  redFlagsClearedAt: Date | null;

  @Column({ name: 'red_flags_cleared_by', type: 'uuid', nullable: true })
  redFlagsClearedBy: string | null;

  /** The doctor's reason for clearing (clinical text: care team only, never logged). */
  @Column({ name: 'clearance_reason', type: 'text', nullable: true })
  clearanceReason: string | null;

  @Column({ name: 'rehabilitation_potential', type: 'text', nullable: true })
  rehabilitationPotential: RehabilitationPotentialValue | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
