import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { CheckpointRule } from '../timeline.js';

/**
 * One version of a checkpoint template: the rules of a law (or guideline) as data, with its
 * source and the dates it applies to. Versions are never changed, only added: the application's
 * database role may insert them but not update or delete them.
 */
@Entity({ name: 'checkpoint_template' })
@Unique('UQ_checkpoint_template_code_version', ['code', 'version'])
@Check('CHK_checkpoint_template_category', `"category" IN ('statutory', 'clinical')`)
@Check(
  'CHK_checkpoint_template_jurisdiction',
  `"jurisdiction" IS NULL OR "jurisdiction" IN ('BE', 'NL')`,
)
@Check('CHK_checkpoint_template_validity', `"valid_to" IS NULL OR "valid_to" >= "valid_from"`)
export class CheckpointTemplate {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_checkpoint_template' })
  id: string;

  @Column({ name: 'code', type: 'text' })
  code: string;

  @Column({ name: 'version', type: 'integer' })
  version: number;

  @Column({ name: 'category', type: 'text' })
  category: string;

  @Column({ name: 'jurisdiction', type: 'text', nullable: true })
  jurisdiction: string | null;

  @Column({ name: 'legal_source', type: 'text' })
  legalSource: string;

  @Column({ name: 'select_by', type: 'text' })
  selectBy: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @Column({ name: 'rules', type: 'jsonb' })
  rules: CheckpointRule[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
