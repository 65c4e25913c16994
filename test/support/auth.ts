import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SECOND_FACTOR_ROLES } from '../../src/common/auth/roles.js';
import { totpCode } from '../../src/modules/identity/totp.js';
import type { TestUser } from '../factories/identity.js';

/** What a test keeps of a clinical user's second factor once it is set up. */
const recoveryCodesOf = new Map<string, string[]>();
const secretsOf = new Map<string, string>();

/**
 * A code of the user's authenticator for the next 30-second step: the step of the set-up (or an
 * earlier log-in) may not be used twice, and the API accepts one step either side.
 */
export function nextTotpCode(user: TestUser): string {
  const secret = secretsOf.get(user.id);
  if (!secret) throw new Error(`no second factor set up for ${user.role}`);
  return totpCode(secret, Date.now() + 30_000);
}

/** One of the user's unused recovery codes (log in through the API first). */
export function takeRecoveryCode(user: TestUser): string {
  const code = recoveryCodesOf.get(user.id)?.pop();
  if (!code) throw new Error(`no recovery code left for ${user.role}`);
  return code;
}

/**
 * Logs a test user in through the API and returns its access token. Clinicians and managers
 * go through the real second-factor flow: set up on their first log-in, then one recovery code per
 * later log-in (a TOTP code may be used only once per 30 s step).
 */
export async function accessTokenFor(app: INestApplication, user: TestUser): Promise<string> {
  const http = () => request(app.getHttpServer());
  const login = await http()
    .post('/auth/login')
    .send({ email: user.email, password: user.password });
  if (login.status !== 200) throw new Error(`log-in of ${user.role} failed with ${login.status}`);
  const body = login.body as { accessToken?: string; challengeToken?: string };

  if (body.challengeToken) {
    const recoveryCode = recoveryCodesOf.get(user.id)?.pop();
    if (!recoveryCode) throw new Error(`no recovery code left for ${user.role}`);
    const verified = await http()
      .post('/auth/mfa/verify')
      .send({ challengeToken: body.challengeToken, recoveryCode });
    if (verified.status !== 200)
      throw new Error(`second factor of ${user.role} failed with ${verified.status}`);
    return (verified.body as { accessToken: string }).accessToken;
  }
  if (!SECOND_FACTOR_ROLES.includes(user.role)) return body.accessToken as string;

  const bearer = { Authorization: `Bearer ${body.accessToken}` };
  const { secret } = (await http().post('/auth/mfa/enrol').set(bearer)).body as { secret: string };
  const confirmed = await http()
    .post('/auth/mfa/confirm')
    .set(bearer)
    .send({ code: totpCode(secret, Date.now()) });
  if (confirmed.status !== 200)
    throw new Error(`second-factor set-up of ${user.role} failed with ${confirmed.status}`);
  const { recoveryCodes, tokens } = confirmed.body as {
    recoveryCodes: string[];
    tokens: { accessToken: string };
  };
  recoveryCodesOf.set(user.id, recoveryCodes);
  secretsOf.set(user.id, secret);
  return tokens.accessToken;
}
