import type { EntityManager } from 'typeorm';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { selectRows, sql } from '../../database/sql.js';
import {
  type InstrumentAnswers,
  type InstrumentCode,
  type PsfsAnswers,
  type ScoreResult,
  type StoredPsfsActivity,
  scoreInstrument,
  validateAnswers,
} from '../instruments/instruments.js';
import type { QuestionnaireResponseDto } from './dto/episode.dto.js';

/** Answers checked against the instrument and scored as published, ready to store. */
export interface ScoredAnswers {
  instrument: InstrumentCode;
  answers: InstrumentAnswers;
  score: ScoreResult;
}

interface QuestionnaireRow {
  id: string;
  instrument: InstrumentCode;
  taken_on: string;
  answers: Record<string, unknown>;
  score: Record<string, unknown>;
}

const COLUMNS = sql`id, instrument, to_char(taken_on, 'YYYY-MM-DD') AS taken_on, answers, score`;

/**
 * Checks and scores a filled-in instrument, whoever filled it in (care team or employee). Invalid
 * answers answer 400 naming each item, before anything is stored.
 */
export function scoreAnswers(instrument: InstrumentCode, answers: unknown): ScoredAnswers {
  const validated = validateAnswers(instrument, answers);
  if (!validated.ok) throw invalid(validated.errors);
  return {
    instrument,
    answers: validated.answers,
    score: scoreInstrument(instrument, validated.answers),
  };
}

/**
 * Stores a scored instrument for an episode, in the caller's transaction. A PSFS administration
 * is stored with each activity's identity and name: an activity rated before keeps its id, and a
 * new name becomes a new activity of the episode (or the one of that name it already has).
 */
export async function storeQuestionnaire(
  manager: EntityManager,
  episodeId: string,
  scored: ScoredAnswers,
  takenOn: string,
  enteredBy: string,
): Promise<QuestionnaireResponseDto> {
  const answers =
    scored.instrument === 'psfs'
      ? {
          activities: await identifyPsfsActivities(
            manager,
            episodeId,
            scored.answers as PsfsAnswers,
            enteredBy,
          ),
        }
      : scored.answers;
  const [row] = await selectRows<QuestionnaireRow>(
    manager,
    sql`INSERT INTO questionnaire_response (episode_id, instrument, taken_on, answers, score, entered_by)
        VALUES (${episodeId}, ${scored.instrument}, ${takenOn}, ${JSON.stringify(answers)},
                ${JSON.stringify(scored.score)}, ${enteredBy})
        RETURNING ${COLUMNS}`,
  );
  return toQuestionnaireDto(row);
}

/**
 * The PSFS activities of an administration with their identity: ids are checked against the
 * episode's activities, names are found or added. An unknown id, or an activity rated twice (by
 * its id and by its name), answers 400 naming the field; the caller's transaction then stores
 * nothing, new activities included.
 */
async function identifyPsfsActivities(
  manager: EntityManager,
  episodeId: string,
  answers: PsfsAnswers,
  namedBy: string,
): Promise<StoredPsfsActivity[]> {
  const ids = answers.activities.flatMap((a) => ('activityId' in a ? [a.activityId] : []));
  const known = new Map(
    (
      await selectRows<{ id: string; name: string }>(
        manager,
        sql`SELECT id, name FROM psfs_activity
             WHERE episode_id = ${episodeId} AND id = ANY(${ids}::uuid[])`,
      )
    ).map((row) => [row.id, row.name]),
  );
  const errors: FieldError[] = [];
  const stored: StoredPsfsActivity[] = [];
  const rated = new Set<string>();
  for (const [index, activity] of answers.activities.entries()) {
    const field = `answers.activities.${index}`;
    if ('activityId' in activity) {
      const name = known.get(activity.activityId);
      if (name === undefined) {
        errors.push({
          field: `${field}.activityId`,
          message: 'is not one of the activities rated before on this episode',
        });
        continue;
      }
      rated.add(activity.activityId);
      stored.push({ activityId: activity.activityId, name, rating: activity.rating });
      continue;
    }
    // The unique key makes two administrations naming the same new activity at once agree on it.
    const [row] = await selectRows<{ id: string; name: string }>(
      manager,
      sql`INSERT INTO psfs_activity AS a (episode_id, name, name_key, named_by)
          VALUES (${episodeId}, ${activity.name}, lower(${activity.name}), ${namedBy})
          ON CONFLICT ON CONSTRAINT "UQ_psfs_activity_episode_name"
          DO UPDATE SET name = a.name
          RETURNING a.id, a.name`,
    );
    if (rated.has(row.id)) {
      errors.push({ field: `${field}.name`, message: 'names an activity already rated above' });
      continue;
    }
    rated.add(row.id);
    stored.push({ activityId: row.id, name: row.name, rating: activity.rating });
  }
  if (errors.length) throw invalid(errors);
  return stored;
}

/**
 * The activities the episode's latest PSFS administration rated, in its order: what a follow-up
 * rates again. Empty before the first administration.
 */
export async function latestPsfsActivities(
  manager: EntityManager,
  episodeId: string,
): Promise<{ activityId: string; name: string }[]> {
  const [row] = await selectRows<{ answers: { activities?: StoredPsfsActivity[] } }>(
    manager,
    sql`SELECT answers FROM questionnaire_response
         WHERE episode_id = ${episodeId} AND instrument = 'psfs'
         ORDER BY taken_on DESC, created_at DESC LIMIT 1`,
  );
  return (row?.answers.activities ?? []).map(({ activityId, name }) => ({ activityId, name }));
}

/** An episode's instruments with their scores, oldest first (clinical). */
export async function questionnairesOf(
  manager: EntityManager,
  episodeId: string,
): Promise<QuestionnaireResponseDto[]> {
  const rows = await selectRows<QuestionnaireRow>(
    manager,
    sql`SELECT ${COLUMNS} FROM questionnaire_response WHERE episode_id = ${episodeId}
         ORDER BY taken_on, created_at`,
  );
  return rows.map(toQuestionnaireDto);
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('validation_failed', 'Some fields are invalid.', { errors });
}

function toQuestionnaireDto(row: QuestionnaireRow): QuestionnaireResponseDto {
  return {
    id: row.id,
    instrument: row.instrument,
    takenOn: row.taken_on,
    answers: row.answers,
    score: row.score,
  };
}
