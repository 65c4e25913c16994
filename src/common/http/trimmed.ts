import { Transform } from 'class-transformer';

/**
 * Takes the white space around a text off before it is validated, so that the limits apply to
 * what is stored: "   " is an empty name and answers 400 naming the field, like a missing one.
 */
export const Trimmed = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
