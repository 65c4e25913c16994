import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One published cell of the sector report cube: a period (month, quarter or year) and a value or
 * `*` (all) for each of NACE section, region, employer size band and body region. Counts only,
 * never a person; `withheld` is decided for the whole cube at once, so every request that reads a
 * cell withholds the same cells.
 */
@Entity({ name: 'report_cell' })
@Check('CHK_report_cell_grain', `"grain" IN ('month', 'quarter', 'year')`)
export class ReportCell {
  @PrimaryColumn({ name: 'grain', type: 'text', primaryKeyConstraintName: 'PK_report_cell' })
  grain: string;

  @PrimaryColumn({ name: 'nace_section', type: 'text', primaryKeyConstraintName: 'PK_report_cell' })
  naceSection: string;

  @PrimaryColumn({ name: 'region', type: 'text', primaryKeyConstraintName: 'PK_report_cell' })
  region: string;

  @PrimaryColumn({ name: 'size_band', type: 'text', primaryKeyConstraintName: 'PK_report_cell' })
  sizeBand: string;

  @PrimaryColumn({ name: 'body_region', type: 'text', primaryKeyConstraintName: 'PK_report_cell' })
  bodyRegion: string;

  @PrimaryColumn({ name: 'period', type: 'date', primaryKeyConstraintName: 'PK_report_cell' })
  period: string;

  /** Episodes that began in the period. */
  @Column({ name: 'new_episodes', type: 'integer' })
  newEpisodes: number;

  /** Distinct people behind the new episodes. */
  @Column({ name: 'new_people', type: 'integer' })
  newPeople: number;

  /** Distinct people with an episode open on any day of the period (prevalence). */
  @Column({ name: 'people', type: 'integer' })
  people: number;

  /** Calendar days of absence in the period, a partial return counting its share of the day. */
  @Column({ name: 'absence_days', type: 'numeric', precision: 12, scale: 1 })
  absenceDays: string;

  @Column({ name: 'withheld', type: 'boolean' })
  withheld: boolean;
}
