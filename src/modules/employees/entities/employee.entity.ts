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
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { User } from '../../identity/entities/user.entity.js';
import { Organisation } from '../../organisations/entities/organisation.entity.js';

export const PHYSICAL_DEMANDS = [
  'lifting',
  'sitting',
  'standing',
  'screen_work',
  'repetitive_arm_work',
] as const;
export type PhysicalDemand = (typeof PHYSICAL_DEMANDS)[number];

/**
 * A worker of an employer, with the least personal data the programme needs. Functional data:
 * HR, the employee and the care team may see all of it.
 */
@Entity({ name: 'employee' })
@Unique('UQ_employee_employer_number', ['employerId', 'employeeNumber'])
@Unique('UQ_employee_user', ['userId'])
@Index('IDX_employee_employer_active', ['employerId', 'active'])
@Check('CHK_employee_birth_year', `"birth_year" BETWEEN 1900 AND 2100`)
@Check('CHK_employee_contract_hours', `"contract_hours" > 0 AND "contract_hours" <= 60`)
@Check(
  'CHK_employee_physical_demands',
  `"physical_demands" <@ ARRAY['lifting', 'sitting', 'standing', 'screen_work', 'repetitive_arm_work']::text[]`,
)
@Check('CHK_employee_left', `"active" OR "left_on" IS NOT NULL`)
export class Employee {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_employee' })
  id: string;

  @Column({ name: 'employer_id', type: 'uuid' })
  employerId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employer_id', foreignKeyConstraintName: 'FK_employee_employer' })
  employer?: Relation<Organisation>;

  @Column({ name: 'employee_number', type: 'text' })
  employeeNumber: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  @Column({ name: 'birth_year', type: 'integer' })
  birthYear: number;

  @Column({ name: 'contract_hours', type: 'numeric', precision: 4, scale: 1 })
  contractHours: string;

  @Column({ name: 'job_title', type: 'text' })
  jobTitle: string;

  @Column({ name: 'physical_demands', type: 'text', array: true, default: () => "'{}'" })
  physicalDemands: PhysicalDemand[];

  @Column({ name: 'department', type: 'text', nullable: true })
  department: string | null;

  /** The employee's own account, when they have one. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_employee_user' })
  user?: Relation<User>;

  @Column({ name: 'active', type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
