import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details.js';

export const IS_EXPENSIVE = 'rtw:isExpensive';

/**
 * Marks a route whose work is heavy (an import, a report query, an export, a chart): on top of the
 * general ceiling, each account may call the expensive routes together at most
 * EXPENSIVE_RATE_LIMIT_PER_MINUTE times a minute, counted in Redis across every API process.
 */
export const Expensive = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(IS_EXPENSIVE, true),
    ApiTooManyRequestsResponse({
      description:
        "More requests to the expensive routes (imports, reports, exports, charts) than the account's limit per minute; Retry-After says when to try again",
      headers: {
        'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
      },
      content: {
        [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
      },
    }),
  );
