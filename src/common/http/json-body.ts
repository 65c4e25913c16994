import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '../errors/domain-error.js';

/**
 * How far a JSON body may nest and how wide one object or array may be. The shape is checked on
 * the raw bytes before the body is parsed, so nothing recursive (the NUL check, class-transformer,
 * class-validator) and no parse of a huge object ever sees a body outside these limits.
 *
 * - Depth 32: the deepest body the API takes nests 5 levels (a plan, its movement track, an
 *   exercise, its schedule, a week; job data added in the queue dashboard holds ids only); 32
 *   leaves room for growth and stays far from any stack limit.
 * - 1,000 members per object or array: the widest legitimate one has 53 (the weeks of a plan's
 *   work track or of an exercise's schedule), then 30 (quotas, exercises) and 23 (red flags). What
 *   the limit bounds is the work one container causes: measured on this API, an object of 1,000
 *   unknown keys was refused in 14 ms with 56 KB of field errors, one of 10,000 in 190 ms with
 *   580 KB, one of 100,000 in 10 s with 6 MB; and parsing a 1 MB object of 120,000 keys alone
 *   takes about 100 ms, which the check before parsing spares.
 */
export const JSON_LIMITS = { depth: 32, members: 1000 } as const;

export type JsonShapeViolation = 'depth' | 'members';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The first limit a JSON text (UTF-8 bytes) breaks, in one pass without recursion, stopping there.
 * Exact for valid JSON: outside strings every bracket opens or closes a container and every comma
 * separates two members, and in UTF-8 no byte of a multi-byte character is below 0x80. Invalid
 * JSON may be counted loosely; the parser refuses it anyway.
 */
export function jsonShapeViolation(
  bytes: Uint8Array,
  limits: { depth: number; members: number } = JSON_LIMITS,
): JsonShapeViolation | undefined {
  // Separators seen so far in the container open at each depth: members - 1.
  const separators = new Uint32Array(limits.depth + 1);
  let depth = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      index = closingQuote(bytes, index);
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limits.depth) return 'depth';
      separators[depth] = 0;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (depth > 0) depth--;
    } else if (byte === COMMA && ++separators[depth] >= limits.members) {
      return 'members';
    }
  }
  return undefined;
}

/** Index of the quote that closes the string opened at `start` (the end when there is none). */
function closingQuote(bytes: Uint8Array, start: number): number {
  let end = bytes.indexOf(QUOTE, start + 1);
  while (end !== -1) {
    // Escaped when preceded by an odd run of backslashes. Each backslash is counted once: a run
    // ends at the quote before it.
    let backslashes = 0;
    while (bytes[end - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = bytes.indexOf(QUOTE, end + 1);
  }
  return bytes.length;
}

/**
 * Thrown by the parser's verify step: body-parser keeps an error's own status and type, and the
 * handler after the parser turns it into the platform's problem.
 */
class JsonBodyRefused extends Error {
  readonly status: number;
  readonly type: string;

  constructor(readonly problem: DomainError) {
    super(problem.detail);
    this.status = problem.status;
    this.type = 'entity.verify.failed';
  }
}

const REFUSALS: Record<JsonShapeViolation, string> = {
  depth: `The request body nests objects and arrays more than ${JSON_LIMITS.depth} deep.`,
  members: `The request body has an object or array of more than ${JSON_LIMITS.members} members.`,
};

function verifyJsonBody(
  _request: IncomingMessage,
  _response: ServerResponse,
  body: Buffer,
  encoding: string | null,
): void {
  // JSON exchanged between systems is UTF-8 (RFC 8259, 8.1), the one encoding the check reads.
  if (encoding !== 'utf-8') {
    throw new JsonBodyRefused(
      new DomainError('unsupported_media_type', 'A JSON request body must be encoded as UTF-8.'),
    );
  }
  const violation = jsonShapeViolation(body);
  if (violation)
    throw new JsonBodyRefused(new DomainError('malformed_request', REFUSALS[violation]));
}

/**
 * The JSON body parser of both processes (`application/json`, up to `limitBytes`). A body nested
 * or wide beyond JSON_LIMITS is refused with 400 before it is parsed, on every route: public ones,
 * the queue dashboard, and before any guard has looked at the caller.
 */
export function jsonBodyParser(limitBytes: number): RequestHandler {
  return express.json({ limit: limitBytes, verify: verifyJsonBody });
}

/** Right after the parser: its refusals become the platform's problem details. */
export const jsonBodyRefusal: ErrorRequestHandler = (
  error: unknown,
  _request: Request,
  _response: Response,
  next: NextFunction,
) => next(error instanceof JsonBodyRefused ? error.problem : error);
