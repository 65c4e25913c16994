import { hash, verify, type Options } from '@node-rs/argon2';

/** argon2id with the OWASP baseline: 19 MiB of memory, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS: Options = {
  algorithm: 2, // Algorithm.Argon2id (an ambient const enum, not importable with isolatedModules)
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
};

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

// Verified against when the account does not exist, so that an unknown e-mail costs as much time as
// a wrong password and the two cannot be told apart.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$IGwOTX/DX1Svw5EhldHZng$vDVHcSdmZmnddFWOddT2a56CNWKGm5k77IyfdpZ4Jbs';

export async function verifyPassword(
  passwordHash: string | null,
  password: string,
): Promise<boolean> {
  try {
    return await verify(passwordHash ?? DUMMY_HASH, password).then(
      (ok) => ok && passwordHash !== null,
    );
  } catch {
    return false;
  }
}
