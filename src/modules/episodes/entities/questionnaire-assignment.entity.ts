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
import { QuestionnaireResponse } from './questionnaire-response.entity.js';

/**
 * An instrument the physiotherapist asked the employee to fill in themself. Pending until the
 * employee submits it (then it points at the stored response) or the care team cancels it.
 */
@Entity({ name: 'questionnaire_assignment' })
@Index('IDX_questionnaire_assignment_episode', ['episodeId'])
@Index('UQ_questionnaire_assignment_pending', ['episodeId', 'instrument'], {
  unique: true,
  where: `"completed_at" IS NULL AND "cancelled_at" IS NULL`,
})
@Check(
  'CHK_questionnaire_assignment_instrument',
  `"instrument" IN ('start_back', 'ompsq_10', 'odi', 'ndi', 'nrs_pain', 'psfs', 'work_ability')`,
)
@Check(
  'CHK_questionnaire_assignment_completion',
  `("completed_at" IS NULL) = ("response_id" IS NULL) AND NOT ("completed_at" IS NOT NULL AND "cancelled_at" IS NOT NULL)`,
)
export class QuestionnaireAssignment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_questionnaire_assignment' })
  id: string;

  @Column({ name: 'episode_id', type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'episode_id',
    foreignKeyConstraintName: 'FK_questionnaire_assignment_episode',
  })
  episode?: Relation<Episode>;

  @Column({ name: 'instrument', type: 'text' })
  instrument: string;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ name: 'assigned_by', type: 'uuid' })
  assignedBy: string;

  @CreateDateColumn({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'response_id', type: 'uuid', nullable: true })
  responseId: string | null;

  @ManyToOne(() => QuestionnaireResponse, { onDelete: 'NO ACTION' })
  @JoinColumn({
    name: 'response_id',
    foreignKeyConstraintName: 'FK_questionnaire_assignment_response',
  })
  response?: Relation<QuestionnaireResponse>;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}
