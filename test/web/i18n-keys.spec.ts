import { describe, expect, it } from '@jest/globals';
import { FIRST_TEMPLATES } from '../../src/modules/checkpoints/templates.js';

type Tree = { [key: string]: string | Tree };

/** Every key path of a dictionary, with i18next's plural suffixes folded into their base key. */
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

function texts(tree: Tree): string[] {
  return Object.values(tree).flatMap((value) =>
    typeof value === 'string' ? [value] : texts(value),
  );
}

// Loaded by path: the web application's modules are not part of the API's type-checked program.
const load = async <T>(file: string, name: string): Promise<T> =>
  ((await import(`../../web/src/i18n/${file}`)) as Record<string, T>)[name];

describe('the web application speaks Dutch, French and English', () => {
  it('has every key in all three languages, and no empty text', async () => {
    const [nl, fr, en] = await Promise.all([
      load<Tree>('nl.ts', 'nl'),
      load<Tree>('fr.ts', 'fr'),
      load<Tree>('en.ts', 'en'),
    ]);
    expect(keys(nl).length).toBeGreaterThan(150);
    expect(keys(fr).sort()).toEqual(keys(nl).sort());
    expect(keys(en).sort()).toEqual(keys(nl).sort());
    for (const dictionary of [nl, fr, en]) {
      expect(texts(dictionary).filter((text) => text.trim() === '')).toEqual([]);
    }
  });

  it('keeps the same placeholders in every language', async () => {
    const [nl, fr, en] = await Promise.all([
      load<Tree>('nl.ts', 'nl'),
      load<Tree>('fr.ts', 'fr'),
      load<Tree>('en.ts', 'en'),
    ]);
    const placeholders = (tree: Tree) =>
      Object.fromEntries(
        keys(tree).map((path) => {
          const text = path
            .split('.')
            .reduce<string | Tree>((node, key) => (node as Tree)[key], tree) as string;
          return [path, (text.match(/\{\{\w+\}\}/g) ?? []).sort()];
        }),
      );
    expect(placeholders(fr)).toEqual(placeholders(nl));
    expect(placeholders(en)).toEqual(placeholders(nl));
  });

  it("names every checkpoint of the platform's templates in the reader's language", async () => {
    const nl = await load<{ checkpoints: { rule: Record<string, string> } }>('nl.ts', 'nl');
    const ruleKeys = FIRST_TEMPLATES.flatMap((template) => template.rules.map((rule) => rule.key));
    expect(ruleKeys.length).toBeGreaterThan(15);
    expect(Object.keys(nl.checkpoints.rule).sort()).toEqual([...ruleKeys].sort());
  });

  it('has a message for every problem code the API can answer, in every language', async () => {
    const messages = await load<Record<string, Record<string, string>>>(
      'problems.ts',
      'PROBLEM_MESSAGES',
    );
    const { default: openapi } = (await import('../../openapi.json', {
      with: { type: 'json' },
    })) as {
      default: {
        components: { schemas: { ProblemDetails: { properties: { code: { enum: string[] } } } } };
      };
    };
    const codes = openapi.components.schemas.ProblemDetails.properties.code.enum;
    for (const language of ['nl', 'fr', 'en']) {
      expect(Object.keys(messages[language]).sort()).toEqual([...codes].sort());
    }
  });
});
