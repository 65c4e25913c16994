/**
 * TOTP second factor (RFC 6238 over RFC 4226 HOTP) for physiotherapists' and occupational doctors'
 * accounts. Fixed to what every authenticator app supports: HMAC-SHA1, 30-second steps, 6 digits.
 * Only node:crypto is used, so there is no third-party code in the log-in path.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 4226 recommends 160 bits, the length of an HMAC-SHA1 block key without padding. */
export const TOTP_SECRET_BYTES = 20;
/** RFC 4226 R6: a shared secret shorter than 128 bits is refused rather than silently used. */
export const TOTP_MIN_SECRET_BYTES = 16;
/** Verification window in steps either side; wider windows only add guessable codes. */
export const TOTP_DEFAULT_WINDOW = 1;
export const TOTP_MAX_WINDOW = 10;

const PERIOD_MS = TOTP_PERIOD_SECONDS * 1000;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SIX_DIGITS = /^[0-9]{6}$/;

export interface TotpCodeOptions {
  /** 6 (the default, what apps show) to 8; 8 exists for the RFC 6238 test vectors. */
  digits?: number;
}

export interface TotpVerifyOptions {
  /** Steps accepted either side of the current one, for clock drift; default 1, at most 10. */
  window?: number;
}

export interface OtpauthUriInput {
  /** Base32 secret; written out normalised (upper case, no spaces or padding). */
  secret: string;
  /** Shown in the app under the issuer, usually the e-mail address. */
  accountName: string;
  /** Shown in the app as the service name; also the label prefix, so apps group by it. */
  issuer: string;
}

/** A fresh 160-bit secret in base32, the form authenticator apps accept when typed in. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(TOTP_SECRET_BYTES));
}

/** RFC 4648 base32 without padding: authenticator apps and otpauth URIs expect it unpadded. */
export function base32Encode(buf: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1; // keep only the unread bits so `value` never overflows
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * RFC 4648 base32 to bytes. Lenient where people are (case, spaces, `=` padding, as secrets get
 * copied from apps and printouts) and strict where a mistake would give a different key: any other
 * character, or a length no encoder produces (a truncated secret), throws.
 */
export function base32Decode(str: string): Buffer {
  const stripped = str.replace(/[\s=]/g, '');
  // Checked before upper-casing, which would turn e.g. "ß" into a valid "SS" and "ı" into "I".
  const invalid = /[^A-Za-z2-7]/.exec(stripped);
  if (invalid) throw new Error(`Invalid base32 character ${JSON.stringify(invalid[0])}`);
  const clean = stripped.toUpperCase();
  if ([1, 3, 6].includes(clean.length % 8)) {
    throw new Error('Invalid base32: impossible length (truncated?)');
  }
  const out = Buffer.alloc(Math.floor((clean.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of clean) {
    value = (value << 5) | BASE32_ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out[index++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** The RFC 6238 time-step counter for a moment: whole 30-second periods since the Unix epoch. */
export function totpTimeStep(atMs: number): number {
  if (!Number.isFinite(atMs) || atMs < 0) throw new RangeError('atMs must be a time >= 0');
  return Math.floor(atMs / PERIOD_MS);
}

/** The code an authenticator app shows at `atMs` for this secret. */
export function totpCode(
  secretBase32: string,
  atMs: number,
  options: TotpCodeOptions = {},
): string {
  const digits = options.digits ?? TOTP_DIGITS;
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new RangeError('digits must be 6, 7 or 8');
  }
  return hotp(decodeSecret(secretBase32), totpTimeStep(atMs), digits);
}

/**
 * Checks a 6-digit code against the current step and `window` steps either side. Returns the
 * matched step counter, so the caller can store it and refuse that step (and earlier ones) next
 * time: a code seen over a shoulder or in a log must not work twice. `undefined` when no match.
 */
export function verifyTotp(
  secretBase32: string,
  code: string,
  atMs: number,
  options: TotpVerifyOptions = {},
): number | undefined {
  const window = options.window ?? TOTP_DEFAULT_WINDOW;
  if (!Number.isInteger(window) || window < 0 || window > TOTP_MAX_WINDOW) {
    throw new RangeError(`window must be an integer from 0 to ${TOTP_MAX_WINDOW}`);
  }
  const key = decodeSecret(secretBase32);
  const current = totpTimeStep(atMs);
  if (typeof code !== 'string' || !SIX_DIGITS.test(code)) return undefined;
  const given = Buffer.from(code, 'ascii');

  // Current step first, then outwards, so a (one-in-a-million) collision between steps resolves to
  // the nearest one. Every step is computed and compared, match or not, so the time taken does not
  // tell which step matched.
  const steps = [current];
  for (let offset = 1; offset <= window; offset++) steps.push(current - offset, current + offset);
  let matched: number | undefined;
  for (const step of steps) {
    if (step < 0) continue;
    const expected = Buffer.from(hotp(key, step, TOTP_DIGITS), 'ascii');
    // Both are exactly 6 ASCII bytes here, as timingSafeEqual requires equal lengths.
    if (timingSafeEqual(expected, given) && matched === undefined) matched = step;
  }
  return matched;
}

/**
 * The `otpauth://` URI for the enrolment QR code (Google Authenticator "Key Uri Format"). Values
 * are percent-encoded with encodeURIComponent, not URLSearchParams: apps read `+` literally, so a
 * space must be `%20`. A colon in the issuer or account is refused, as it would split the label.
 */
export function otpauthUri({ secret, accountName, issuer }: OtpauthUriInput): string {
  if (!accountName || !issuer) throw new Error('accountName and issuer are required');
  if (accountName.includes(':') || issuer.includes(':')) {
    throw new Error('accountName and issuer must not contain ":"');
  }
  const normalisedSecret = base32Encode(decodeSecret(secret));
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  const query = [
    `secret=${normalisedSecret}`,
    `issuer=${encodeURIComponent(issuer)}`,
    'algorithm=SHA1',
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_PERIOD_SECONDS}`,
  ].join('&');
  return `otpauth://totp/${label}?${query}`;
}

function decodeSecret(secretBase32: string): Buffer {
  const key = base32Decode(secretBase32);
  if (key.length < TOTP_MIN_SECRET_BYTES) {
    throw new RangeError(`TOTP secret must be at least ${TOTP_MIN_SECRET_BYTES} bytes`);
  }
  return key;
}

/** RFC 4226 HOTP: HMAC-SHA1 over the 8-byte big-endian counter, then dynamic truncation. */
function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary =
    ((mac[offset] & 0x7f) << 24) |
    (mac[offset + 1] << 16) |
    (mac[offset + 2] << 8) |
    mac[offset + 3];
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}
