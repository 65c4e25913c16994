import type { components } from './schema';

export type ProblemDetails = components['schemas']['ProblemDetails'];

/** An answer of the API that is not a success: its problem+json, or what stood in for it. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: ProblemDetails['code'];
  readonly correlationId: string | undefined;
  readonly fieldErrors: { field: string; message: string }[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    problem: Partial<ProblemDetails> | undefined,
    retryAfter?: string | null,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = problem?.code ?? (status >= 500 ? 'internal_error' : 'malformed_request');
    this.correlationId = problem?.correlationId;
    this.fieldErrors = problem?.errors ?? [];
    const seconds = Number(retryAfter);
    this.retryAfterSeconds = Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
  }

  /** The field errors of one form field (`workTrack.weeks.2.percent` belongs to `workTrack`). */
  errorsOf(field: string): string[] {
    return this.fieldErrors
      .filter((error) => error.field === field || error.field.startsWith(`${field}.`))
      .map((error) => error.message);
  }
}

/** A network failure (the API unreachable) as a problem the screens show like any other. */
export function unreachable(): ApiProblem {
  return new ApiProblem(0, { code: 'service_unavailable' });
}
