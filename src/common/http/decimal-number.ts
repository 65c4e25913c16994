import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * A finite number with at most `places` decimals: 19.5 and 38 for one place, not 19.55. Checked by
 * value, not by the number's text: class-validator's `maxDecimalPlaces` reads the decimals off the
 * text and throws on numbers JavaScript writes with an exponent (0.0000001 is "1e-7").
 */
export function isDecimal(value: unknown, places: number): value is number {
  return (
    typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value
  );
}

export function IsDecimal(places: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDecimal',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [places],
      options: {
        message: `${String(propertyName)} must be a number with at most ${places} decimal${places === 1 ? '' : 's'}`,
        ...options,
      },
      validator: { validate: (value: unknown) => isDecimal(value, places) },
    });
}
