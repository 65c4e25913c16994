import {
  Check,
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { Organisation } from './organisation.entity.js';

/** An employer's average headcount in FTE for one calendar month: the denominator of prevalence. */
@Entity({ name: 'employer_headcount' })
@Check('CHK_employer_headcount_month', `"month" = date_trunc('month', "month")::date`)
@Check('CHK_employer_headcount_fte', `"fte" >= 0`)
export class EmployerHeadcount {
  @PrimaryColumn({
    name: 'employer_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_employer_headcount',
  })
  employerId: string;

  @PrimaryColumn({ name: 'month', type: 'date', primaryKeyConstraintName: 'PK_employer_headcount' })
  month: string;

  @Column({ name: 'fte', type: 'numeric', precision: 10, scale: 2 })
  fte: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'employer_id', foreignKeyConstraintName: 'FK_employer_headcount_employer' })
  employer?: Relation<Organisation>;
}
