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
} from 'typeorm';
import { Episode } from './episode.entity.js';

/**
 * One completed instrument of an episode: item codes with answers, and the score computed as
 * published when it was stored. Clinical: only the care team receives it.
 */
@Entity({ name: 'questionnaire_response' })
@Index('IDX_questionnaire_response_episode', ['episodeId', 'takenOn'])
@Check(
  'CHK_questionnaire_response_instrument',
  `"instrument" IN ('start_back', 'ompsq_10', 'odi', 'ndi', 'nrs_pain', 'psfs', 'work_ability')`,
)
export class QuestionnaireResponse {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_questionnaire_response' })
  id: string;

  @Column({ name: 'episode_id', type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_questionnaire_response_episode' })
  episode?: Relation<Episode>;

  @Column({ name: 'instrument', type: 'text' })
  instrument: string;

  @Column({ name: 'taken_on', type: 'date' })
  takenOn: string;

  @Column({ name: 'answers', type: 'jsonb' })
  answers: Record<string, unknown>;

  @Column({ name: 'score', type: 'jsonb' })
  score: Record<string, unknown>;

  @Column({ name: 'entered_by', type: 'uuid' })
  enteredBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
