import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * New episodes per month and cell (NACE section x region x employer size band x body region):
 * counts only, no person, built from the raw tables by `ComplaintTrendsService.rebuild`. Reports
 * read from here, never from the episodes.
 */
@Entity({ name: 'complaint_trend_rollup' })
export class ComplaintTrendRollup {
  @PrimaryColumn({
    name: 'month',
    type: 'date',
    primaryKeyConstraintName: 'PK_complaint_trend_rollup',
  })
  month: string;

  @PrimaryColumn({
    name: 'nace_section',
    type: 'text',
    primaryKeyConstraintName: 'PK_complaint_trend_rollup',
  })
  naceSection: string;

  @PrimaryColumn({
    name: 'region',
    type: 'text',
    primaryKeyConstraintName: 'PK_complaint_trend_rollup',
  })
  region: string;

  @PrimaryColumn({
    name: 'size_band',
    type: 'text',
    primaryKeyConstraintName: 'PK_complaint_trend_rollup',
  })
  sizeBand: string;

  @PrimaryColumn({
    name: 'body_region',
    type: 'text',
    primaryKeyConstraintName: 'PK_complaint_trend_rollup',
  })
  bodyRegion: string;

  @Column({ name: 'new_episodes', type: 'integer' })
  newEpisodes: number;

  /** Distinct people behind the new episodes: what the suppression threshold counts. */
  @Column({ name: 'people', type: 'integer' })
  people: number;
}
