import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { Permission, roleHasPermission } from '../../src/common/auth/permissions.js';
import { ROLES } from '../../src/common/auth/roles.js';
import type { AppConfig } from '../../src/config/config.js';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { type AppRoute, listRoutes } from '../support/routes.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const describeRoute = (route: AppRoute) => `${route.method} ${route.path}`;

/** One line of the committed snapshot: who may call the route. */
function accessLine(route: AppRoute): string {
  if (route.isPublic) return `${describeRoute(route)} -> public`;
  if (!route.permission) return `${describeRoute(route)} -> NO PERMISSION (refused to everyone)`;
  const roles = ROLES.filter((role) => roleHasPermission(role, route.permission as Permission));
  return `${describeRoute(route)} -> ${route.permission} [roles: ${roles.join(', ')}]`;
}

const KNOWN_ROUTES = [
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'POST /auth/login',
  'POST /auth/refresh',
  'POST /auth/logout',
  'POST /auth/password',
  'GET /me',
];

// --- Tokens built by hand, to present the API with exactly the defect under test. ---

type Claims = Record<string, unknown>;
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signToken(claims: Claims, secret: string, algorithm: 'HS256' | 'HS512' = 'HS256'): string {
  const input = `${base64url({ alg: algorithm, typ: 'JWT' })}.${base64url(claims)}`;
  const hash = algorithm === 'HS256' ? 'sha256' : 'sha512';
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

const decodeClaims = (token: string): Claims =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Claims;

interface Session {
  accessToken: string;
  refreshToken: string;
  /** The claims of the access token the API issued, with a fresh `iat` and `exp`. */
  claims: Claims;
  config: AppConfig;
}

const TAMPERED_TOKENS: { defect: string; token: (session: Session) => string | undefined }[] = [
  { defect: 'no token', token: () => undefined },
  {
    defect: 'a bad signature (re-signed with another secret)',
    token: ({ claims }) => signToken(claims, 'not-the-access-secret-of-this-deployment-0000'),
  },
  {
    defect: 'a signature made with the refresh secret',
    token: ({ claims, config }) => signToken(claims, config.jwt.refreshSecret),
  },
  {
    defect: 'the payload changed after signing',
    token: ({ accessToken }) => {
      const [header, payload, signature] = accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
      return `${header}.${base64url({ ...claims, sub: randomUUID() })}.${signature}`;
    },
  },
  {
    defect: 'alg none and an empty signature',
    token: ({ claims }) => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`,
  },
  {
    defect: 'an expiry in the past',
    token: ({ claims, config }) => {
      const now = Math.floor(Date.now() / 1000);
      return signToken({ ...claims, iat: now - 3600, exp: now - 60 }, config.jwt.accessSecret);
    },
  },
  {
    defect: 'a wrong issuer',
    token: ({ claims, config }) =>
      signToken({ ...claims, iss: 'https://issuer.example.com' }, config.jwt.accessSecret),
  },
  {
    defect: 'a wrong audience',
    token: ({ claims, config }) =>
      signToken({ ...claims, aud: 'some-other-api' }, config.jwt.accessSecret),
  },
  {
    defect: 'HS512 instead of the pinned HS256',
    token: ({ claims, config }) => signToken(claims, config.jwt.accessSecret, 'HS512'),
  },
  {
    defect: "typ 'refresh'",
    token: ({ claims, config }) =>
      signToken({ ...claims, typ: 'refresh' }, config.jwt.accessSecret),
  },
  {
    defect: 'the refresh token itself as bearer',
    token: ({ refreshToken }) => refreshToken,
  },
  {
    defect: 'a user that does not exist',
    token: ({ claims, config }) =>
      signToken({ ...claims, sub: randomUUID() }, config.jwt.accessSecret),
  },
];

describe('access control', () => {
  let t: TestApp;
  let db: DataSource;
  let employerId: string;
  let routes: AppRoute[];
  const http = () => request(t.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** Calls a route with every path parameter filled with a fresh id and, for writes, an empty body. */
  const call = (route: AppRoute, token: string | undefined) => {
    const path = route.path.replace(/:[A-Za-z0-9_]+/g, () => randomUUID());
    const methods = {
      GET: () => http().get(path),
      POST: () => http().post(path).send({}),
      PUT: () => http().put(path).send({}),
      PATCH: () => http().patch(path).send({}),
      DELETE: () => http().delete(path),
    } as const;
    const send = methods[route.method as keyof typeof methods];
    if (!send) throw new Error(`no way to call ${describeRoute(route)} in this test yet`);
    const pending = send();
    return token === undefined ? pending : pending.set(bearer(token));
  };

  const loginAs = async (user: TestUser) => {
    const response = await http()
      .post('/auth/login')
      .send({ email: user.email, password: user.password });
    expect(response.status).toBe(200);
    return response.body as { accessToken: string; refreshToken: string };
  };

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    employerId = await createEmployer(db);
    routes = listRoutes(t.app);
  });
  afterAll(async () => {
    await t.app.close();
  });

  describe('route declarations', () => {
    it('finds at least the known routes, so the checks below cannot pass on an empty list', () => {
      expect(routes.map(describeRoute)).toEqual(expect.arrayContaining(KNOWN_ROUTES));
      expect(routes.filter((route) => !route.isPublic).length).toBeGreaterThanOrEqual(2);
    });

    it('has every route either @Public() or declaring a known permission', () => {
      const known = new Set<string>(Object.values(Permission));
      const undeclared = routes
        .filter((route) => !route.isPublic && !(route.permission && known.has(route.permission)))
        .map((route) => `${describeRoute(route)} declares ${route.permission ?? 'nothing'}`);
      expect(undeclared).toEqual([]);
    });

    it('serves no HTTP route outside Nest, where the guard does not reach, except the API docs', () => {
      const express = t.app.getHttpAdapter().getInstance() as {
        router: { stack: { route?: { path: unknown; methods: Record<string, boolean> } }[] };
      };
      const served = express.router.stack.flatMap(({ route }) =>
        route
          ? Object.keys(route.methods).map(
              (method) => `${method.toUpperCase()} ${String(route.path)}`,
            )
          : [],
      );
      expect(served).toEqual(expect.arrayContaining(routes.map(describeRoute)));
      const discovered = new Set(routes.map(describeRoute));
      const outside = served.filter(
        (route) => !discovered.has(route) && !/^GET \/docs(\/|$)/.test(route),
      );
      expect(outside).toEqual([]);
    });

    it('matches the committed route -> permission snapshot', () => {
      expect(routes.map(accessLine).sort()).toMatchSnapshot();
    });
  });

  describe('JWT tampering on every protected route', () => {
    let user: TestUser;
    let session: Session;
    let protectedRoutes: AppRoute[];

    beforeAll(async () => {
      user = await createUser(db, 'employee', { organisationId: employerId });
      const { accessToken, refreshToken } = await loginAs(user);
      const now = Math.floor(Date.now() / 1000);
      const claims = { ...decodeClaims(accessToken), iat: now, exp: now + 600 };
      session = { accessToken, refreshToken, claims, config: t.config };
      protectedRoutes = routes.filter((route) => !route.isPublic);
    });

    it('accepts the issued token: no protected route answers it with 401', async () => {
      const me = await http().get('/me').set(bearer(session.accessToken));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: user.id, role: 'employee' });

      const answers = await Promise.all(
        protectedRoutes.map(async (route) => ({
          route,
          status: (await call(route, session.accessToken)).status,
        })),
      );
      expect(
        answers
          .filter(({ status }) => status === 401)
          .map(({ route }) => `${describeRoute(route)} -> 401`),
      ).toEqual([]);
    });

    it('accepts a token forged here with the right secret and claims, so the defects below are what is refused', async () => {
      const forged = signToken(session.claims, t.config.jwt.accessSecret);
      const me = await http().get('/me').set(bearer(forged));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: user.id });
    });

    it.each(TAMPERED_TOKENS)(
      'answers a token with $defect with 401 problem+json on every protected route',
      async ({ token }) => {
        const presented = token(session);
        const answers = await Promise.all(
          protectedRoutes.map(async (route) => ({ route, response: await call(route, presented) })),
        );
        const wrong = answers
          .filter(
            ({ response }) =>
              response.status !== 401 ||
              !/^application\/problem\+json/.test(String(response.headers['content-type'])) ||
              (response.body as { code?: unknown }).code !== 'unauthenticated' ||
              (response.body as { correlationId?: unknown }).correlationId !==
                response.headers['x-request-id'],
          )
          .map(
            ({ route, response }) =>
              `${describeRoute(route)} -> ${response.status} ${String(response.headers['content-type'])} ${String((response.body as { code?: unknown }).code)}`,
          );
        expect(wrong).toEqual([]);
        expect(answers.length).toBe(protectedRoutes.length);
      },
    );
  });

  describe('changes to the account apply on the next request', () => {
    it('refuses a working token once its user is disabled', async () => {
      const user = await createUser(db, 'employee', { organisationId: employerId });
      const { accessToken } = await loginAs(user);
      expect((await http().get('/me').set(bearer(accessToken))).status).toBe(200);
      expect((await http().get('/organisations').set(bearer(accessToken))).status).toBe(200);

      await db.query(`UPDATE app_user SET status = 'disabled' WHERE id = $1`, [user.id]);

      for (const path of ['/me', '/organisations']) {
        const response = await http().get(path).set(bearer(accessToken));
        expect(response.status).toBe(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ status: 401, code: 'unauthenticated' });
      }
    });

    it('applies a role change to the next request: GET /me reports it and the old permission is gone', async () => {
      const user = await createUser(db, 'hr', { organisationId: employerId });
      const { accessToken } = await loginAs(user);
      expect((await http().get('/me').set(bearer(accessToken))).body).toMatchObject({
        role: 'hr',
      });
      expect((await http().get('/users').set(bearer(accessToken))).status).toBe(200);

      await db.query(`UPDATE app_user SET role = 'employee' WHERE id = $1`, [user.id]);

      const me = await http().get('/me').set(bearer(accessToken));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: user.id, role: 'employee' });
      const users = await http().get('/users').set(bearer(accessToken));
      expect(users.status).toBe(403);
      expect(users.body).toMatchObject({ code: 'forbidden' });
    });

    it('applies a deleted membership to the next request: the organisation is gone from view', async () => {
      const user = await createUser(db, 'employee', { organisationId: employerId });
      const { accessToken } = await loginAs(user);
      expect((await http().get('/me').set(bearer(accessToken))).body).toMatchObject({
        organisationIds: [employerId],
      });
      const before = await http().get(`/organisations/${employerId}`).set(bearer(accessToken));
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ id: employerId });

      await db.query(`DELETE FROM membership WHERE user_id = $1`, [user.id]);

      const me = await http().get('/me').set(bearer(accessToken));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: user.id, organisationIds: [] });
      const after = await http().get(`/organisations/${employerId}`).set(bearer(accessToken));
      expect(after.status).toBe(404);
      expect(after.body).toMatchObject({ code: 'not_found' });
    });
  });
});
