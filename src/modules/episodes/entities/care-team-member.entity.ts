import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { User } from '../../identity/entities/user.entity.js';
import { Episode } from './episode.entity.js';

/** A physiotherapist or occupational doctor on an episode's care team: they see its clinical data. */
@Entity({ name: 'care_team_member' })
@Index('IDX_care_team_member_user', ['userId'])
@Check('CHK_care_team_member_role', `"role" IN ('physio', 'occupational_doctor')`)
export class CareTeamMember {
  @PrimaryColumn({
    name: 'episode_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_care_team_member',
  })
  episodeId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_care_team_member' })
  userId: string;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_care_team_member_episode' })
  episode?: Relation<Episode>;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_care_team_member_user' })
  user?: Relation<User>;

  @Column({ name: 'role', type: 'text' })
  role: 'physio' | 'occupational_doctor';
}
