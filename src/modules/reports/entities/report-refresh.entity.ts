import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When a year of the report cube was last computed: the moment its statement began, so every
 * change committed before then is in it. A refresh asked for earlier is skipped.
 */
@Entity({ name: 'report_refresh' })
export class ReportRefresh {
  @PrimaryColumn({ name: 'year', type: 'integer', primaryKeyConstraintName: 'PK_report_refresh' })
  year: number;

  @Column({ name: 'computed_from', type: 'timestamptz' })
  computedFrom: Date;
}
