import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { MetricsService } from '../../src/common/metrics/metrics.service.js';
import { freePort } from '../../src/dev/local-services.js';
import { sampleEmployeeCsv } from '../../src/dev/sample-employee-csv.js';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { listRoutes } from '../support/routes.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/** Low limits, so a test reaches them in a few requests. */
const LIMITS = { RATE_LIMIT_PER_MINUTE: '10', EXPENSIVE_RATE_LIMIT_PER_MINUTE: '3' };

/** The routes whose work is heavy: imports, report queries, their exports and the chart. */
const EXPENSIVE_ROUTES = [
  'POST /employee-imports',
  'GET /reports/complaint-trends',
  'GET /reports/complaint-trends/chart',
  'GET /reports/complaint-trends/export',
  'GET /reports/employers',
  'GET /reports/employers/:employerId/reintegration-evaluation',
  'GET /reports/employers/:employerId/reintegration-evaluation/export',
  'GET /reports/outcomes',
  'GET /reports/outcomes/export',
];

function expectRateLimited(response: request.Response): void {
  expect(response.status).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status: 429, code: 'rate_limited' });
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('per-account request limits', () => {
  let t: TestApp;
  let db: DataSource;
  const http = () => request(t.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const csv = sampleEmployeeCsv(5, 0).text;

  beforeAll(async () => {
    t = await startTestApi(LIMITS);
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await t.app.close();
  });

  async function hrOfOneEmployer(): Promise<{
    employer: string;
    first: TestUser;
    second: TestUser;
  }> {
    const employer = await createEmployer(db);
    return {
      employer,
      first: await createUser(db, 'hr', { organisationId: employer }),
      second: await createUser(db, 'hr', { organisationId: employer }),
    };
  }

  const refusals = async (limit: 'general' | 'expensive') => {
    const metric = await t.app
      .get(MetricsService)
      .registry.getSingleMetric('rtw_request_limit_refusals_total')
      ?.get();
    return metric?.values.find((value) => value.labels.limit === limit)?.value ?? 0;
  };

  it('marks exactly the imports, report queries, their exports and the chart as expensive', () => {
    const expensive = listRoutes(t.app)
      .filter((route) => route.expensive)
      .map((route) => `${route.method} ${route.path}`);
    expect(expensive.sort()).toEqual([...EXPENSIVE_ROUTES].sort());
  });

  it(
    "refuses an account's expensive request past its limit per minute with 429 and Retry-After, " +
      "while another account of the same employer and the first account's other routes still work",
    async () => {
      const { employer, first, second } = await hrOfOneEmployer();
      const firstToken = await accessTokenFor(t.app, first);
      const secondToken = await accessTokenFor(t.app, second);
      const report = (token: string) =>
        http().get('/reports/employers?period=year').set(bearer(token));
      const before = await refusals('expensive');

      for (let i = 0; i < 3; i++) expect((await report(firstToken)).status).toBe(200);
      const refused = await report(firstToken);
      expectRateLimited(refused);
      expect(refused.body.detail).toMatch(/report, export and import requests/);

      // The limit is one budget over every expensive route: an import is refused too, and
      // refused before anything is stored (no import, no idempotency key claimed).
      const upload = await http()
        .post('/employee-imports')
        .set(bearer(firstToken))
        .set('Content-Type', 'text/csv')
        .set('Idempotency-Key', 'limits-upload-1')
        .send(csv);
      expectRateLimited(upload);
      const stored = await db.query<{ imports: number; keys: number }[]>(
        `SELECT (SELECT count(*)::int FROM employee_import WHERE employer_id = $1) AS imports,
                (SELECT count(*)::int FROM idempotency_key WHERE actor_user_id = $2) AS keys`,
        [employer, first.id],
      );
      expect(stored).toEqual([{ imports: 0, keys: 0 }]);
      expect((await refusals('expensive')) - before).toBe(2);

      // Another account of the same employer has a budget of its own.
      expect((await report(secondToken)).status).toBe(200);
      const accepted = await http()
        .post('/employee-imports')
        .set(bearer(secondToken))
        .set('Content-Type', 'text/csv')
        .send(csv);
      expect(accepted.status).toBe(202);
      // The first account's other routes answer as before.
      const employees = await http().get('/employees').set(bearer(firstToken));
      expect(employees.status).toBe(200);
      expect((await http().get('/me').set(bearer(firstToken))).status).toBe(200);
    },
  );

  it("counts an analyst's report queries, exports and chart against one expensive limit", async () => {
    const service = (
      await db.query<{ id: string }[]>(
        `INSERT INTO organisation (kind, name, version) VALUES ('occupational_health_service', 'Service', 1) RETURNING id`,
      )
    )[0].id;
    const analyst = await accessTokenFor(
      t.app,
      await createUser(db, 'analyst', { organisationId: service }),
    );
    const paths = [
      '/reports/complaint-trends?period=year&naceSection=P',
      '/reports/complaint-trends/export?period=year&naceSection=P&format=csv',
      '/reports/complaint-trends/chart?period=year&naceSection=P',
      '/reports/outcomes?cohort=2023&naceSection=P',
      '/reports/outcomes/export?cohort=2023&naceSection=P&format=csv',
    ];
    const statuses: number[] = [];
    for (const path of paths) {
      const response = await http().get(path).set(bearer(analyst));
      statuses.push(response.status);
      if (response.status === 429) expectRateLimited(response);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it(
    'refuses any route to an account past the general ceiling per minute with 429 and Retry-After; ' +
      'other accounts and requests without an account are not counted against it',
    async () => {
      const { first, second } = await hrOfOneEmployer();
      const firstToken = await accessTokenFor(t.app, first);
      const before = await refusals('general');
      for (let i = 0; i < 10; i++) {
        expect((await http().get('/me').set(bearer(firstToken))).status).toBe(200);
      }
      const refused = await http().get('/employees').set(bearer(firstToken));
      expectRateLimited(refused);
      expect(refused.body.detail).toBe(
        'Too many requests from this account in the last minute; try again later.',
      );
      expect((await http().get('/notifications').set(bearer(firstToken))).status).toBe(429);
      expect((await refusals('general')) - before).toBe(2);

      // Public routes are not counted per account; log-in has its own throttle.
      for (let i = 0; i < 12; i++) {
        expect((await http().get('/health/live')).status).toBe(200);
      }
      const secondToken = await accessTokenFor(t.app, second);
      expect((await http().get('/me').set(bearer(secondToken))).status).toBe(200);
      const again = await http().post('/auth/login').send({
        email: first.email,
        password: first.password,
      });
      expect(again.status).toBe(200);
      // A new token is the same account: still refused.
      expect(
        (
          await http()
            .get('/me')
            .set(bearer(again.body.accessToken as string))
        ).status,
      ).toBe(429);
    },
  );

  it('lets expensive requests through uncounted while Redis does not answer, with a metric and one warning', async () => {
    const { first } = await hrOfOneEmployer();
    // Log-in needs Redis (its throttle fails closed): the token comes from the app that has it.
    const token = await accessTokenFor(t.app, first);
    const away = await startTestApi({
      ...LIMITS,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await request(away.app.getHttpServer())
          .get('/reports/employers?period=year')
          .set(bearer(token));
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const unchecked = await away.app
        .get(MetricsService)
        .registry.getSingleMetric('rtw_request_limit_unchecked_total')
        ?.get();
      expect(unchecked?.values[0]?.value).toBe(5);
      const warnings = away.logs
        .entries()
        .filter((entry) => String(entry.msg).startsWith('request limit not counted'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 'warn', limit: 'expensive' });
      expect(JSON.stringify(warnings[0])).not.toContain(first.id);
      expect(JSON.stringify(warnings[0])).not.toContain(first.email);
    } finally {
      await away.app.close();
    }
  });
});
