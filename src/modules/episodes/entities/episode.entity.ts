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
import { Employee } from '../../employees/entities/employee.entity.js';

export const JURISDICTIONS = ['BE', 'NL'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];
export const EPISODE_STATUSES = ['referred', 'intake', 'active', 'monitoring', 'closed'] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];

/** One return-to-work case of an employee, opened by HR as a referral. Functional data. */
@Entity({ name: 'episode' })
@Index('IDX_episode_employer_status', ['employerId', 'status'])
@Index('IDX_episode_employee', ['employeeId'])
@Index('IDX_episode_open_next_due', ['employerId', 'nextDueOn', 'referralDate', 'id', 'status'], {
  where: `"status" <> 'closed'`,
})
@Index('UQ_episode_employee_open', ['employeeId'], { unique: true, where: `"status" <> 'closed'` })
@Check('CHK_episode_jurisdiction', `"jurisdiction" IN ('BE', 'NL')`)
@Check('CHK_episode_status', `"status" IN ('referred', 'intake', 'active', 'monitoring', 'closed')`)
@Check(
  'CHK_episode_close_reason',
  `("status" = 'closed') = ("close_reason" IS NOT NULL) AND ("close_reason" IS NULL OR "close_reason" IN ('full_rtw', 'partial_rtw', 'not_returned', 'withdrawn', 'referred_out'))`,
)
@Check(
  'CHK_episode_next_due_kind',
  `"next_due_kind" IN ('assign_care_team', 'intake', 'checkpoint', 'full_return')`,
)
@Check('CHK_episode_next_due', `("next_due_kind" IS NULL) = ("next_due_on" IS NULL)`)
@Check('CHK_episode_closed_on', `("status" = 'closed') = ("closed_on" IS NOT NULL)`)
@Check('CHK_episode_absence', `"absence_start" IS NULL OR "absence_start" <= "referral_date" + 366`)
@Check('CHK_episode_contract_hours', `"contract_hours" > 0 AND "contract_hours" <= 60`)
@Check('CHK_episode_clock', `"absence_start" IS NULL OR "clock_start" IS NOT NULL`)
export class Episode {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_episode' })
  id: string;

  @Column({ name: 'employee_id', type: 'uuid' })
  employeeId: string;

  @ManyToOne(() => Employee, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employee_id', foreignKeyConstraintName: 'FK_episode_employee' })
  employee?: Relation<Employee>;

  /** The employee's employer when the episode opened: the scope of HR and of serving doctors. */
  @Column({ name: 'employer_id', type: 'uuid' })
  employerId: string;

  @Column({ name: 'jurisdiction', type: 'text' })
  jurisdiction: Jurisdiction;

  @Column({ name: 'referral_date', type: 'date' })
  referralDate: string;

  /** First day of absence; null for a preventive episode while the employee is at work. */
  @Column({ name: 'absence_start', type: 'date', nullable: true })
  absenceStart: string | null;

  /** Contract hours per week the return to work is measured against (the employee's, when opened). */
  @Column({ name: 'contract_hours', type: 'numeric', precision: 4, scale: 1 })
  contractHours: string;

  /**
   * The first sick day the statutory clock counts from: the absence start, or, when this absence
   * continues an earlier one (NL: less than four weeks apart, BW 7:629 lid 10), that one's clock.
   */
  @Column({ name: 'clock_start', type: 'date', nullable: true })
  clockStart: string | null;

  /** The earlier episode whose clock this one continues (NL 28-day rule). */
  /** NL: the days at work between the sickness periods the clock adds together (BW 7:629 lid 10). */
  @Column({ name: 'clock_pauses', type: 'jsonb', default: () => "'[]'" })
  clockPauses: { from: string; days: number }[];

  @Column({ name: 'continues_episode_id', type: 'uuid', nullable: true })
  continuesEpisodeId: string | null;

  @ManyToOne(() => Episode, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'continues_episode_id',
    foreignKeyConstraintName: 'FK_episode_continues_episode',
  })
  continuesEpisode?: Relation<Episode>;

  /** The care team's estimate of the date of full return: the functional "expected duration". */
  @Column({ name: 'expected_full_return', type: 'date', nullable: true })
  expectedFullReturn: string | null;

  @Column({ name: 'status', type: 'text', default: 'referred' })
  status: EpisodeStatus;

  /** Why the episode closed; set exactly when the status is closed. */
  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason: string | null;

  /** The day the episode closed (Europe/Brussels); set exactly when the status is closed. */
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  /**
   * What the open episode waits for next and by when (see migration EpisodeNextDue): kept by the
   * database's triggers, never written by the application.
   */
  @Column({ name: 'next_due_kind', type: 'text', nullable: true, insert: false, update: false })
  nextDueKind: 'assign_care_team' | 'intake' | 'checkpoint' | 'full_return' | null;

  @Column({ name: 'next_due_on', type: 'date', nullable: true, insert: false, update: false })
  nextDueOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
