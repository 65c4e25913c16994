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
    { section: 'N', share: 0.49, firstYearEpisodes: 500, growth: 1.4 },
    // A small sector: its months stay under the threshold.
    { section: 'R', share: 0.01, firstYearEpisodes: 24, growth: 1 },
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

  type Point = { period: string; newEpisodes: number | null; suppressed: boolean };
  const series = async (query: string): Promise<Point[]> => {
    const response = await trends(`period=month&naceSection=P&region=${REGION}${query}`);
    expect(response.status).toBe(200);
    return response.body.points as Point[];
  };
  /** People per month and body region in the rollup (what the threshold counts). */
  const peopleByMonth = async (): Promise<Map<string, Record<string, number>>> => {
    const rows = await db.query<{ period: string; body_region: string; people: string }[]>(
      `SELECT to_char(month, 'YYYY-MM') AS period, body_region, sum(people) AS people
         FROM complaint_trend_rollup WHERE nace_section = 'P' AND region = $1 GROUP BY 1, 2`,
      [REGION],
    );
    const byMonth = new Map<string, Record<string, number>>();
    for (const row of rows) {
      byMonth.set(row.period, {
        ...byMonth.get(row.period),
        [row.body_region]: Number(row.people),
      });
    }
    return byMonth;
  };

  it('withholds every figure behind fewer than 10 people', async () => {
    const people = await peopleByMonth();
    const points = await series('&bodyRegion=neck');
    expect(points.length).toBeGreaterThan(50);
    for (const point of points) {
      const small = (people.get(point.period)?.neck ?? 0) < 10;
      if (small) expect(point).toMatchObject({ suppressed: true, newEpisodes: null });
    }
    expect(points.some((p) => p.suppressed)).toBe(true);
    expect(points.some((p) => !p.suppressed)).toBe(true);
    // Nothing in a report points at a person.
    const response = await trends(`period=month&naceSection=P&region=${REGION}&bodyRegion=neck`);
    expect(JSON.stringify(response.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|Synthetic person/);
  });

  it('leaves nothing to work out by subtracting one request from another (one filter)', async () => {
    // Sectors side by side, 2021-2025 (months no other test writes to).
    const rows = await db.query<{ period: string; nace_section: string; people: string }[]>(
      `SELECT to_char(month, 'YYYY-MM') AS period, nace_section, sum(people) AS people
         FROM complaint_trend_rollup WHERE month < DATE '2026-01-01' GROUP BY 1, 2`,
    );
    const sections = [...new Set(rows.map((row) => row.nace_section))];
    const people = (period: string, section: string) =>
      Number(rows.find((r) => r.period === period && r.nace_section === section)?.people ?? 0);
    const monthly = async (query: string) =>
      new Map(
        ((await trends(`period=month${query}`)).body.points as Point[])
          .filter((p) => p.period < '2026')
          .map((p) => [p.period, p]),
      );
    const total = await monthly('');
    const bySection = new Map<string, Map<string, Point>>();
    for (const section of sections.filter((s) => /^[A-U]$/.test(s))) {
      bySection.set(section, await monthly(`&naceSection=${section}`));
    }
    let protectedMonths = 0;
    for (const [period, month] of total) {
      if (month.suppressed) continue;
      // A published month: its sectors have none withheld, or two or more standing for at least
      // 10 people together, so the total minus the published sectors names no sector's figure.
      const withheld = [...bySection].filter(([, points]) => points.get(period)?.suppressed);
      if (!withheld.length) continue;
      protectedMonths++;
      expect(withheld.length).toBeGreaterThanOrEqual(2);
      expect(
        withheld.reduce((sum, [section]) => sum + people(period, section), 0),
      ).toBeGreaterThanOrEqual(10);
    }
    // The small sector is withheld in most months, and each time a second sector with it.
    expect(protectedMonths).toBeGreaterThan(40);
    expect([...bySection.get('R')!.values()].filter((p) => p.suppressed).length).toBeGreaterThan(
      40,
    );
  });

  it('withholds months in pairs within their quarter, so a quarter minus its months names none', async () => {
    const people = await peopleByMonth();
    const months = await series('&bodyRegion=neck');
    const quarters = (await trends(`period=quarter&naceSection=P&region=${REGION}&bodyRegion=neck`))
      .body.points as Point[];
    let pairs = 0;
    for (const quarter of quarters.filter((q) => !q.suppressed)) {
      const [year, q] = quarter.period.split('-Q').map(Number);
      const hidden = months.filter(
        (m) =>
          m.suppressed &&
          Number(m.period.slice(0, 4)) === year &&
          Math.ceil(Number(m.period.slice(5)) / 3) === q,
      );
      if (!hidden.length) continue;
      pairs++;
      expect(hidden.length).toBeGreaterThanOrEqual(2);
      expect(
        hidden.reduce((sum, m) => sum + (people.get(m.period)?.neck ?? 0), 0),
      ).toBeGreaterThanOrEqual(10);
    }
    expect(pairs).toBeGreaterThan(0);
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
