import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error.js';
import { createValidationPipe } from './validation.js';

describe('the validation pipe', () => {
  const pipe = createValidationPipe();

  it('refuses text holding a NUL character, naming every field that does', async () => {
    const refused = pipe.transform(
      { name: 'A\u0000B', tasks: ['ok', 'x\u0000'], nested: { 'key\u0000': 1 } },
      { type: 'body', metatype: Object },
    );
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({
      code: 'validation_failed',
      extras: {
        errors: [
          { field: 'name', message: 'name must not contain a NUL character' },
          { field: 'tasks.1', message: 'tasks.1 must not contain a NUL character' },
          { field: 'nested', message: 'nested must not contain a NUL character' },
        ],
      },
    });
    await expect(
      pipe.transform('abc\u0000', { type: 'param', metatype: String, data: 'id' }),
    ).rejects.toMatchObject({ extras: { errors: [{ field: 'id' }] } });
  });

  it('passes text without one', async () => {
    await expect(
      pipe.transform({ name: 'Ana Šimić 😀' }, { type: 'body', metatype: Object }),
    ).resolves.toEqual({ name: 'Ana Šimić 😀' });
  });
});
