import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import pg from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import {
  episodesInYear,
  generatePopulation,
  type PopulationSpec,
} from '../../src/dev/synthetic-population.js';
import { ComplaintTrendsService } from '../../src/modules/reports/complaint-trends.service.js';
import { createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/** A region of its own, so the figures are this population's alone in the shared test database. */
const REGION = 'NL9Z';

const SPEC: PopulationSpec = {
  seed: 641_400,
  employees: 4_000,
  employeesPerEmployer: 40,
  firstYear: 2021,
  years: 5,
  sectors: [
    { section: 'P', share: 0.5, firstYearEpisodes: 500, growth: 1.64 },
    { section: 'N', share: 0.5, firstYearEpisodes: 500, growth: 1.4 },
  ],
  regions: [REGION],
};

describe('sector complaint trends', () => {
  let t: TestApp;
  let db: DataSource;
  let analyst: string;

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    const client = new pg.Client({ connectionString: t.config.databaseUrl });
    await client.connect();
    try {
      await generatePopulation(client, SPEC);
    } finally {
      await client.end();
    }
    await t.app.get(ComplaintTrendsService).rebuild();
    const [{ id: service }] = await db.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, version) VALUES ('occupational_health_service', 'Prevention service', 1) RETURNING id`,
    );
    analyst = await accessTokenFor(
      t.app,
      await createUser(db, 'analyst', { organisationId: service }),
    );
  }, 120_000);
  afterAll(async () => {
    await t.app.close();
  });

  const trends = (query: string, token = analyst) =>
    request(t.app.getHttpServer())
      .get(`/reports/complaint-trends?${query}`)
      .set('Authorization', `Bearer ${token}`);

  it('generates the designed number of new episodes per sector and year', () => {
    expect([0, 1, 2, 3, 4].map((y) => episodesInYear(SPEC.sectors[0], y, 5))).toEqual([
      500, 580, 660, 740, 820,
    ]);
  });

  it.each([
    ['P', 64],
    ['N', 40],
  ])('finds the growth of section %s over five years: +%i%%', async (section, growth) => {
    const response = await trends(`period=year&naceSection=${section}&region=${REGION}`);
    expect(response.status).toBe(200);
    const points = response.body.points as { period: string; newEpisodes: number }[];
    expect(points.map((p) => p.period)).toEqual(['2021', '2022', '2023', '2024', '2025']);
    const first = points[0].newEpisodes;
    const last = points[4].newEpisodes;
    expect(Math.abs(((last - first) / first) * 100 - growth)).toBeLessThanOrEqual(1);
    // Year on year, against the year before.
    expect(response.body.points[1].changeFromYearEarlier).toBeCloseTo(
      ((points[1].newEpisodes - first) / first) * 100,
      0,
    );
    expect(response.body.points[0].changeFromYearEarlier).toBeNull();
  });

  it('withholds every figure behind fewer than 10 people, and only those', async () => {
    const response = await trends(`period=month&naceSection=P&region=${REGION}&bodyRegion=neck`);
    expect(response.status).toBe(200);
    expect(response.body.minimumCell).toBe(10);
    const people = await db.query<{ period: string; people: string }[]>(
      `SELECT to_char(month, 'YYYY-MM') AS period, sum(people) AS people FROM complaint_trend_rollup
        WHERE nace_section = 'P' AND region = $1 AND body_region = 'neck' GROUP BY 1 ORDER BY 1`,
      [REGION],
    );
    const points = response.body.points as {
      period: string;
      newEpisodes: number | null;
      suppressed: boolean;
      changeFromPrevious: number | null;
    }[];
    expect(points.map((p) => p.period)).toEqual(people.map((row) => row.period));
    for (const [i, point] of points.entries()) {
      const small = Number(people[i].people) < 10;
      expect(point.suppressed).toBe(small);
      expect(point.newEpisodes === null).toBe(small);
      if (small) expect(point.changeFromPrevious).toBeNull();
    }
    expect(points.some((p) => p.suppressed)).toBe(true);
    expect(points.some((p) => !p.suppressed)).toBe(true);
    // Nothing in a report points at a person.
    expect(JSON.stringify(response.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|Synthetic person/);
  });

  it('names the bad field, and is for analysts only', async () => {
    const bad = await trends('period=week&naceSection=PP');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'naceSection',
      'period',
    ]);
    const hr = await accessTokenFor(t.app, await createUser(db, 'hr'));
    expect((await trends('period=year', hr)).status).toBe(403);
  });
});
