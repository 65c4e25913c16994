import {
  type ArgumentMetadata,
  ParseUUIDPipe,
  type PipeTransform,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { DomainError, type FieldError } from '../errors/domain-error.js';
import { isCalendarDate } from './calendar-date.js';
import { clinicalTextErrors, FUNCTIONAL_TEXT } from '../privacy/functional-text.js';

/**
 * Request bodies are whitelisted: an unknown property is refused (not silently dropped), so a
 * client that sends `role` or `employerId` where they do not belong learns it at once. Text holding
 * a NUL character is refused wherever it is sent (body, query or path): PostgreSQL cannot store it
 * in text or jsonb, and would otherwise fail the request after validation.
 */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const failed = flatten(errors);
      const fieldErrors = failed.map(({ constraint: _constraint, ...fieldError }) => fieldError);
      // Clinical words in text an employer reads answer 422 of their own, unless the body is
      // invalid in other ways too: then 400 names every field.
      return failed.length && failed.every((error) => error.constraint === FUNCTIONAL_TEXT)
        ? new DomainError('clinical_text', 'Some texts hold clinical terms.', {
            errors: fieldErrors,
          })
        : new DomainError('validation_failed', 'Some fields are invalid.', { errors: fieldErrors });
    },
  });
}

class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const fields = fieldsWithNul(value, metadata.data ?? '');
      if (fields.length) {
        throw new DomainError('validation_failed', 'Some fields are invalid.', {
          errors: fields.map((field) => ({
            field,
            message: `${field || 'the request'} must not contain a NUL character`,
          })),
        });
      }
    }
    return super.transform(value, metadata);
  }
}

/**
 * Dotted paths of the strings (values or keys) in a parsed request part that hold U+0000.
 * Recursive: a JSON body reaches it at most JSON_LIMITS.depth deep (json-body.ts refuses deeper
 * ones before parsing), query strings and path parameters are flat.
 */
function fieldsWithNul(value: unknown, path: string, found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path);
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (typeof item === 'string' || (item !== null && typeof item === 'object'))
        fieldsWithNul(item, join(path, String(index)), found);
    }
  } else if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push(path);
      else fieldsWithNul(item, join(path, key), found);
    }
  }
  return found;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

const isPlainObject = (value: object): boolean => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

function flatten(errors: ValidationError[], prefix = ''): (FieldError & { constraint: string })[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).flatMap(([constraint, message]) =>
      (constraint === FUNCTIONAL_TEXT
        ? clinicalTextErrors(field, message)
        : // "property diagnosis should not exist" names what the caller sent, and goes back as it is.
          [{ field, message, ...(constraint === 'whitelistValidation' && { quotesRequest: true }) }]
      ).map((fieldError) => ({ ...fieldError, constraint })),
    );
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Validates a UUID path parameter, naming it in the error. */
export function uuidParam(field: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    version: '4',
    exceptionFactory: () =>
      new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field, message: `${field} must be a UUID` }],
      }),
  });
}

/** Validates a calendar-date path parameter (YYYY-MM-DD, a real day), naming it in the error. */
export function calendarDateParam(field: string): PipeTransform<string, string> {
  return {
    transform(value: string): string {
      if (!isCalendarDate(value)) {
        throw new DomainError('validation_failed', 'Some fields are invalid.', {
          errors: [{ field, message: `${field} must be a calendar date (YYYY-MM-DD)` }],
        });
      }
      return value;
    },
  };
}
