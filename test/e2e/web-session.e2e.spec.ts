import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createEmployer, createUser, TEST_PASSWORD, type TestUser } from '../factories/identity.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/** The web application's side of the API: its pages at /app/, its refresh cookie, its language. */
describe('the web application and its session', () => {
  let t: TestApp;
  let hr: TestUser;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApi();
    const db = t.app.get<DataSource>(getDataSourceToken());
    hr = await createUser(db, 'hr', { organisationId: await createEmployer(db) });
  });
  afterAll(async () => {
    await t.app.close();
  });

  const cookieLogin = () =>
    http()
      .post('/auth/login')
      .set('X-Refresh-Transport', 'cookie')
      .send({ email: hr.email, password: TEST_PASSWORD });
  const refreshCookie = (response: request.Response) =>
    ([] as string[])
      .concat(response.headers['set-cookie'] ?? [])
      .find((cookie) => cookie.startsWith('rtw_refresh=') && cookie.includes('Path=/auth/refresh'))!
      .split(';')[0];

  it('serves the application at /app/ under its own policy, and leaves other paths to the API', async () => {
    expect((await http().get('/')).headers.location).toBe('/app/');
    const page = await http().get('/app/episodes/0f0e7c0a-0000-4000-8000-000000000000');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    // Its scripts go out compressed at build time, in the encoding the browser takes.
    const script = /src="\/app(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const brotli = await http()
      .get(`/app${script}`)
      .set('Accept-Encoding', 'br, gzip')
      .buffer(true)
      .parse((res, done) => {
        res.on('data', () => undefined);
        res.on('end', () => done(null, null));
      });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/^text\/javascript/);
    const plain = await http().get(`/app${script}`).set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.status).toBe(200);
    const asset = await http().get('/app/assets/not-there-1234.js');
    expect(asset.status).toBe(404);
    expect(asset.text).not.toContain('<div id="root">');
    const unknown = await http().get('/no-such-route');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('route_not_found');
  });

  it('puts the refresh token in an HttpOnly, Secure, SameSite=Strict cookie for refresh and logout only', async () => {
    const login = await cookieLogin();
    expect(login.status).toBe(200);
    expect(login.body.accessToken).toEqual(expect.any(String));
    expect(login.body.refreshToken).toBeUndefined();
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) {
      expect(cookie).toMatch(
        /^rtw_refresh=[^;]+; Path=\/auth\/(refresh|logout); HttpOnly; Secure; SameSite=Strict; Expires=/,
      );
    }
    // Without the header, the body keeps carrying it (API clients).
    const plain = await http()
      .post('/auth/login')
      .send({ email: hr.email, password: TEST_PASSWORD });
    expect(plain.body.refreshToken).toEqual(expect.any(String));
    expect(plain.headers['set-cookie']).toBeUndefined();
  });

  it('refreshes from the cookie only for the web application’s own origin, and rotates the cookie', async () => {
    const cookie = refreshCookie(await cookieLogin());
    const foreign = await http()
      .post('/auth/refresh')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .send({});
    expect(foreign.status).toBe(403);
    const missing = await http().post('/auth/refresh').set('Cookie', cookie).send({});
    expect(missing.status).toBe(403);

    const own = await http()
      .post('/auth/refresh')
      .set('Cookie', cookie)
      .set('Origin', 'http://localhost:3000')
      .send({});
    expect(own.status).toBe(200);
    expect(own.body.refreshToken).toBeUndefined();
    const rotated = refreshCookie(own);
    expect(rotated).not.toBe(cookie);

    // The spent cookie again is a reuse: the whole session ends, the cookie is removed.
    const reuse = await http()
      .post('/auth/refresh')
      .set('Cookie', cookie)
      .set('Origin', 'http://localhost:3000')
      .send({});
    expect(reuse.status).toBe(401);
    expect(
      ([] as string[])
        .concat(reuse.headers['set-cookie'] ?? [])
        .every((c) => c.includes('Max-Age=0')),
    ).toBe(true);
    const after = await http()
      .post('/auth/refresh')
      .set('Cookie', rotated)
      .set('Origin', 'http://localhost:3000')
      .send({});
    expect(after.status).toBe(401);
  });

  it('signs out through the cookie and removes it', async () => {
    const cookie = refreshCookie(await cookieLogin());
    const logout = await http()
      .post('/auth/logout')
      .set('Cookie', cookie)
      .set('Origin', 'http://localhost:3000')
      .send({});
    expect(logout.status).toBe(204);
    expect(([] as string[]).concat(logout.headers['set-cookie'] ?? [])).toHaveLength(2);
    const refresh = await http()
      .post('/auth/refresh')
      .set('Cookie', cookie)
      .set('Origin', 'http://localhost:3000')
      .send({});
    expect(refresh.status).toBe(401);
    const none = await http().post('/auth/refresh').send({});
    expect(none.status).toBe(401);
  });

  it('remembers the language per account, and refuses one it does not speak naming the field', async () => {
    const { accessToken } = (
      await http().post('/auth/login').send({ email: hr.email, password: TEST_PASSWORD })
    ).body as {
      accessToken: string;
    };
    const bearer = { Authorization: `Bearer ${accessToken}` };
    const changed = await http().patch('/me').set(bearer).send({ locale: 'fr' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ locale: 'fr', secondFactorSetupRequired: false });
    expect((await http().get('/me').set(bearer)).body.locale).toBe('fr');
    const refused = await http().patch('/me').set(bearer).send({ locale: 'de' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['locale']);
    const extra = await http().patch('/me').set(bearer).send({ locale: 'nl', role: 'admin' });
    expect(extra.status).toBe(400);
  });

  it('tells a clinician who has not set up the second factor to do so first', async () => {
    const db = t.app.get<DataSource>(getDataSourceToken());
    const physio = await createUser(db, 'physio', { organisationId: await createEmployer(db) });
    const { accessToken } = (
      await http().post('/auth/login').send({ email: physio.email, password: TEST_PASSWORD })
    ).body as { accessToken: string };
    const me = await http().get('/me').set('Authorization', `Bearer ${accessToken}`);
    expect(me.body).toMatchObject({ role: 'physio', secondFactorSetupRequired: true });
  });
});
