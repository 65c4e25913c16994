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
} from 'typeorm';
import { Organisation } from '../../organisations/entities/organisation.entity.js';

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportRowError {
  line: number;
  field: string | null;
  reason: string;
}

/**
 * One CSV upload of employees, processed by a job. The file is kept only until it is processed;
 * the report (counts and every bad row with its line and reason) stays.
 */
@Entity({ name: 'employee_import' })
@Index('IDX_employee_import_employer', ['employerId', 'createdAt'])
// One import queued or running per employer: a second upload waits until the first has finished.
@Index('UQ_employee_import_employer_pending', ['employerId'], {
  unique: true,
  where: `"status" IN ('queued', 'running')`,
})
@Check('CHK_employee_import_status', `"status" IN ('queued', 'running', 'completed', 'failed')`)
export class EmployeeImport {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_employee_import' })
  id: string;

  @Column({ name: 'employer_id', type: 'uuid' })
  employerId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'employer_id', foreignKeyConstraintName: 'FK_employee_import_employer' })
  employer?: Relation<Organisation>;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName: string | null;

  @Column({ name: 'file_sha256', type: 'text' })
  fileSha256: string;

  /** The uploaded file; cleared once processed (the employees are stored, the file is not needed). */
  @Column({ name: 'content', type: 'bytea', nullable: true })
  content: Buffer | null;

  @Column({ name: 'status', type: 'text', default: 'queued' })
  status: ImportStatus;

  @Column({ name: 'total_rows', type: 'integer', nullable: true })
  totalRows: number | null;

  @Column({ name: 'processed_rows', type: 'integer', default: 0 })
  processedRows: number;

  @Column({ name: 'created_count', type: 'integer', default: 0 })
  createdCount: number;

  @Column({ name: 'updated_count', type: 'integer', default: 0 })
  updatedCount: number;

  @Column({ name: 'unchanged_count', type: 'integer', default: 0 })
  unchangedCount: number;

  @Column({ name: 'errors', type: 'jsonb', default: () => "'[]'" })
  errors: ImportRowError[];

  /** Why the whole file was refused (a bad header, too many rows), when it was. */
  @Column({ name: 'failure', type: 'jsonb', nullable: true })
  failure: { field: string; message: string } | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
