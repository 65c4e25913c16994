import { describe, expect, it } from '@jest/globals';
import { isDecimal } from './decimal-number.js';

describe('isDecimal', () => {
  it('accepts numbers with up to the given decimals', () => {
    for (const value of [0, 38, 19.5, -2.5, 412.25, 1e21]) expect(isDecimal(value, 2)).toBe(true);
    expect(isDecimal(19.5, 1)).toBe(true);
  });

  it('refuses more decimals, numbers written with a negative exponent, and non-numbers', () => {
    for (const value of [19.55, 0.1 + 0.2, 5e-324, 1e-7, -8e-323]) {
      expect(isDecimal(value, 1)).toBe(false);
    }
    for (const value of [NaN, Infinity, -Infinity, '19.5', null, undefined, [1]]) {
      expect(isDecimal(value, 2)).toBe(false);
    }
  });
});
