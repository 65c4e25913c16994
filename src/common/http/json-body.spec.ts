import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { JSON_LIMITS, jsonShapeViolation, type JsonShapeViolation } from './json-body.js';

const SMALL = { depth: 3, members: 4 };
const scan = (text: string, limits = SMALL) =>
  jsonShapeViolation(Buffer.from(text, 'utf8'), limits);

/** What a parsed value breaks, walked without recursion: the reference the byte scan must match. */
function violationsOf(value: unknown, limits = SMALL): Set<JsonShapeViolation> {
  const found = new Set<JsonShapeViolation>();
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > limits.depth) found.add('depth');
    const members = Object.values(item as object);
    if (members.length > limits.members) found.add('members');
    for (const member of members) pending.push([member, depth + 1]);
  }
  return found;
}

describe('the shape check of JSON bodies', () => {
  it('finds exactly the depth and width of the parsed value, whatever its strings hold', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('[', ']', '{', '}', ',', '"', '\\', '\\"', '\\\\', '[{,', 'é😀'),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 6 }),
        fc.dictionary(text, tie('value'), { maxKeys: 6 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const expected = violationsOf(value);
        const found = scan(JSON.stringify(value));
        if (expected.size === 0) expect(found).toBeUndefined();
        else expect(expected.has(found!)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('counts members per container and nesting per level', () => {
    expect(scan('[1,2,3,4]')).toBeUndefined();
    expect(scan('[1,2,3,4,5]')).toBe('members');
    expect(scan('{"a":[1,2,3,4],"b":[1,2,3,4],"c":1,"d":{}}')).toBeUndefined();
    expect(scan('[[[1]]]')).toBeUndefined();
    expect(scan('[[[[1]]]]')).toBe('depth');
    expect(scan('[[[1]],[[2]],[[3]]]')).toBeUndefined();
    expect(scan('["[[[[,,,,,\\"[[[["]')).toBeUndefined();
    expect(scan('["\\\\",[[[1]]]]')).toBe('depth');
  });

  it('scans 100,000 levels or 200,000 members in a few milliseconds, stopping at the limit', () => {
    const deep = Buffer.from('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
    const wide = Buffer.from(`{${Array(200_000).fill('"":0').join(',')}}`);
    const started = performance.now();
    expect(jsonShapeViolation(deep)).toBe('depth');
    expect(jsonShapeViolation(wide)).toBe('members');
    expect(performance.now() - started).toBeLessThan(50);
    expect(JSON_LIMITS).toEqual({ depth: 32, members: 1000 });
  });
});
