import { describe, expect, it } from '@jest/globals';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';
import { createValidationPipe } from '../http/validation.js';
import { FunctionalText } from './functional-text.js';

class Limits {
  @IsOptional() @IsInt() maxLiftKg?: number;
  @IsOptional() @IsArray() @IsString({ each: true }) @FunctionalText() tasksAvoided?: string[];
}

class Body {
  @IsString() @MaxLength(40) @FunctionalText() description: string;
  @IsOptional() @ValidateNested() @Type(() => Limits) restrictions?: Limits;
}

const ADVICE = 'describe the limitation in functional terms (kg, minutes, postures, tasks)';

describe('FunctionalText', () => {
  const pipe = createValidationPipe();
  const validate = (value: object) => pipe.transform(value, { type: 'body', metatype: Body });

  it('refuses clinical text with 422, naming each text (the item of a list) and its terms', async () => {
    const refused = validate({
      description: 'Desk at shoulder height',
      restrictions: {
        tasksAvoided: ['loading the van', 'anything that loads the L5 hernia', 'M54.5'],
      },
    });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({
      code: 'clinical_text',
      status: 422,
      extras: {
        errors: [
          {
            field: 'restrictions.tasksAvoided.1',
            message: `restrictions.tasksAvoided.1 contains "L5", "hernia", clinical terms: ${ADVICE}`,
          },
          {
            field: 'restrictions.tasksAvoided.2',
            message: `restrictions.tasksAvoided.2 contains "M54.5", a clinical term: ${ADVICE}`,
          },
        ],
      },
    });
    await expect(validate({ description: 'Rugpijn: geen tillen' })).rejects.toMatchObject({
      code: 'clinical_text',
      extras: {
        errors: [
          {
            field: 'description',
            message: `description contains "Rugpijn", a clinical term: ${ADVICE}`,
          },
        ],
      },
    });
  });

  it('answers 400 with every field when the body is invalid in other ways too', async () => {
    await expect(
      validate({ description: 'Hernie discale', restrictions: { maxLiftKg: 'ten' } }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      status: 400,
      extras: {
        errors: [
          {
            field: 'description',
            message: `description contains "Hernie discale", a clinical term: ${ADVICE}`,
          },
          { field: 'restrictions.maxLiftKg', message: 'maxLiftKg must be an integer number' },
        ],
      },
    });
  });

  it('passes functional text and leaves other types to the other validators', async () => {
    await expect(
      validate({
        description: 'Back to work, 2 x 30 minutes',
        restrictions: { maxLiftKg: 10, tasksAvoided: ['ladder work', 'le dossier'] },
      }),
    ).resolves.toMatchObject({ description: 'Back to work, 2 x 30 minutes' });
    await expect(validate({ description: 42 })).rejects.toMatchObject({
      code: 'validation_failed',
      extras: { errors: [{ field: 'description' }, { field: 'description' }] },
    });
  });
});
