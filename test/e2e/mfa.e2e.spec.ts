import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { totpCode } from '../../src/modules/identity/totp.js';
import { createUser, type TestUser } from '../factories/identity.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

describe('second factor for clinical accounts', () => {
  let t: TestApp;
  let db: DataSource;
  let physio: TestUser;
  let secret: string;
  let recoveryCodes: string[];
  const http = () => request(t.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = () =>
    http().post('/auth/login').send({ email: physio.email, password: physio.password });

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    const [{ id: practice }] = await db.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Praktijk MFA', 1) RETURNING id`,
    );
    physio = await createUser(db, 'physio', { organisationId: practice });
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('keeps a physio without a second factor out of everything but enrolment and the profile', async () => {
    const session = (await login()).body;
    expect(session.accessToken).toBeDefined();
    const blocked = await http().get('/organisations').set(bearer(session.accessToken));
    expect(blocked.status).toBe(403);
    expect(blocked.body.detail).toContain('second factor');
    expect((await http().get('/me').set(bearer(session.accessToken))).status).toBe(200);
  });

  it('enrols with a secret confirmed by a first code; earlier sessions end', async () => {
    const before = (await login()).body;
    const enrolment = await http().post('/auth/mfa/enrol').set(bearer(before.accessToken));
    expect(enrolment.status).toBe(200);
    secret = enrolment.body.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.body.otpauthUri).toContain(`secret=${secret}`);
    const [stored] = await db.query<{ totp_secret: string }[]>(
      `SELECT totp_secret FROM app_user WHERE id = $1`,
      [physio.id],
    );
    expect(stored.totp_secret).toMatch(/^v1\./);
    expect(stored.totp_secret).not.toContain(secret);

    const wrong = await http()
      .post('/auth/mfa/confirm')
      .set(bearer(before.accessToken))
      .send({ code: '000000' === totpCode(secret, Date.now()) ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('code');

    const confirmed = await http()
      .post('/auth/mfa/confirm')
      .set(bearer(before.accessToken))
      .send({ code: totpCode(secret, Date.now()) });
    expect(confirmed.status).toBe(200);
    recoveryCodes = confirmed.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(
      (await http().get('/organisations').set(bearer(confirmed.body.tokens.accessToken))).status,
    ).toBe(200);

    expect((await http().get('/me').set(bearer(before.accessToken))).status).toBe(401);
    expect(
      (await http().post('/auth/refresh').send({ refreshToken: before.refreshToken })).status,
    ).toBe(401);
    expect(
      (await http().post('/auth/mfa/enrol').set(bearer(confirmed.body.tokens.accessToken))).status,
    ).toBe(409);
  });

  it('asks for the second factor after the password, accepts a code once, and refreshes keep it', async () => {
    const challenge = (await login()).body;
    expect(challenge).toEqual({
      mfaRequired: true,
      challengeToken: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(challenge.accessToken).toBeUndefined();

    // The code of the confirmation step was used already: the next step's code is accepted once.
    const code = totpCode(secret, Date.now() + 30_000);
    const verified = await http()
      .post('/auth/mfa/verify')
      .send({ challengeToken: challenge.challengeToken, code });
    expect(verified.status).toBe(200);
    expect((await http().get('/organisations').set(bearer(verified.body.accessToken))).status).toBe(
      200,
    );
    expect(
      (
        await http()
          .post('/auth/mfa/verify')
          .send({ challengeToken: challenge.challengeToken, code })
      ).status,
    ).toBe(401);

    const replay = await http()
      .post('/auth/mfa/verify')
      .send({ challengeToken: (await login()).body.challengeToken, code });
    expect(replay.status).toBe(401);

    const refreshed = await http()
      .post('/auth/refresh')
      .send({ refreshToken: verified.body.refreshToken });
    expect(
      (await http().get('/organisations').set(bearer(refreshed.body.accessToken))).status,
    ).toBe(200);
  });

  it('accepts each recovery code once instead of a code', async () => {
    const first = await http()
      .post('/auth/mfa/verify')
      .send({
        challengeToken: (await login()).body.challengeToken,
        recoveryCode: recoveryCodes[0].toUpperCase(),
      });
    expect(first.status).toBe(200);
    const again = await http()
      .post('/auth/mfa/verify')
      .send({
        challengeToken: (await login()).body.challengeToken,
        recoveryCode: recoveryCodes[0],
      });
    expect(again.status).toBe(401);
    const both = await http()
      .post('/auth/mfa/verify')
      .send({
        challengeToken: (await login()).body.challengeToken,
        recoveryCode: recoveryCodes[1],
        code: '123456',
      });
    expect(both.status).toBe(400);
  });
});
