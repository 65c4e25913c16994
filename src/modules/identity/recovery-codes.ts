/**
 * One-time recovery codes for when the authenticator app is lost. Shown once at enrolment, stored
 * only as hashes, each usable once. Written like `abcd-efgh-jkmn`: short groups are easy to copy
 * from paper, and the alphabet leaves out characters that are read as one another.
 */
import { createHash, randomBytes } from 'node:crypto';

/** a–z and 2–9 without 0/o, 1/l/i: 31 characters, 12 per code ≈ 59 bits. */
export const RECOVERY_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_GROUPS = 3;
export const RECOVERY_CODE_GROUP_LENGTH = 4;
export const RECOVERY_CODE_DEFAULT_COUNT = 10;
export const RECOVERY_CODE_MAX_COUNT = 100;

const ALPHABET_SIZE = RECOVERY_CODE_ALPHABET.length;
// Largest multiple of the alphabet size that fits in a byte: bytes at or above it are discarded,
// so that `byte % 31` picks every character equally often (no modulo bias).
const UNBIASED_LIMIT = 256 - (256 % ALPHABET_SIZE);

/** `count` distinct codes, each `xxxx-xxxx-xxxx` from RECOVERY_CODE_ALPHABET. */
export function generateRecoveryCodes(count = RECOVERY_CODE_DEFAULT_COUNT): string[] {
  if (!Number.isInteger(count) || count < 1 || count > RECOVERY_CODE_MAX_COUNT) {
    throw new RangeError(`count must be an integer from 1 to ${RECOVERY_CODE_MAX_COUNT}`);
  }
  // A Set, because (user, hash) is the primary key: a repeat would fail the insert.
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateRecoveryCode());
  return [...codes];
}

/**
 * The form that is hashed and compared: lower case, without spaces and dashes, so that a code
 * typed as `ABCD EFGH JKMN` or `abcdefghjkmn` still matches.
 */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/**
 * SHA-256 hex of the normalised code. A fast hash is fine here, unlike for passwords: the codes
 * are random with ~59 bits of entropy, so there is no dictionary to try and guessing one from its
 * hash costs ~2^58 attempts. `userId` (recommended) is hashed in as well, so that a stolen table
 * must be attacked one account at a time rather than every hash at once with each guess.
 */
export function hashRecoveryCode(code: string, userId?: string): string {
  const hash = createHash('sha256');
  if (userId !== undefined) hash.update(`${userId}\0`);
  return hash.update(normaliseRecoveryCode(code)).digest('hex');
}

function generateRecoveryCode(): string {
  const length = RECOVERY_CODE_GROUPS * RECOVERY_CODE_GROUP_LENGTH;
  let chars = '';
  while (chars.length < length) {
    // 248/256 bytes are kept, so twice the need almost always suffices in one draw.
    for (const byte of randomBytes(length * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      chars += RECOVERY_CODE_ALPHABET[byte % ALPHABET_SIZE];
      if (chars.length === length) break;
    }
  }
  const groups: string[] = [];
  for (let i = 0; i < length; i += RECOVERY_CODE_GROUP_LENGTH) {
    groups.push(chars.slice(i, i + RECOVERY_CODE_GROUP_LENGTH));
  }
  return groups.join('-');
}
