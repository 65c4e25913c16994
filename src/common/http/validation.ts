import { ParseUUIDPipe, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldError } from '../errors/domain-error.js';

/**
 * Request bodies are whitelisted: an unknown property is refused (not silently dropped), so a
 * client that sends `role` or `employerId` where they do not belong learns it at once.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError('validation_failed', 'Some fields are invalid.', { errors: flatten(errors) }),
  });
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
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
