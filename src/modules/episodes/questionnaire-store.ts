import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import {
  type InstrumentCode,
  scoreInstrument,
  validateAnswers,
} from '../instruments/instruments.js';
import type { QuestionnaireResponseDto } from './dto/episode.dto.js';

/** Answers checked against the instrument and scored as published, ready to store. */
export interface ScoredAnswers {
  instrument: InstrumentCode;
  answers: Readonly<Record<string, unknown>>;
  score: ReturnType<typeof scoreInstrument>;
}

interface QuestionnaireRow {
  id: string;
  instrument: InstrumentCode;
  taken_on: string;
  answers: Record<string, unknown>;
  score: Record<string, unknown>;
}

const COLUMNS = `id, instrument, to_char(taken_on, 'YYYY-MM-DD') AS taken_on, answers, score`;

/**
 * Checks and scores a filled-in instrument, whoever filled it in (care team or employee). Invalid
 * answers answer 400 naming each item, before anything is stored.
 */
export function scoreAnswers(instrument: InstrumentCode, answers: unknown): ScoredAnswers {
  const validated = validateAnswers(instrument, answers);
  if (!validated.ok) {
    throw new DomainError('validation_failed', 'Some fields are invalid.', {
      errors: validated.errors,
    });
  }
  return {
    instrument,
    answers: validated.answers,
    score: scoreInstrument(instrument, validated.answers),
  };
}

/** Stores a scored instrument for an episode, in the caller's transaction. */
export async function storeQuestionnaire(
  manager: EntityManager,
  episodeId: string,
  scored: ScoredAnswers,
  takenOn: string,
  enteredBy: string,
): Promise<QuestionnaireResponseDto> {
  const [row] = await manager.query<QuestionnaireRow[]>(
    `INSERT INTO questionnaire_response (episode_id, instrument, taken_on, answers, score, entered_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${COLUMNS}`,
    [
      episodeId,
      scored.instrument,
      takenOn,
      JSON.stringify(scored.answers),
      JSON.stringify(scored.score),
      enteredBy,
    ],
  );
  return toQuestionnaireDto(row);
}

/** An episode's instruments with their scores, oldest first (clinical). */
export async function questionnairesOf(
  manager: EntityManager,
  episodeId: string,
): Promise<QuestionnaireResponseDto[]> {
  const rows = await manager.query<QuestionnaireRow[]>(
    `SELECT ${COLUMNS} FROM questionnaire_response WHERE episode_id = $1 ORDER BY taken_on, created_at`,
    [episodeId],
  );
  return rows.map(toQuestionnaireDto);
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
