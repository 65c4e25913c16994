import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The working population behind report cells: employers and their FTE per NACE section x region x
 * size band (`*` for all), from each employer's latest recorded headcount. The denominator of
 * incidence, prevalence and absence percentages, and how many employers a benchmark stands for.
 */
@Entity({ name: 'report_population' })
export class ReportPopulation {
  @PrimaryColumn({
    name: 'nace_section',
    type: 'text',
    primaryKeyConstraintName: 'PK_report_population',
  })
  naceSection: string;

  @PrimaryColumn({ name: 'region', type: 'text', primaryKeyConstraintName: 'PK_report_population' })
  region: string;

  @PrimaryColumn({
    name: 'size_band',
    type: 'text',
    primaryKeyConstraintName: 'PK_report_population',
  })
  sizeBand: string;

  @Column({ name: 'employers', type: 'integer' })
  employers: number;

  @Column({ name: 'fte', type: 'numeric', precision: 12, scale: 2 })
  fte: string;
}
