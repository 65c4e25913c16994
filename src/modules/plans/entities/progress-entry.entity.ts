import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Episode } from '../../episodes/entities/episode.entity.js';

/**
 * Progress on a plan: a physiotherapist's session (quotas reached per exercise, NRS pain, PSFS,
 * adherence, a clinical note: all clinical) or the hours HR says were worked in a week (one entry
 * per week, functional).
 */
@Entity({ name: 'progress_entry' })
@Index('IDX_progress_entry_episode', ['episodeId', 'kind'])
@Index('UQ_progress_entry_hours_week', ['episodeId', 'weekStart'], {
  unique: true,
  where: `"kind" = 'hours'`,
})
@Check('CHK_progress_entry_kind', `"kind" IN ('session', 'hours')`)
@Check(
  'CHK_progress_entry_shape',
  `("kind" = 'session' AND "session_date" IS NOT NULL AND "week_start" IS NULL AND "hours_worked" IS NULL) OR ("kind" = 'hours' AND "week_start" IS NOT NULL AND "hours_worked" IS NOT NULL AND "session_date" IS NULL AND "nrs_pain" IS NULL AND "psfs" IS NULL AND "adherence_percent" IS NULL AND "clinical_note" IS NULL AND "quotas" = '[]')`,
)
@Check(
  'CHK_progress_entry_ranges',
  `("nrs_pain" IS NULL OR "nrs_pain" BETWEEN 0 AND 10) AND ("psfs" IS NULL OR "psfs" BETWEEN 0 AND 10) AND ("adherence_percent" IS NULL OR "adherence_percent" BETWEEN 0 AND 100) AND ("hours_worked" IS NULL OR "hours_worked" BETWEEN 0 AND 80)`,
)
export class ProgressEntry {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_progress_entry' })
  id: string;

  @Column({ name: 'episode_id', type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_progress_entry_episode' })
  episode?: Relation<Episode>;

  @Column({ name: 'kind', type: 'text' })
  kind: 'session' | 'hours';

  @Column({ name: 'session_date', type: 'date', nullable: true })
  sessionDate: string | null;

  /** The Monday of the week the hours were worked in. */
  @Column({ name: 'week_start', type: 'date', nullable: true })
  weekStart: string | null;

  @Column({ name: 'quotas', type: 'jsonb', default: () => `'[]'` })
  quotas: unknown;

  @Column({ name: 'nrs_pain', type: 'smallint', nullable: true })
  nrsPain: number | null;

  @Column({ name: 'psfs', type: 'numeric', precision: 3, scale: 1, nullable: true })
  psfs: string | null;

  @Column({ name: 'adherence_percent', type: 'smallint', nullable: true })
  adherencePercent: number | null;

  @Column({ name: 'clinical_note', type: 'text', nullable: true })
  clinicalNote: string | null;

  @Column({ name: 'hours_worked', type: 'numeric', precision: 4, scale: 1, nullable: true })
  hoursWorked: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
