import { describe, expect, it } from '@jest/globals';
import { canonicalEmail, emailAddressProblem } from './email-address.js';

describe('e-mail addresses of accounts', () => {
  it('keeps one canonical form: trimmed, NFKC, lower case', () => {
    expect(canonicalEmail('  An.Peeters@Example.BE ')).toBe('an.peeters@example.be');
    // Full-width letters and a decomposed "é" are the same address as the plain ones.
    expect(canonicalEmail('ＡＮ@example.be')).toBe('an@example.be');
    expect(canonicalEmail('jose\u0301@example.be')).toBe('josé@example.be');
  });

  it.each([
    ['a zero-width space', 'an\u200b@example.be'],
    ['a zero-width non-joiner', 'an\u200c@example.be'],
    ['a word joiner', 'an\u2060@example.be'],
    ['a byte-order mark', 'an\ufeff@example.be'],
    ['a soft hyphen', 'an\u00ad@example.be'],
    ['a left-to-right mark', 'an@example\u200e.be'],
    ['a right-to-left override', 'an\u202e@example.be'],
    ['a first-strong isolate', 'an@\u2068example.be'],
    ['an Arabic letter mark', 'an\u061c@example.be'],
    ['a variation selector', 'an\ufe0f@example.be'],
    ['a control character', 'an\u0007@example.be'],
    ['a space', 'a n@example.be'],
  ])('refuses %s', (_what, address) => {
    expect(emailAddressProblem(canonicalEmail(address))).toBe(
      'must not contain invisible, white-space or direction-changing characters',
    );
  });

  it.each([
    ['a Cyrillic а in a Latin local part', 'p\u0430ul@example.be', 'Cyrillic and Latin'],
    ['a Cyrillic е in a Latin domain label', 'paul@\u0435xample.be', 'Cyrillic and Latin'],
    ['a Greek ο in a Latin label', 'paul@example.c\u03bfm', 'Greek and Latin'],
  ])('refuses %s', (_what, address, scripts) => {
    expect(emailAddressProblem(canonicalEmail(address))).toBe(
      `mixes scripts (${scripts}) in one part: write it in one script`,
    );
  });

  it('accepts addresses written in one script per part, accents included', () => {
    for (const address of [
      'an.peeters@example.be',
      'josé.müller@exämple.de',
      'иван@пример.рф',
      'иван@example.com',
      '山田@例え.jp',
      'o.reilly+rtw@example.co.uk',
    ]) {
      expect(emailAddressProblem(canonicalEmail(address))).toBeUndefined();
    }
  });
});
