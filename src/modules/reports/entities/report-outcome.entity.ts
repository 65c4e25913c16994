import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Outcomes of the episodes that began in a year (a cohort) per NACE section x pathway x risk
 * stratum (`*` for all): how many returned to full duty and how fast, and how many came back within
 * 28 days. Each rate counts only the episodes old enough to have shown it (`observed_*`).
 */
@Entity({ name: 'report_outcome' })
export class ReportOutcome {
  @PrimaryColumn({ name: 'cohort', type: 'integer', primaryKeyConstraintName: 'PK_report_outcome' })
  cohort: number;

  @PrimaryColumn({
    name: 'nace_section',
    type: 'text',
    primaryKeyConstraintName: 'PK_report_outcome',
  })
  naceSection: string;

  @PrimaryColumn({ name: 'pathway', type: 'text', primaryKeyConstraintName: 'PK_report_outcome' })
  pathway: string;

  @PrimaryColumn({
    name: 'risk_stratum',
    type: 'text',
    primaryKeyConstraintName: 'PK_report_outcome',
  })
  riskStratum: string;

  @Column({ name: 'episodes', type: 'integer' })
  episodes: number;

  @Column({ name: 'people', type: 'integer' })
  people: number;

  @Column({ name: 'returned', type: 'integer' })
  returned: number;

  @Column({
    name: 'median_days_to_full_return',
    type: 'numeric',
    precision: 8,
    scale: 1,
    nullable: true,
  })
  medianDaysToFullReturn: string | null;

  @Column({ name: 'returned_by_12_weeks', type: 'integer' })
  returnedBy12Weeks: number;

  @Column({ name: 'observed_12_weeks', type: 'integer' })
  observed12Weeks: number;

  @Column({ name: 'returned_by_6_months', type: 'integer' })
  returnedBy6Months: number;

  @Column({ name: 'observed_6_months', type: 'integer' })
  observed6Months: number;

  @Column({ name: 'recurrences_28_days', type: 'integer' })
  recurrences28Days: number;

  @Column({ name: 'observed_28_days', type: 'integer' })
  observed28Days: number;

  @Column({ name: 'withheld', type: 'boolean' })
  withheld: boolean;
}
