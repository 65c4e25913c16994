import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { freePort } from '../../src/dev/local-services.js';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../src/common/errors/domain-error.js';
import {
  LoginThrottleService,
  MAX_ATTEMPTS_PER_ACCOUNT,
} from '../../src/modules/identity/login-throttle.service.js';
import { ARGON2_OPTIONS } from '../../src/modules/identity/password-hasher.js';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

describe('authentication', () => {
  let t: TestApp;
  let db: DataSource;
  let employerId: string;
  const http = () => request(t.app.getHttpServer());
  const login = (user: Pick<TestUser, 'email' | 'password'>, address = '10.0.0.1') =>
    http()
      .post('/auth/login')
      .set('X-Forwarded-For', address)
      .send({ email: user.email, password: user.password });

  beforeAll(async () => {
    t = await startTestApi({ TRUST_PROXY: 'loopback' });
    db = t.app.get<DataSource>(getDataSourceToken());
    employerId = await createEmployer(db);
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('logs in with e-mail and password and returns a short-lived access token and a refresh token', async () => {
    const user = await createUser(db, 'hr', { organisationId: employerId });
    const response = await login({ email: user.email.toUpperCase(), password: user.password });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(response.body.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);

    const [, payload] = (response.body.accessToken as string).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      sub: user.id,
      typ: 'access',
      iss: t.config.jwt.issuer,
      aud: t.config.jwt.audience,
    });
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(900);

    const me = await http().get('/me').set('Authorization', `Bearer ${response.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: user.id,
      email: user.email,
      displayName: 'Test hr',
      role: 'hr',
      locale: 'en',
      organisationIds: [employerId],
      secondFactorSetupRequired: false,
    });
  });

  it('answers an unknown e-mail, a wrong password and a disabled account identically', async () => {
    const user = await createUser(db, 'hr', { organisationId: employerId });
    const disabled = await createUser(db, 'hr', { organisationId: employerId, status: 'disabled' });
    const answers = await Promise.all([
      login({ email: 'nobody-here@test.rtw', password: 'whatever-password-1' }, '10.0.1.1'),
      login({ email: user.email, password: 'wrong-password-123' }, '10.0.1.2'),
      login(disabled, '10.0.1.3'),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      const { correlationId, ...rest } = answer.body as Record<string, unknown>;
      expect(correlationId).toBe(answer.headers['x-request-id']);
      expect(rest).toEqual({
        type: 'urn:rtw:problem:unauthenticated',
        title: 'Unauthorized',
        status: 401,
        detail: 'The e-mail address or password is incorrect.',
        instance: '/auth/login',
        code: 'unauthenticated',
      });
    }
  });

  it('hashes passwords with argon2id, 19 MiB and 2 iterations', async () => {
    const user = await createUser(db, 'physio');
    const [row] = await db.query<{ password_hash: string }[]>(
      `SELECT password_hash FROM app_user WHERE id = $1`,
      [user.id],
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(ARGON2_OPTIONS.memoryCost).toBeGreaterThanOrEqual(19 * 1024);
    expect(ARGON2_OPTIONS.timeCost).toBeGreaterThanOrEqual(2);
  });

  it('rotates the refresh token; reusing a rotated one revokes the whole chain', async () => {
    const user = await createUser(db, 'employee', { organisationId: employerId });
    const first = (await login(user, '10.0.2.1')).body.refreshToken as string;

    const second = await http().post('/auth/refresh').send({ refreshToken: first });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first);
    const third = await http()
      .post('/auth/refresh')
      .send({ refreshToken: second.body.refreshToken });
    expect(third.status).toBe(200);

    const reuse = await http().post('/auth/refresh').send({ refreshToken: first });
    expect(reuse.status).toBe(401);
    // The newest token of the chain is dead too.
    const afterReuse = await http()
      .post('/auth/refresh')
      .send({ refreshToken: third.body.refreshToken });
    expect(afterReuse.status).toBe(401);
    const [{ live }] = await db.query<{ live: string }[]>(
      `SELECT count(*) FILTER (WHERE revoked_at IS NULL) AS live FROM refresh_token WHERE user_id = $1`,
      [user.id],
    );
    expect(Number(live)).toBe(0);
  });

  it('lets exactly one of 50 concurrent refreshes of one token succeed', async () => {
    const user = await createUser(db, 'employee', { organisationId: employerId });
    const token = (await login(user, '10.0.3.1')).body.refreshToken as string;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => http().post('/auth/refresh').send({ refreshToken: token })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(49);
  });

  it('logs out: the session’s refresh token stops working', async () => {
    const user = await createUser(db, 'employee', { organisationId: employerId });
    const token = (await login(user, '10.0.4.1')).body.refreshToken as string;
    expect((await http().post('/auth/logout').send({ refreshToken: token })).status).toBe(204);
    expect((await http().post('/auth/refresh').send({ refreshToken: token })).status).toBe(401);
  });

  it('changes a password under the policy and ends the other sessions', async () => {
    const user = await createUser(db, 'hr', { organisationId: employerId });
    const session = (await login(user, '10.0.5.1')).body as {
      accessToken: string;
      refreshToken: string;
    };
    const change = (body: object) =>
      http()
        .post('/auth/password')
        .set('Authorization', `Bearer ${session.accessToken}`)
        .send(body);

    const short = await change({ currentPassword: user.password, newPassword: 'short-pw' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([
      { field: 'newPassword', message: 'newPassword must be at least 12 characters long' },
    ]);
    const common = await change({ currentPassword: user.password, newPassword: 'Password1234' });
    expect(common.body.errors[0]).toMatchObject({ field: 'newPassword' });
    const wrong = await change({
      currentPassword: 'not-my-password',
      newPassword: 'a-brand-new-passphrase',
    });
    expect(wrong.body.errors).toEqual([
      { field: 'currentPassword', message: 'currentPassword is incorrect' },
    ]);
    const extra = await change({
      currentPassword: user.password,
      newPassword: 'a-brand-new-passphrase',
      role: 'admin',
    });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([
      { field: 'role', message: 'property role should not exist' },
    ]);

    await new Promise((resolve) => setTimeout(resolve, 1100)); // a new second: token iat < change time
    expect(
      (await change({ currentPassword: user.password, newPassword: 'a-brand-new-passphrase' }))
        .status,
    ).toBe(204);
    expect(
      (await http().post('/auth/refresh').send({ refreshToken: session.refreshToken })).status,
    ).toBe(401);
    expect(
      (await http().get('/me').set('Authorization', `Bearer ${session.accessToken}`)).status,
    ).toBe(401);
    expect(
      (await login({ email: user.email, password: 'a-brand-new-passphrase' }, '10.0.5.2')).status,
    ).toBe(200);
  });

  it('checks the current password of a change under the log-in limits, so a stolen session cannot guess it', async () => {
    const victim = await createUser(db, 'hr', { organisationId: employerId });
    const bystander = await createUser(db, 'hr', { organisationId: employerId });
    const tokenOf = async (user: TestUser, address: string) =>
      ((await login(user, address)).body as { accessToken: string }).accessToken;
    const change = (token: string, currentPassword: string, address: string) =>
      http()
        .post('/auth/password')
        .set('Authorization', `Bearer ${token}`)
        .set('X-Forwarded-For', address)
        .send({ currentPassword, newPassword: 'another-long-passphrase-7' });
    const stolen = await tokenOf(victim, '10.0.7.1');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await change(stolen, `guess-number-${i}`, `10.0.8.${i}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    const refused = await change(stolen, victim.password, '10.0.8.99');
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The password was not changed, and another account changes its own at once.
    expect((await login(victim, '10.0.7.2')).status).toBe(200);
    const own = await change(await tokenOf(bystander, '10.0.7.3'), bystander.password, '10.0.7.4');
    expect(own.status).toBe(204);
  });

  it('gives back an attempt whose password could not be checked, never below zero', async () => {
    const throttle = t.app.get(LoginThrottleService);
    const account = `give-back.${randomUUID()}@test.rtw`;
    const outcome = () =>
      throttle.registerAttempt(account, { address: '10.0.9.1' }).then(
        () => 'counted',
        (error: DomainError) => error.code,
      );
    // Given back before any attempt: nothing to take, and the limit is not raised by it.
    await throttle.giveBack(account);
    const unavailable = new DomainError('service_unavailable', 'The database is away.');
    for (let i = 0; i < MAX_ATTEMPTS_PER_ACCOUNT; i++) {
      expect(await outcome()).toBe('counted');
      // Half of them could not reach the password: those do not count.
      if (i % 2 === 0)
        await expect(throttle.beforeCheck(account, () => Promise.reject(unavailable))).rejects.toBe(
          unavailable,
        );
    }
    const given = MAX_ATTEMPTS_PER_ACCOUNT / 2;
    for (let i = 0; i < given; i++) expect(await outcome()).toBe('counted');
    expect(await outcome()).toBe('rate_limited');
    // A look-up that works counts as usual.
    const other = `checked.${randomUUID()}@test.rtw`;
    await throttle.registerAttempt(other, { address: '10.0.9.2' });
    expect(await throttle.beforeCheck(other, () => Promise.resolve('row'))).toBe('row');
    for (let i = 1; i < MAX_ATTEMPTS_PER_ACCOUNT; i++)
      await throttle.registerAttempt(other, { address: '10.0.9.2' });
    await expect(throttle.registerAttempt(other, { address: '10.0.9.2' })).rejects.toMatchObject({
      code: 'rate_limited',
    });
  });

  it('stops evaluating guesses on one account after 10 an hour, from any address, with Retry-After', async () => {
    const victim = await createUser(db, 'occupational_doctor');
    const bystander = await createUser(db, 'occupational_doctor');
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 200; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          login({ email: victim.email, password: `guess-number-${i + j}` }, `10.9.${i}.${j}`),
        ),
      );
      statuses.push(...batch.map((response) => response.status));
      retryAfter ??= batch.find((response) => response.status === 429)?.headers['retry-after'];
    }
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(190);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(3600);
    // Even the right password waits now; another account is unaffected.
    expect((await login(victim, '10.8.0.1')).status).toBe(429);
    expect((await login(bystander, '10.8.0.2')).status).toBe(200);
  });
});

describe('authentication without Redis', () => {
  it('fails closed: no log-in is evaluated while the throttle cannot count', async () => {
    const t = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const db = t.app.get<DataSource>(getDataSourceToken());
      const user = await createUser(db, 'hr');
      const response = await request(t.app.getHttpServer())
        .post('/auth/login')
        .send({ email: user.email, password: user.password });
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ code: 'service_unavailable' });
    } finally {
      await t.app.close();
    }
  });
});
