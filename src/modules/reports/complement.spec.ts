import { complement } from './complaint-trends.service.js';

const cells = (entries: Record<string, number>) =>
  Object.entries(entries).map(([key, people]) => ({ key, people }));

describe('complementary suppression of a group of cells', () => {
  it('withholds nothing when every cell has k people or none', () => {
    expect(complement(cells({ a: 10, b: 0, c: 25 }), 10)).toEqual(new Set());
  });

  it('withholds a second cell, the smallest, next to a single small one', () => {
    expect(complement(cells({ a: 3, b: 40, c: 12, d: 30 }), 10)).toEqual(new Set(['a', 'c']));
  });

  it('keeps adding until the withheld cells stand for k people together', () => {
    expect(complement(cells({ a: 2, b: 3, c: 4, d: 50 }), 10)).toEqual(
      new Set(['a', 'b', 'c', 'd']),
    );
    expect(complement(cells({ a: 2, b: 3, c: 6, d: 50 }), 10)).toEqual(new Set(['a', 'b', 'c']));
  });

  it('starts from cells withheld for another reason, and never withholds an empty cell', () => {
    expect(complement(cells({ a: 20, b: 30, c: 0, d: 40 }), 10, new Set(['d']))).toEqual(
      new Set(['d', 'a']),
    );
  });

  it('on a series of its own, withholds only the small cells', () => {
    expect(complement(cells({ a: 3, b: 40 }), 10, new Set(), false)).toEqual(new Set(['a']));
  });
});
