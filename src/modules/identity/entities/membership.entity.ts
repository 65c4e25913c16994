import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Organisation } from '../../organisations/entities/organisation.entity.js';
import { User } from './user.entity.js';

/** A user works for an organisation: HR and employees for an employer, physios for a practice, doctors for a health service. */
@Entity({ name: 'membership' })
@Index('IDX_membership_organisation', ['organisationId'])
export class Membership {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_membership' })
  userId: string;

  @PrimaryColumn({
    name: 'organisation_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_membership',
  })
  organisationId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_membership_user' })
  user?: Relation<User>;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_membership_organisation' })
  organisation?: Relation<Organisation>;
}
