import { describe, expect, it } from '@jest/globals';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  otpauthUri,
  totpCode,
  totpTimeStep,
  verifyTotp,
} from './totp.js';

// RFC 6238 Appendix B: the SHA1 key is the ASCII string "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const RFC_VECTORS: [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('base32', () => {
  // RFC 4648 section 10, without the padding.
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];

  it.each(vectors)('encodes %j as %j and back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('decodes case-insensitively, ignoring spaces and padding', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(base32Decode('MZXW6YQ=').toString()).toBe('foob');
  });

  it('round-trips random bytes of every length up to 40', () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = Buffer.from(Array.from({ length }, () => Math.floor(Math.random() * 256)));
      const encoded = base32Encode(bytes);
      expect(encoded).toMatch(/^[A-Z2-7]*$/);
      expect(base32Decode(encoded).equals(bytes)).toBe(true);
    }
  });

  it.each(['MZXW1', 'MZXW0', 'MZXW8', 'MZ!W6', 'MZXW6é', 'MZXWß', 'MZXWYTſ', 'MZXWYTı'])(
    'throws on the character in %j',
    (s) => {
      expect(() => base32Decode(s)).toThrow(/Invalid base32 character/);
    },
  );

  it('throws on a length no encoder produces', () => {
    expect(() => base32Decode('MZX')).toThrow(/impossible length/);
  });
});

describe('generateTotpSecret', () => {
  it('gives 20 random bytes as 32 unpadded base32 characters', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
  });
});

describe('totpCode', () => {
  it.each(RFC_VECTORS)('matches RFC 6238 at %i s with 8 digits', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000, { digits: 8 })).toBe(code);
  });

  it.each(RFC_VECTORS)('gives the last 6 digits by default at %i s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code.slice(-6));
  });

  it('keeps the leading zero', () => {
    expect(totpCode(RFC_SECRET, 1111111109 * 1000)).toBe('081804');
  });

  it('is the same code throughout a 30-second step and reads the secret in any case', () => {
    const start = 1_700_000_010 * 1000; // a multiple of 30 s
    expect(start % 30_000).toBe(0);
    const code = totpCode(RFC_SECRET, start);
    expect(totpCode(RFC_SECRET, start + 29_999)).toBe(code);
    expect(totpCode(RFC_SECRET.toLowerCase(), start)).toBe(code);
  });

  it('refuses unsupported digits, a bad time and a short secret', () => {
    expect(() => totpCode(RFC_SECRET, 0, { digits: 5 })).toThrow(RangeError);
    expect(() => totpCode(RFC_SECRET, 0, { digits: 9 })).toThrow(RangeError);
    expect(() => totpCode(RFC_SECRET, -1)).toThrow(RangeError);
    expect(() => totpCode(RFC_SECRET, Number.NaN)).toThrow(RangeError);
    expect(() => totpCode(base32Encode(Buffer.alloc(10)), 0)).toThrow(/at least 16 bytes/);
  });
});

describe('verifyTotp', () => {
  const secret = generateTotpSecret();
  const now = 1_750_000_015_000; // mid-step
  const step = totpTimeStep(now);
  const codeAt = (offsetSteps: number): string => totpCode(secret, now + offsetSteps * 30_000);

  it('accepts the current code and returns its step counter', () => {
    expect(step).toBe(Math.floor(now / 30_000));
    expect(verifyTotp(secret, codeAt(0), now)).toBe(step);
  });

  it('accepts the previous and next step with the default window of 1', () => {
    expect(verifyTotp(secret, codeAt(-1), now)).toBe(step - 1);
    expect(verifyTotp(secret, codeAt(1), now)).toBe(step + 1);
  });

  it('rejects codes two steps away unless the window is widened', () => {
    // Skip the one-in-a-million case of a distant code equal to a nearby one.
    const near = new Set([codeAt(-1), codeAt(0), codeAt(1)]);
    for (const offset of [-2, 2]) {
      if (near.has(codeAt(offset))) continue;
      expect(verifyTotp(secret, codeAt(offset), now)).toBeUndefined();
      expect(verifyTotp(secret, codeAt(offset), now, { window: 2 })).toBe(step + offset);
    }
  });

  it('accepts only the current step with window 0', () => {
    expect(verifyTotp(secret, codeAt(0), now, { window: 0 })).toBe(step);
    if (codeAt(1) !== codeAt(0)) {
      expect(verifyTotp(secret, codeAt(1), now, { window: 0 })).toBeUndefined();
    }
  });

  it('rejects a wrong code', () => {
    const valid = new Set([codeAt(-1), codeAt(0), codeAt(1)]);
    const wrong = ['000000', '111111', '123456', '999999'].find((c) => !valid.has(c))!;
    expect(verifyTotp(secret, wrong, now)).toBeUndefined();
  });

  it.each(['', '12345', '1234567', '12345a', ' 123456', '123 456', '１２３４５６', '+12345'])(
    'rejects %j, which is not exactly 6 digits',
    (input) => {
      expect(verifyTotp(secret, input, now)).toBeUndefined();
    },
  );

  it('rejects a 6-digit prefix of the 8-digit code of the same step', () => {
    const eight = totpCode(RFC_SECRET, 59_000, { digits: 8 });
    expect(verifyTotp(RFC_SECRET, eight, 59_000)).toBeUndefined();
    expect(verifyTotp(RFC_SECRET, eight.slice(-6), 59_000)).toBe(1);
  });

  it('does not look before step 0', () => {
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, 0), 0)).toBe(0);
  });

  it('refuses a window that is negative, fractional or too wide', () => {
    for (const window of [-1, 0.5, 11]) {
      expect(() => verifyTotp(secret, codeAt(0), now, { window })).toThrow(RangeError);
    }
  });
});

describe('otpauthUri', () => {
  it('builds the key URI with the label and parameters percent-encoded', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const uri = otpauthUri({
      secret,
      accountName: 'anna.de vries@fysio.example',
      issuer: 'Return to Work',
    });
    expect(uri).toBe(
      'otpauth://totp/Return%20to%20Work:anna.de%20vries%40fysio.example' +
        `?secret=${secret}&issuer=Return%20to%20Work&algorithm=SHA1&digits=6&period=30`,
    );

    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.host).toBe('totp');
    expect(decodeURIComponent(parsed.pathname)).toBe('/Return to Work:anna.de vries@fysio.example');
    expect(parsed.searchParams.get('issuer')).toBe('Return to Work');
    expect(parsed.searchParams.get('secret')).toBe(secret);
  });

  it('escapes reserved characters in the issuer and normalises the secret', () => {
    const uri = otpauthUri({
      secret: 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq',
      accountName: 'arts+bedrijf@example.nl',
      issuer: 'R&W #1?',
    });
    expect(uri).toContain('/R%26W%20%231%3F:arts%2Bbedrijf%40example.nl?');
    expect(uri).toContain('secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=R%26W%20%231%3F&');
    expect(new URL(uri).searchParams.get('issuer')).toBe('R&W #1?');
  });

  it('refuses a colon in the issuer or account name, and empty values', () => {
    const secret = generateTotpSecret();
    expect(() => otpauthUri({ secret, accountName: 'a:b', issuer: 'X' })).toThrow(/":"/);
    expect(() => otpauthUri({ secret, accountName: 'a', issuer: 'X:Y' })).toThrow(/":"/);
    expect(() => otpauthUri({ secret, accountName: '', issuer: 'X' })).toThrow(/required/);
    expect(() => otpauthUri({ secret: 'not base32!', accountName: 'a', issuer: 'X' })).toThrow();
  });
});
