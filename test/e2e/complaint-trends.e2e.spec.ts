import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import pg from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { addDays, todayIn } from '../../src/common/dates/calendar.js';
import {
  episodesInYear,
  generatePopulation,
  type PopulationSpec,
} from '../../src/dev/synthetic-population.js';
import { ComplaintTrendsService } from '../../src/modules/reports/complaint-trends.service.js';
import { createEmployee } from '../factories/employees.js';
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
    // A small sector of one employer: its months stay under the threshold.
    { section: 'R', share: 0.01, firstYearEpisodes: 24, growth: 1 },
  ],
  regions: [REGION],
};

type Point = {
  period: string;
  suppressed: boolean;
  newEpisodes: number | null;
  incidencePer100FteYears: number | null;
  prevalencePer100Fte: number | null;
  absenceDays: number | null;
  absencePercent: number | null;
};

interface CubeRow {
  grain: 'month' | 'quarter' | 'year';
  period: string;
  nace_section: string;
  region: string;
  size_band: string;
  body_region: string;
  new_episodes: number;
  new_people: number;
  people: number;
  withheld: boolean;
}

const DAY_MS = 86_400_000;
const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

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
  }, 180_000);
  afterAll(async () => {
    await t.app.close();
  });

  const get = (path: string, token = analyst) =>
    request(t.app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);
  const trends = (query: string, token = analyst) =>
    get(`/reports/complaint-trends?${query}`, token);

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
    const points = (response.body.points as Point[]).filter((p) => p.period < '2026');
    expect(points.map((p) => p.period)).toEqual(['2021', '2022', '2023', '2024', '2025']);
    const first = points[0].newEpisodes!;
    const last = points[4].newEpisodes!;
    expect(Math.abs(((last - first) / first) * 100 - growth)).toBeLessThanOrEqual(1);
    // Year on year, against the year before.
    expect(response.body.points[1].changeFromYearEarlier).toBeCloseTo(
      ((points[1].newEpisodes! - first) / first) * 100,
      0,
    );
    expect(response.body.points[0].changeFromYearEarlier).toBeNull();
  });

  it('gives incidence, prevalence and absence as the raw records give them', async () => {
    // Worked out here from the episodes and their work status timelines, independently.
    const episodes = await db.query<
      {
        employee_id: string;
        start: string;
        closed_on: string | null;
        steps: { from: string; percent: number }[];
      }[]
    >(
      `SELECT e.employee_id, to_char(coalesce(e.absence_start, e.referral_date), 'YYYY-MM-DD') AS start,
              to_char(e.closed_on, 'YYYY-MM-DD') AS closed_on,
              (SELECT json_agg(json_build_object('from', to_char(w.effective_from, 'YYYY-MM-DD'),
                                                 'percent', w.percent_of_contract) ORDER BY w.effective_from)
                 FROM work_status_period w WHERE w.episode_id = e.id) AS steps
         FROM episode e JOIN organisation o ON o.id = e.employer_id
        WHERE o.region = $1 AND o.nace_section = 'P'`,
      [REGION],
    );
    const [{ fte }] = await db.query<{ fte: string }[]>(
      `SELECT sum(h.fte) AS fte FROM employer_headcount h JOIN organisation o ON o.id = h.employer_id
        WHERE o.region = $1 AND o.nace_section = 'P'`,
      [REGION],
    );
    const [from, to] = [day('2023-01-01'), day('2024-01-01')];
    const today = day(todayIn());
    let newEpisodes = 0;
    let absence = 0;
    const people = new Set<string>();
    for (const episode of episodes) {
      const start = day(episode.start);
      const end = Math.min(episode.closed_on ? day(episode.closed_on) : today, today) + 1;
      if (start >= from && start < to) newEpisodes++;
      if (start < to && end > from) people.add(episode.employee_id);
      episode.steps.forEach((step, i) => {
        const stepEnd = Math.min(
          i + 1 < episode.steps.length ? day(episode.steps[i + 1].from) : end,
          end,
        );
        const overlap = Math.min(stepEnd, to) - Math.max(day(step.from), from);
        if (overlap > 0) absence += (overlap * (100 - step.percent)) / 100;
      });
    }
    const response = await trends(`period=year&naceSection=P&region=${REGION}`);
    expect(response.body).toMatchObject({ employers: 50, fte: 2000 });
    expect(Number(fte)).toBe(2000);
    const year = (response.body.points as Point[]).find((p) => p.period === '2023')!;
    expect(year.newEpisodes).toBe(newEpisodes);
    expect(year.incidencePer100FteYears).toBeCloseTo((newEpisodes / 2000) * 100, 2);
    expect(year.prevalencePer100Fte).toBeCloseTo((people.size / 2000) * 100, 2);
    expect(year.absenceDays).toBeCloseTo(absence, 0);
    expect(year.absencePercent).toBeCloseTo((absence / (2000 * 365)) * 100, 2);
    // Half-time returns count: more absent people than full absence days alone would say.
    expect(absence).toBeGreaterThan(0);
    expect(people.size).toBeGreaterThan(newEpisodes);
  });

  const cube = async (): Promise<CubeRow[]> =>
    db.query<CubeRow[]>(
      `SELECT grain, to_char(period, 'YYYY-MM-DD') AS period, nace_section, region, size_band,
              body_region, new_episodes, new_people, people, withheld
         FROM report_cell WHERE period < DATE '2026-01-01'`,
    );

  it('withholds every cell behind 1 to 9 people, anywhere in the published cube', async () => {
    const cells = await cube();
    const small = cells.filter(
      (c) => (c.new_people > 0 && c.new_people < 10) || (c.people > 0 && c.people < 10),
    );
    expect(small.length).toBeGreaterThan(100);
    expect(small.filter((c) => !c.withheld)).toEqual([]);
    // And the API gives no figure of a withheld period, the cube's figure of a published one.
    const points = (await trends(`period=month&naceSection=R&region=${REGION}`)).body
      .points as Point[];
    const published = new Map(
      cells
        .filter(
          (c) =>
            c.grain === 'month' &&
            c.nace_section === 'R' &&
            c.region === REGION &&
            c.size_band === '*' &&
            c.body_region === '*',
        )
        .map((c) => [c.period.slice(0, 7), c]),
    );
    expect(points.filter((p) => p.suppressed).length).toBeGreaterThan(40);
    for (const point of points.filter((p) => p.period < '2026')) {
      const cell = published.get(point.period)!;
      expect(point.suppressed).toBe(cell.withheld);
      if (point.suppressed) {
        expect(point).toMatchObject({ newEpisodes: null, absenceDays: null, absencePercent: null });
      } else {
        expect(point.newEpisodes).toBe(cell.new_episodes);
      }
    }
    // Nothing in a report points at a person.
    const body = JSON.stringify(
      (await trends(`period=month&region=${REGION}&bodyRegion=neck`)).body,
    );
    expect(body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|Synthetic person/);
  });

  it('leaves nothing to work out by subtracting published figures, whatever the requests', async () => {
    // Every total and its parts, along every dimension and in time: each request reads cells of
    // this one cube, so the difference of any two is a sum of such relations.
    const cells = await cube();
    const relations = new Map<string, CubeRow[]>();
    const add = (key: string, cell: CubeRow) => {
      const group = relations.get(key);
      if (group) group.push(cell);
      else relations.set(key, [cell]);
    };
    const dims = ['nace_section', 'region', 'size_band', 'body_region'] as const;
    for (const cell of cells) {
      for (const free of dims) {
        add(
          `${free}:${cell.grain}:${cell.period}:${dims.map((d) => (d === free ? '#' : cell[d])).join('|')}`,
          cell,
        );
      }
      const values = dims.map((d) => cell[d]).join('|');
      const month = Number(cell.period.slice(5, 7));
      const quarter = `${cell.period.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
      if (cell.grain === 'month' || cell.grain === 'quarter') add(`q:${quarter}:${values}`, cell);
      if (cell.grain === 'quarter' || cell.grain === 'year')
        add(`y:${cell.period.slice(0, 4)}:${values}`, cell);
    }
    let guarded = 0;
    const exposed: string[] = [];
    for (const [key, group] of relations) {
      const withheld = group.filter((c) => c.withheld);
      if (!withheld.length || group.length < 2) continue;
      // Nothing published (or only zeros) in the relation: nothing to subtract from.
      if (group.every((c) => c.withheld || Math.max(c.people, c.new_people) === 0)) continue;
      guarded++;
      const people = withheld.reduce((sum, c) => sum + Math.max(c.people, c.new_people), 0);
      if (withheld.length < 2 || people < 10) exposed.push(key);
    }
    expect(exposed).toEqual([]);
    expect(guarded).toBeGreaterThan(1000);
  });

  it('refreshes a year to the same cube, once for a burst of changes', async () => {
    const service = t.app.get(ComplaintTrendsService);
    const year = async () =>
      JSON.stringify(
        await db.query(
          `SELECT c.*, (SELECT json_agg(o ORDER BY o.nace_section, o.pathway, o.risk_stratum)
                          FROM report_outcome o WHERE o.cohort = 2023) AS outcomes
             FROM report_cell c WHERE c.period >= DATE '2023-01-01' AND c.period < DATE '2024-01-01'
            ORDER BY c.grain, c.nace_section, c.region, c.size_band, c.body_region, c.period`,
        ),
      );
    const built = await year();
    expect(await service.refreshMonth('2023-05-01', new Date())).toBe(true);
    expect(await year()).toBe(built);
    // Asked for a minute ago: the year has been computed since, with everything committed then.
    expect(await service.refreshMonth('2023-08-01', new Date(Date.now() - 60_000))).toBe(false);
    expect(await service.refreshMonth('2023-08-01', new Date())).toBe(true);
    expect(await year()).toBe(built);
  });

  it('gives outcomes by pathway and risk stratum as the raw records give them', async () => {
    const raw = await db.query<{ days: number | null; pathway: string; risk: string }[]>(
      `SELECT (SELECT min(w.effective_from) FROM work_status_period w
                WHERE w.episode_id = e.id AND w.status = 'full_duty') - e.absence_start AS days,
              p.pathway, p.chronicity_risk AS risk
         FROM episode e JOIN organisation o ON o.id = e.employer_id
         JOIN pathway_recommendation p ON p.episode_id = e.id
        WHERE o.nace_section = 'P' AND o.region = $1
          AND e.absence_start >= DATE '2023-01-01' AND e.absence_start < DATE '2024-01-01'`,
      [REGION],
    );
    const [{ total }] = await db.query<{ total: string }[]>(
      `SELECT count(*) AS total FROM episode e JOIN organisation o ON o.id = e.employer_id
        WHERE o.nace_section = 'P' AND e.absence_start >= DATE '2023-01-01' AND e.absence_start < DATE '2024-01-01'`,
    );
    // Section P has no episodes but this population's in 2023 (N, smaller, is the complement
    // withheld next to the small sector R).
    expect(Number(total)).toBe(raw.length);
    const response = await get('/reports/outcomes?cohort=2023&naceSection=P');
    expect(response.status).toBe(200);
    const rows = response.body.rows as {
      suppressed: boolean;
      pathway: string;
      riskStratum: string;
      episodes: number;
      medianDaysToFullReturn: number;
      returnedBy12WeeksPercent: number;
    }[];
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = (sorted.length - 1) / 2;
      return (sorted[Math.floor(mid)] + sorted[Math.ceil(mid)]) / 2;
    };
    // Every published row, against the same episodes counted here; withheld rows give nothing.
    let published = 0;
    for (const row of rows) {
      if (row.suppressed) {
        expect(row.episodes).toBeNull();
        continue;
      }
      const episodes = raw.filter(
        (e) =>
          (row.pathway === 'all' || e.pathway === row.pathway) &&
          (row.riskStratum === 'all' || e.risk === row.riskStratum),
      );
      published++;
      expect(row.episodes).toBe(episodes.length);
      expect(row.medianDaysToFullReturn).toBeCloseTo(median(episodes.map((e) => e.days!)), 1);
      expect(row.returnedBy12WeeksPercent).toBeCloseTo(
        (episodes.filter((e) => e.days! <= 84).length / episodes.length) * 100,
        1,
      );
    }
    expect(published).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.pathway === 'physio_led' && r.riskStratum === 'low')).toBe(true);
  });

  describe('employers', () => {
    const employersOf = async (section: string) =>
      (
        await db.query<{ id: string }[]>(
          `SELECT id FROM organisation WHERE region = $1 AND nace_section = $2 ORDER BY name`,
          [REGION, section],
        )
      ).map((row) => row.id);

    it('shows HR its own employer against the sector, without a body region', async () => {
      const [employer] = await employersOf('P');
      const hr = await accessTokenFor(
        t.app,
        await createUser(db, 'hr', { organisationId: employer }),
      );
      const response = await get('/reports/employers?period=year', hr);
      expect(response.status).toBe(200);
      expect(response.body.employers).toHaveLength(1);
      const [own] = response.body.employers;
      expect(own).toMatchObject({ employerId: employer, naceSection: 'P', fte: 40 });
      const counts = await db.query<{ year: string; episodes: string; people: string }[]>(
        `SELECT to_char(absence_start, 'YYYY') AS year, count(*) AS episodes,
                count(DISTINCT employee_id) AS people
           FROM episode WHERE employer_id = $1 GROUP BY 1`,
        [employer],
      );
      for (const point of own.points as Point[]) {
        const raw = counts.find((c) => c.year === point.period);
        if (!point.suppressed) expect(point.newEpisodes).toBe(Number(raw?.episodes ?? 0));
        if (raw && Number(raw.people) < 10) expect(point.suppressed).toBe(true);
      }
      // The sector as published, with how many others it stands for.
      const [{ employers }] = await db.query<{ employers: number }[]>(
        `SELECT employers FROM report_population WHERE nace_section = 'P' AND region = '*' AND size_band = '*'`,
      );
      expect(own.benchmark).toMatchObject({ available: true, otherEmployers: employers - 1 });
      const sector = (await trends('period=year&naceSection=P')).body.points;
      expect(own.benchmark.points).toEqual(sector);
      expect(JSON.stringify(response.body)).not.toMatch(/bodyRegion|neck|shoulder|low_back/);
    });

    it('shows no benchmark of a sector with fewer than 5 other employers', async () => {
      const [employer] = await employersOf('R');
      const hr = await accessTokenFor(
        t.app,
        await createUser(db, 'hr', { organisationId: employer }),
      );
      const [own] = (await get('/reports/employers?period=quarter', hr)).body.employers;
      expect(own.benchmark).toMatchObject({ available: false, otherEmployers: 0, points: [] });
      // A small employer: every quarter is behind fewer than 10 people.
      expect((own.points as Point[]).every((p) => p.suppressed)).toBe(true);
    });

    it('shows the occupational doctor the employers its service serves, and no other', async () => {
      const served = (await employersOf('N')).slice(0, 2);
      const [{ id: service }] = await db.query<{ id: string }[]>(
        `INSERT INTO organisation (kind, name, version) VALUES ('occupational_health_service', 'Service', 1) RETURNING id`,
      );
      for (const employer of served) {
        await db.query(
          `INSERT INTO service_contract (health_service_id, employer_id, valid_from, version)
           VALUES ($1, $2, DATE '2020-01-01', 1)`,
          [service, employer],
        );
      }
      const doctor = await accessTokenFor(
        t.app,
        await createUser(db, 'occupational_doctor', { organisationId: service }),
      );
      const response = await get('/reports/employers?period=year', doctor);
      expect(response.status).toBe(200);
      expect(
        response.body.employers.map((e: { employerId: string }) => e.employerId).sort(),
      ).toEqual([...served].sort());
      expect((await get('/reports/employers?period=year', analyst)).status).toBe(403);
    });
  });

  it('exports a trend as CSV and as an Excel workbook, withheld cells empty', async () => {
    const query = `period=quarter&naceSection=R&region=${REGION}`;
    const points = (await trends(query)).body.points as Point[];
    const csv = await get(`/reports/complaint-trends/export?${query}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename=".+\.csv"/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Period,New episodes,Incidence per 100 FTE-years/);
    expect(lines).toHaveLength(points.length + 1);
    const withheld = points.findIndex((p) => p.suppressed);
    expect(lines[withheld + 1]).toMatch(new RegExp(`^${points[withheld].period},,,,,,.*,yes$`));

    const xlsx = await get(`/reports/complaint-trends/export?${query}&format=xlsx`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const values: unknown[] = [];
    sheet.eachRow((row) => values.push(row.getCell(2).value));
    const published = points.find((p) => !p.suppressed);
    if (published) expect(values).toContain(published.newEpisodes);
  });

  it('draws a trend as an SVG chart, one line per sector on request', async () => {
    const response = await get(
      `/reports/complaint-trends/chart?period=year&region=${REGION}&by=naceSection&measure=newEpisodes`,
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = response.body.toString();
    expect(svg).toMatch(/<svg[^>]*role="img"/);
    expect(svg).not.toMatch(/<script/i);
    for (const section of ['P', 'N']) expect(svg).toContain(`>${section}<`);
    const both = await get(
      `/reports/complaint-trends/chart?period=year&naceSection=P&by=naceSection`,
    );
    expect(both.status).toBe(400);
    expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual(['by']);
  });

  it('counts the episodes of an employer made through the API under the region it was given', async () => {
    // Transport (NACE section H) in Wallonia: no other test makes such an employer.
    const admin = await accessTokenFor(t.app, await createUser(db, 'admin'));
    const created = await request(t.app.getHttpServer())
      .post('/organisations')
      .set('Authorization', `Bearer ${admin}`)
      .send({ kind: 'employer', name: 'Transports de la Meuse', naceCode: '49.41', region: 'BE3' });
    expect(created.status).toBe(201);
    const employer = created.body.id as string;
    const hr = await accessTokenFor(
      t.app,
      await createUser(db, 'hr', { organisationId: employer }),
    );
    const opened: string[] = [];
    for (let i = 0; i < 12; i++) {
      const employeeId = await createEmployee(db, employer);
      const start = addDays('2026-03-02', i);
      const response = await request(t.app.getHttpServer())
        .post('/episodes')
        .set('Authorization', `Bearer ${hr}`)
        .send({ employeeId, jurisdiction: 'BE', referralDate: start, absenceStart: start });
      expect(response.status).toBe(201);
      opened.push(response.body.id);
    }
    await t.app.get(ComplaintTrendsService).rebuild();

    // The cube counts them in their region (whether a figure is published depends on the whole
    // cube: the other sectors' small cells may withhold theirs too)...
    const [cell] = await db.query<CubeRow[]>(
      `SELECT new_episodes, new_people, withheld FROM report_cell
        WHERE grain = 'year' AND period = DATE '2026-01-01' AND nace_section = 'H' AND region = 'BE3'
          AND size_band = '*' AND body_region = '*'`,
    );
    expect(cell).toMatchObject({ new_episodes: opened.length, new_people: opened.length });
    // ...and the report of the region gives them as the cube publishes them.
    const inRegion = await trends('period=year&naceSection=H&region=BE3');
    expect(inRegion.status).toBe(200);
    expect(inRegion.body).toMatchObject({
      region: { code: 'BE3', name: 'Région wallonne' },
      employers: 1,
    });
    expect((inRegion.body.points as Point[]).find((p) => p.period === '2026')).toMatchObject({
      suppressed: cell.withheld,
      newEpisodes: cell.withheld ? null : opened.length,
    });
    // Nowhere else, and not as an employer of unknown region.
    for (const region of ['BE1', 'BE2', 'NL1', 'NL2', 'NL3', 'NL4']) {
      const elsewhere = await trends(`period=year&naceSection=H&region=${region}`);
      expect(elsewhere.body).toMatchObject({ employers: null, points: [] });
    }
    const unknown = await db.query(
      `SELECT 1 FROM report_cell WHERE nace_section = 'H' AND region = 'unknown'`,
    );
    expect(unknown).toEqual([]);
    // Files name the region too.
    const query = 'period=year&naceSection=H&region=BE3';
    const chart = await get(`/reports/complaint-trends/chart?${query}&measure=newEpisodes`);
    expect(chart.status).toBe(200);
    expect(chart.body.toString()).toContain('region BE3 Région wallonne');
    const xlsx = await get(`/reports/complaint-trends/export?${query}&format=xlsx`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    expect(String(workbook.worksheets[0].getCell(1, 1).value)).toContain(
      'region BE3 Région wallonne',
    );
  });

  it('names the bad field, and is for analysts only', async () => {
    const bad = await trends('period=week&naceSection=PP');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'naceSection',
      'period',
    ]);
    expect((await get('/reports/outcomes?cohort=twenty')).body.errors[0].field).toBe('cohort');
    const hr = await accessTokenFor(t.app, await createUser(db, 'hr'));
    expect((await trends('period=year', hr)).status).toBe(403);
    expect((await get('/reports/outcomes?cohort=2023', hr)).status).toBe(403);
  });
});
