import {
  Check,
  Column,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Episode } from './episode.entity.js';

export const BODY_REGIONS = ['neck', 'shoulder', 'upper_back', 'low_back'] as const;
export type BodyRegion = (typeof BODY_REGIONS)[number];
export const SIDES = ['left', 'right', 'both', 'central'] as const;
export type Side = (typeof SIDES)[number];
export const SPECIFICITIES = ['specific', 'aspecific'] as const;
export type Specificity = (typeof SPECIFICITIES)[number];

/** The complaint of an episode. Clinical: only the care team ever receives it. */
@Entity({ name: 'complaint' })
@Check(
  'CHK_complaint_regions',
  `"regions" <@ ARRAY['neck', 'shoulder', 'upper_back', 'low_back']::text[] AND cardinality("regions") > 0`,
)
@Check('CHK_complaint_side', `"side" IN ('left', 'right', 'both', 'central')`)
@Check('CHK_complaint_specificity', `"specificity" IN ('specific', 'aspecific')`)
export class Complaint {
  @PrimaryColumn({ name: 'episode_id', type: 'uuid', primaryKeyConstraintName: 'PK_complaint' })
  episodeId: string;

  @OneToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_complaint_episode' })
  episode?: Relation<Episode>;

  @Column({ name: 'regions', type: 'text', array: true })
  regions: BodyRegion[];

  @Column({ name: 'side', type: 'text' })
  side: Side;

  @Column({ name: 'specificity', type: 'text' })
  specificity: Specificity;

  @Column({ name: 'clinical_note', type: 'text', nullable: true })
  clinicalNote: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
