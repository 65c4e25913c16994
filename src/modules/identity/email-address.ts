import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, MaxLength, registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * E-mail addresses as the platform keeps them: one canonical form per address, so that two ways
 * of writing it are one account, and nothing that makes two different addresses look alike.
 *
 * The canonical form is NFKC-normalised (a full-width "ａ" is an "a", a composed "é" one code point)
 * and lower-cased. Refused outright: invisible characters (zero-width spaces and joiners, soft
 * hyphens, variation selectors: Unicode's default-ignorable code points), direction controls (the
 * bidi embeddings, overrides and isolates), other control and format characters, white space, and
 * a part of the address (the local part, each label of the domain) that mixes scripts, such as a
 * Cyrillic "а" among Latin letters.
 */
export function canonicalEmail(raw: string): string {
  return raw.trim().normalize('NFKC').toLowerCase();
}

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Scripts a part of an address may be written in; Han, kana and Hangul go together as East Asian. */
const SCRIPTS: readonly [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['East Asian', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u],
];

function scriptOf(letter: string): string {
  return SCRIPTS.find(([, pattern]) => pattern.test(letter))?.[0] ?? 'another script';
}

/** What is wrong with an address for an account, or undefined. Checks the canonical form. */
export function emailAddressProblem(address: string): string | undefined {
  if (INVISIBLE.test(address)) {
    return 'must not contain invisible, white-space or direction-changing characters';
  }
  const at = address.lastIndexOf('@');
  const parts = [address.slice(0, at), ...address.slice(at + 1).split('.')];
  for (const part of parts) {
    const scripts = new Set([...part].filter((c) => /\p{L}/u.test(c)).map(scriptOf));
    if (scripts.size > 1) {
      return `mixes scripts (${[...scripts].sort().join(' and ')}) in one part: write it in one script`;
    }
  }
  return undefined;
}

/**
 * Canonicalises an e-mail address of a request and refuses one that is not fit for an account,
 * naming the field. Put it after `@IsEmail()`, which checks the form.
 */
export function AccountEmail(): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? canonicalEmail(value) : value,
  );
  return (target: object, propertyName: string | symbol) => {
    transform(target, propertyName);
    registerDecorator({
      name: 'accountEmail',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || emailAddressProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} ${emailAddressProblem(String(args?.value)) ?? 'is not a valid address'}`,
      },
    });
  };
}

/** The e-mail address of an account in a request body: documented, checked for form, canonical. */
export function AccountEmailProperty(example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      example,
      description:
        'Kept in canonical form (NFKC, lower case); invisible characters and mixed scripts are refused',
    }),
    AccountEmail(),
    IsEmail(),
    MaxLength(254),
  );
}
