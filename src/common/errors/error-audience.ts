import { findClinicalTerms } from '../privacy/clinical-vocabulary.js';
import { DomainError, type ErrorCode, type FieldError } from './domain-error.js';

/**
 * Who reads an error: the care team (`clinical`), or anyone else (`functional`: HR, the
 * employee, admins, analysts, managers, and callers not signed in). The employer may not learn a
 * health fact from a refusal any more than from a read.
 */
export type ErrorAudience = 'clinical' | 'functional';

/**
 * What each code says to a functional reader when the error's own text cannot be shown: every
 * code has one (the record is exhaustive), and none names anything clinical.
 */
export const FUNCTIONAL_DETAIL_BY_CODE: { readonly [C in ErrorCode]: string } = {
  validation_failed: 'Some fields are invalid.',
  malformed_request: 'The request could not be read.',
  unauthenticated: 'Sign-in is required.',
  forbidden: 'You may not do this.',
  not_found: 'The requested resource does not exist.',
  route_not_found: 'No route matches this method and path.',
  method_not_allowed: 'This method is not allowed here.',
  conflict: 'This conflicts with the current state of the resource.',
  invalid_transition: 'This step is not possible in the current state.',
  episode_already_open: 'This employee has an open return-to-work episode already.',
  care_team_review_pending:
    'The care team has not finished the intake; this can go on once it has.',
  urgent_referral_pending: 'The care team has not finished the intake; this can go on once it has.',
  red_flag_screen_required:
    'The care team has not finished the intake; this can go on once it has.',
  episode_closed: 'This return-to-work episode is closed.',
  version_conflict: 'The resource has changed since you read it.',
  precondition_failed: 'The resource has changed since you read it; read it again.',
  payload_too_large: 'The request body is larger than this API accepts.',
  unsupported_media_type: 'This content type is not supported.',
  unprocessable: 'The request cannot be processed.',
  clinical_text:
    'Some text holds clinical terms: describe limitations in functional terms (kg, minutes, postures, tasks).',
  idempotency_key_reused: 'This Idempotency-Key was used for a different request; use a new key.',
  request_in_progress: 'A request with this Idempotency-Key is still running; retry in a moment.',
  precondition_required: 'This request must be conditional (If-Match).',
  rate_limited: 'Too many requests; try again later.',
  import_in_progress:
    'An earlier import of this employer has not finished yet; upload again once it has.',
  internal_error: 'An unexpected error occurred. Quote the correlation id when reporting it.',
  service_unavailable: 'A service the platform depends on is unavailable; try again shortly.',
};

/**
 * Codes whose very name is a clinical fact. A functional reader gets the functional code in their
 * place, with the same status.
 */
const FUNCTIONAL_CODE: Partial<Record<ErrorCode, ErrorCode>> = {
  urgent_referral_pending: 'care_team_review_pending',
  red_flag_screen_required: 'care_team_review_pending',
};

/**
 * The error as its reader may see it. The care team gets the clinical version where the error has
 * one. A functional reader gets a functional code, and any text holding a clinical term (by the
 * platform's vocabulary, in Dutch, French and English) is replaced by the code's functional text:
 * the safety net under every refusal phrased in functional terms where it is raised. The one
 * exception is a field message that quotes the reader's own words back (a refused clinical text).
 */
export function errorFor(error: DomainError, audience: ErrorAudience): DomainError {
  if (audience === 'clinical') {
    const clinical = error.extras.clinical;
    return clinical ? new DomainError(clinical.code, clinical.detail, error.extras) : error;
  }
  const code = FUNCTIONAL_CODE[error.code] ?? error.code;
  const renamed = code !== error.code;
  const detail =
    renamed || findClinicalTerms(error.detail).length > 0
      ? FUNCTIONAL_DETAIL_BY_CODE[code]
      : error.detail;
  const errors = error.extras.errors?.map(functionalFieldError);
  if (
    !renamed &&
    detail === error.detail &&
    errors === error.extras.errors &&
    !error.extras.clinical
  )
    return error;
  return new DomainError(code, detail, {
    errors,
    retryAfterSeconds: error.extras.retryAfterSeconds,
  });
}

function functionalFieldError(error: FieldError): FieldError {
  return !error.quotesRequest && findClinicalTerms(error.message).length
    ? { field: error.field, message: `${error.field} is not accepted here` }
    : error;
}
