/**
 * Every error the platform answers with has a code. One exhaustive table turns codes into HTTP
 * statuses, so a new code cannot be added without deciding how it is answered.
 */
export const HTTP_STATUS_BY_CODE = {
  validation_failed: 400,
  malformed_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  invalid_transition: 409,
  episode_already_open: 409,
  urgent_referral_pending: 409,
  red_flag_screen_required: 409,
  care_team_review_pending: 409,
  episode_closed: 409,
  version_conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  clinical_text: 422,
  idempotency_key_reused: 422,
  request_in_progress: 409,
  import_in_progress: 409,
  precondition_required: 428,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof HTTP_STATUS_BY_CODE;

export interface FieldError {
  /** Dotted path of the offending field in the request, e.g. `workTrack.weeks.2.percent`. */
  field: string;
  message: string;
  /**
   * The message quotes what the caller itself sent (the clinical terms of a refused text), so it
   * goes back to that caller as it is. Never part of the answer itself.
   */
  quotesRequest?: boolean;
}

export interface DomainErrorExtras {
  errors?: FieldError[];
  retryAfterSeconds?: number;
  /**
   * The same refusal in clinical terms, for the care team only (a physiotherapist or doctor on
   * the episode). Everyone else gets the error's own code and detail, which are functional.
   */
  clinical?: { code: ErrorCode; detail: string };
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /**
     * Safe for any audience: functional terms only (HR and the employee read it), never clinical
     * text or submitted values. A clinical version goes in `extras.clinical`.
     */
    readonly detail: string,
    readonly extras: DomainErrorExtras = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }

  get status(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }
}

export const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
