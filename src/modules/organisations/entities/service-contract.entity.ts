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
  VersionColumn,
} from 'typeorm';
import { Organisation } from './organisation.entity.js';

/**
 * An occupational health service serves an employer from `validFrom` to `validTo` (inclusive; open
 * when null). The doctors of the service see the employer's episodes only while a contract runs.
 */
@Entity({ name: 'service_contract' })
@Check('CHK_service_contract_dates', `"valid_to" IS NULL OR "valid_to" >= "valid_from"`)
@Index('IDX_service_contract_employer', ['employerId'])
@Index('IDX_service_contract_health_service', ['healthServiceId'])
export class ServiceContract {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_service_contract' })
  id: string;

  @Column({ name: 'health_service_id', type: 'uuid' })
  healthServiceId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'health_service_id',
    foreignKeyConstraintName: 'FK_service_contract_health_service',
  })
  healthService?: Relation<Organisation>;

  @Column({ name: 'employer_id', type: 'uuid' })
  employerId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employer_id', foreignKeyConstraintName: 'FK_service_contract_employer' })
  employer?: Relation<Organisation>;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn({ name: 'version', type: 'integer' })
  version: number;
}
