import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { Episode } from './episode.entity.js';

/**
 * An activity of the Patient-Specific Functional Scale, named with the employee at the
 * administration that first rated it ("carry a 10 kg crate upstairs"). Later administrations rate
 * it again by its id, so its change is followed activity by activity. Its name is clinical: the
 * care team and the employee read it, HR never does.
 */
@Entity({ name: 'psfs_activity' })
@Unique('UQ_psfs_activity_episode_name', ['episodeId', 'nameKey'])
@Check(
  'CHK_psfs_activity_name',
  `char_length("name") BETWEEN 1 AND 120 AND "name" = btrim("name") AND "name_key" = lower("name")`,
)
export class PsfsActivity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_psfs_activity' })
  id: string;

  @Column({ name: 'episode_id', type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_psfs_activity_episode' })
  episode?: Relation<Episode>;

  /** As first given, trimmed, white space runs made one space. */
  @Column({ name: 'name', type: 'text' })
  name: string;

  /** The name ignoring case: one activity per name and episode. */
  @Column({ name: 'name_key', type: 'text' })
  nameKey: string;

  @Column({ name: 'named_by', type: 'uuid' })
  namedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
