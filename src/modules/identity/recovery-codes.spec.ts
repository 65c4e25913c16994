import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  RECOVERY_CODE_ALPHABET,
  generateRecoveryCodes,
  hashRecoveryCode,
  normaliseRecoveryCode,
} from './recovery-codes.js';

const FORMAT =
  /^[abcdefghjkmnpqrstuvwxyz2-9]{4}-[abcdefghjkmnpqrstuvwxyz2-9]{4}-[abcdefghjkmnpqrstuvwxyz2-9]{4}$/;

describe('generateRecoveryCodes', () => {
  it('gives 10 codes by default, or the number asked for', () => {
    expect(generateRecoveryCodes()).toHaveLength(10);
    expect(generateRecoveryCodes(1)).toHaveLength(1);
    expect(generateRecoveryCodes(16)).toHaveLength(16);
  });

  it('refuses a count that is not a positive integer up to 100', () => {
    for (const count of [0, -1, 2.5, 101, Number.NaN]) {
      expect(() => generateRecoveryCodes(count)).toThrow(RangeError);
    }
  });

  it('writes every code as three groups of four from the alphabet', () => {
    for (const code of generateRecoveryCodes(100)) expect(code).toMatch(FORMAT);
  });

  it('gives 1000 distinct codes', () => {
    const codes = Array.from({ length: 10 }, () => generateRecoveryCodes(100)).flat();
    expect(codes).toHaveLength(1000);
    expect(new Set(codes).size).toBe(1000);
  });

  it('uses every character of the alphabet, roughly evenly', () => {
    const counts = new Map<string, number>();
    const codes = Array.from({ length: 10 }, () => generateRecoveryCodes(100)).flat();
    for (const char of codes.join('').replace(/-/g, '')) {
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    // 12 000 characters over 31 symbols: ~387 each; a bias or a missing symbol falls far outside.
    expect([...counts.keys()].sort().join('')).toBe([...RECOVERY_CODE_ALPHABET].sort().join(''));
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(250);
      expect(n).toBeLessThan(530);
    }
  });
});

describe('RECOVERY_CODE_ALPHABET', () => {
  it('has no ambiguous or repeated characters', () => {
    for (const char of ['0', 'o', '1', 'l', 'i'])
      expect(RECOVERY_CODE_ALPHABET).not.toContain(char);
    expect(RECOVERY_CODE_ALPHABET).toMatch(/^[a-z2-9]+$/);
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(RECOVERY_CODE_ALPHABET.length);
    expect(RECOVERY_CODE_ALPHABET).toHaveLength(31);
  });
});

describe('normaliseRecoveryCode', () => {
  it('lower-cases and strips spaces and dashes', () => {
    expect(normaliseRecoveryCode(' ABCD-efgh  JKMN ')).toBe('abcdefghjkmn');
    expect(normaliseRecoveryCode('abcd-efgh-jkmn')).toBe('abcdefghjkmn');
  });
});

describe('hashRecoveryCode', () => {
  it('is SHA-256 hex of the normalised code', () => {
    expect(hashRecoveryCode('abcd-efgh-jkmn')).toBe(
      createHash('sha256').update('abcdefghjkmn').digest('hex'),
    );
    expect(hashRecoveryCode('abcd-efgh-jkmn')).toBe(
      'ff25e0a8f930ea31f7d2fdefc87340e34d7f6849d0781d0cd87701a5301722c0',
    );
  });

  it('does not depend on case, spaces or dashes', () => {
    const hash = hashRecoveryCode('ABCD-EFGH-JKMN');
    expect(hashRecoveryCode('abcdefghjkmn')).toBe(hash);
    expect(hashRecoveryCode('abcd efgh jkmn')).toBe(hash);
    expect(hashRecoveryCode(' abcd-EFGH-jkmn\n')).toBe(hash);
  });

  it('differs between codes', () => {
    const codes = generateRecoveryCodes(100);
    expect(new Set(codes.map((code) => hashRecoveryCode(code))).size).toBe(100);
    expect(hashRecoveryCode('abcd-efgh-jkmn')).not.toBe(hashRecoveryCode('abcd-efgh-jkmp'));
  });

  it('differs between users for the same code when the user id is given', () => {
    const code = 'abcd-efgh-jkmn';
    const forA = hashRecoveryCode(code, '5f1c1f2e-0000-4000-8000-000000000001');
    expect(forA).not.toBe(hashRecoveryCode(code, '5f1c1f2e-0000-4000-8000-000000000002'));
    expect(forA).not.toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode('ABCDEFGHJKMN', '5f1c1f2e-0000-4000-8000-000000000001')).toBe(forA);
  });
});
