import { describe, expect, it } from '@jest/globals';
import { findClinicalTerms } from '../privacy/clinical-vocabulary.js';
import { DomainError, type ErrorCode, HTTP_STATUS_BY_CODE } from './domain-error.js';
import { errorFor, FUNCTIONAL_DETAIL_BY_CODE } from './error-audience.js';
import { toProblem } from './problem-details.js';

const CODES = Object.keys(HTTP_STATUS_BY_CODE) as ErrorCode[];
/** What a careless throw could say: a diagnosis, a region, an instrument, a red flag, a code. */
const CLINICAL_SENTENCE =
  'Red flags (cauda equina) await review after the L5 disc herniation; the STarT Back score was high, M51.1.';

describe('errors as a functional reader (HR, the employee) receives them', () => {
  it.each(CODES)('answers %s to HR and the employee without a clinical word', (code) => {
    expect(findClinicalTerms(FUNCTIONAL_DETAIL_BY_CODE[code])).toEqual([]);
    const raised = new DomainError(code, CLINICAL_SENTENCE, {
      errors: [
        { field: 'restrictions.tasksAvoided.0', message: `tasksAvoided ${CLINICAL_SENTENCE}` },
      ],
      clinical: { code, detail: CLINICAL_SENTENCE },
    });
    const problem = toProblem(raised, '/episodes/x', 'corr-1', 'functional');
    expect(problem.status).toBe(HTTP_STATUS_BY_CODE[code]);
    const text = [problem.code, problem.type, problem.title, problem.detail]
      .concat((problem.errors ?? []).map((e) => e.message))
      .join('\n');
    expect(findClinicalTerms(text.replace(/_/g, ' '))).toEqual([]);
  });

  it('keeps a functional text as it was raised, and gives the care team the clinical version', () => {
    const raised = new DomainError(
      'care_team_review_pending',
      'The care team has not finished the intake; the episode can become active once it has.',
      {
        clinical: {
          code: 'urgent_referral_pending',
          detail: 'An urgent referral (red flag) awaits review.',
        },
      },
    );
    expect(errorFor(raised, 'functional')).toMatchObject({
      code: 'care_team_review_pending',
      detail: raised.detail,
    });
    expect(errorFor(raised, 'clinical')).toMatchObject({
      code: 'urgent_referral_pending',
      detail: 'An urgent referral (red flag) awaits review.',
    });
  });

  it('renames the codes whose name is a clinical fact, keeping the status', () => {
    for (const code of ['urgent_referral_pending', 'red_flag_screen_required'] as const) {
      const seen = errorFor(new DomainError(code, 'Refused.'), 'functional');
      expect(seen.code).toBe('care_team_review_pending');
      expect(seen.status).toBe(409);
    }
  });

  it('quotes the reader’s own words back only where the message says it does', () => {
    const message = 'tasksAvoided.0 contains "hernia", a clinical term';
    const own = { field: 'tasksAvoided.0', message, quotesRequest: true };
    for (const code of ['clinical_text', 'validation_failed'] as const) {
      const refused = toProblem(
        new DomainError(code, 'Some text holds clinical terms.', { errors: [own] }),
        '/x',
        'corr',
        'functional',
      );
      expect(refused.errors).toEqual([{ field: 'tasksAvoided.0', message }]);
    }
    const careless = errorFor(
      new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'tasksAvoided.0', message }],
      }),
      'functional',
    );
    expect(careless.extras.errors).toEqual([
      { field: 'tasksAvoided.0', message: 'tasksAvoided.0 is not accepted here' },
    ]);
  });
});
