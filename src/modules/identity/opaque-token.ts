import { createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * Opaque tokens are `<uuid>.<secret>`: the id finds the row, and only a SHA-256 of the 256-bit
 * secret is stored (a fast hash is enough for a random secret of that size).
 */
export interface OpaqueToken {
  id: string;
  secret: string;
  secretHash: Buffer;
  value: string;
}

export function newOpaqueToken(): OpaqueToken {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, secretHash: hashSecret(secret), value: `${id}.${secret}` };
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

const FORMAT =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/** The id and the hash to look it up by, or undefined for anything that is not such a token. */
export function parseOpaqueToken(value: string): { id: string; secretHash: Buffer } | undefined {
  const match = FORMAT.exec(value);
  return match ? { id: match[1], secretHash: hashSecret(match[2]) } : undefined;
}
