import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Episode } from './episode.entity.js';

/**
 * The episode's history, functional: every status change (by a person or by the platform, with its
 * cause) and every decision of the absence clock (a sickness that started a clock or continued
 * one, with the days back at work before it). Written in the transaction of the change.
 */
@Entity({ name: 'episode_event' })
@Index('IDX_episode_event_episode', ['episodeId', 'recordedAt'])
@Check(
  'CHK_episode_event_kind',
  `"kind" IN ('status_changed', 'absence_clock_started', 'absence_clock_continued', 'absence_clock_withdrawn')`,
)
@Check(
  'CHK_episode_event_status',
  `("kind" = 'status_changed') = ("to_status" IS NOT NULL AND "from_status" IS NOT NULL)`,
)
@Check('CHK_episode_event_clock', `("kind" = 'status_changed') = ("clock_start" IS NULL)`)
export class EpisodeEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_episode_event' })
  id: string;

  @Column({ name: 'episode_id', type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => Episode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'episode_id', foreignKeyConstraintName: 'FK_episode_event_episode' })
  episode?: Relation<Episode>;

  @Column({ name: 'kind', type: 'text' })
  kind: string;

  @Column({ name: 'cause', type: 'text' })
  cause: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'text', nullable: true })
  toStatus: string | null;

  @Column({ name: 'clock_start', type: 'date', nullable: true })
  clockStart: string | null;

  /** The day the change took effect (a relapse's first sick day); null for a status change. */
  @Column({ name: 'effective_on', type: 'date', nullable: true })
  effectiveOn: string | null;

  @Column({ name: 'days_back_at_work', type: 'integer', nullable: true })
  daysBackAtWork: number | null;

  /** Null when the platform made the change (an automatic move, a re-planned clock). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** The clock's time, not the transaction's: events of one change keep their order. */
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;
}
