import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Role } from '../../src/common/auth/roles.js';
import { createEmployer, createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

async function createOrganisation(
  db: DataSource,
  kind: 'physio_practice' | 'occupational_health_service',
): Promise<string> {
  const [row] = await db.query<{ id: string }[]>(
    `INSERT INTO organisation (kind, name, version) VALUES ($1, $2, 1) RETURNING id`,
    [kind, `${kind} ${Math.random().toString(36).slice(2, 8)}`],
  );
  return row.id;
}

describe('organisations', () => {
  let t: TestApp;
  let db: DataSource;
  const tokens = {} as Record<Role | 'otherHr' | 'otherDoctor', string>;
  let employer: string;
  let otherEmployer: string;
  let practice: string;
  let service: string;
  let otherService: string;
  const http = () => request(t.app.getHttpServer());
  const as = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    employer = await createEmployer(db);
    otherEmployer = await createEmployer(db);
    practice = await createOrganisation(db, 'physio_practice');
    service = await createOrganisation(db, 'occupational_health_service');
    otherService = await createOrganisation(db, 'occupational_health_service');
    await db.query(
      `INSERT INTO service_contract (health_service_id, employer_id, valid_from, valid_to, version)
       VALUES ($1, $2, DATE '2020-01-01', NULL, 1), ($3, $4, DATE '2020-01-01', DATE '2021-12-31', 1)`,
      [service, employer, service, otherEmployer],
    );
    const members: [keyof typeof tokens, Role, string | undefined][] = [
      ['admin', 'admin', undefined],
      ['hr', 'hr', employer],
      ['otherHr', 'hr', otherEmployer],
      ['employee', 'employee', employer],
      ['physio', 'physio', practice],
      ['occupational_doctor', 'occupational_doctor', service],
      ['otherDoctor', 'occupational_doctor', otherService],
      ['analyst', 'analyst', otherService],
    ];
    for (const [key, role, organisationId] of members) {
      tokens[key] = await accessTokenFor(t.app, await createUser(db, role, { organisationId }));
    }
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('shows each role only the organisations in its scope, with the true total', async () => {
    const visible = async (who: keyof typeof tokens) => {
      const response = await http().get('/organisations?limit=200').set(as(who));
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(response.body.items.length);
      return (response.body.items as { id: string }[]).map((item) => item.id).sort();
    };
    expect(await visible('hr')).toEqual([employer]);
    expect(await visible('employee')).toEqual([employer]);
    expect(await visible('physio')).toEqual([practice]);
    // The contract with the other employer ended in 2021: only the current one counts.
    expect(await visible('occupational_doctor')).toEqual([employer, service].sort());
    expect(await visible('otherDoctor')).toEqual([otherService]);
    // An admin sees every organisation (the whole test run's, more than a page): each by id.
    for (const id of [employer, otherEmployer, practice, service]) {
      const response = await http().get(`/organisations/${id}`).set(as('admin'));
      expect(response.status).toBe(200);
    }
  });

  it('answers an organisation outside the caller’s scope exactly like a missing one', async () => {
    const outside = await http().get(`/organisations/${otherEmployer}`).set(as('hr'));
    const missing = await http()
      .get('/organisations/6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f')
      .set(as('hr'));
    expect(outside.status).toBe(404);
    expect(missing.status).toBe(404);
    const strip = (body: Record<string, unknown>) => ({
      ...body,
      correlationId: undefined,
      instance: undefined,
    });
    expect(strip(outside.body)).toEqual(strip(missing.body));
    expect(
      (await http().get(`/organisations/${otherEmployer}`).set(as('occupational_doctor'))).status,
    ).toBe(404);
    expect(
      (await http().get(`/organisations/${employer}`).set(as('occupational_doctor'))).status,
    ).toBe(200);
  });

  it('pages with limit and offset and keeps the total', async () => {
    // Organisations of this test's own (other files add theirs to the same database meanwhile).
    const marker = `Paging ${randomUUID().slice(0, 8)}`;
    const ours = new Set<string>();
    for (let n = 1; n <= 5; n++) ours.add(await createEmployer(db, `${marker} ${n}`));
    const page = (offset: number) =>
      http()
        .get(`/organisations?limit=2&offset=${offset}&search=${encodeURIComponent(marker)}`)
        .set(as('admin'));
    const pages = [await page(0), await page(2), await page(4)];
    expect(pages.map((response) => response.body.total)).toEqual([5, 5, 5]);
    expect(pages.map((response) => response.body.items.length)).toEqual([2, 2, 1]);
    const seen = pages.flatMap((response) =>
      (response.body.items as { id: string }[]).map((item) => item.id),
    );
    expect(new Set(seen)).toEqual(ours);
    const bad = await http().get('/organisations?limit=0&kind=shop').set(as('admin'));
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'kind',
      'limit',
    ]);
  });

  it('lets an admin create an employer, deriving the NACE section, in its region', async () => {
    const created = await http()
      .post('/organisations')
      .set(as('admin'))
      .send({ kind: 'employer', name: ' Basisschool De Linde ', naceCode: '85.20', region: 'NL2' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'employer',
      name: 'Basisschool De Linde',
      nace: { section: 'P', code: '85.20', version: 'NACE_REV2' },
      region: 'NL2',
      regionName: 'Oost-Nederland',
      version: 1,
    });
    const [stored] = await db.query<{ region: string }[]>(
      `SELECT region FROM organisation WHERE id = $1`,
      [created.body.id],
    );
    expect(stored.region).toBe('NL2');
    const noDivision = await http()
      .post('/organisations')
      .set(as('admin'))
      .send({ kind: 'employer', name: 'X', naceCode: '04.10', region: 'BE1' });
    expect(noDivision.status).toBe(400);
    expect(noDivision.body.errors).toEqual([
      { field: 'naceCode', message: expect.stringContaining('existing division') },
    ]);
    const extra = await http().post('/organisations').set(as('admin')).send({
      kind: 'physio_practice',
      name: 'Y',
      id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      version: 7,
    });
    expect(extra.status).toBe(400);
    expect((extra.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'id',
      'version',
    ]);
    expect(
      (
        await http()
          .post('/organisations')
          .set(as('hr'))
          .send({ kind: 'physio_practice', name: 'Z' })
      ).status,
    ).toBe(403);
  });

  it.each([
    ['no region', { kind: 'employer', naceCode: '85.20' }, ['region']],
    ['a region of null', { kind: 'employer', naceCode: '85.20', region: null }, ['region']],
    ['a province (NUTS 2)', { kind: 'employer', naceCode: '85.20', region: 'BE21' }, ['region']],
    ['a country', { kind: 'employer', naceCode: '85.20', region: 'BE' }, ['region']],
    [
      'a region of another country',
      { kind: 'employer', naceCode: '85.20', region: 'DE1' },
      ['region'],
    ],
    ['an extra-regio unit', { kind: 'employer', naceCode: '85.20', region: 'NLZ' }, ['region']],
    ['a code in lower case', { kind: 'employer', naceCode: '85.20', region: 'be2' }, ['region']],
    ['neither sector nor region', { kind: 'employer' }, ['naceCode', 'region']],
    ['a region for a practice', { kind: 'physio_practice', region: 'BE2' }, ['region']],
  ])(
    'refuses an organisation with %s, naming the field, and stores nothing',
    async (_, body, fields) => {
      const name = `Refused ${randomUUID().slice(0, 8)}`;
      const refused = await http()
        .post('/organisations')
        .set(as('admin'))
        .send({ ...body, name });
      expect(refused.status).toBe(400);
      expect((refused.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(
        fields,
      );
      expect(
        refused.body.errors.find((e: { field: string }) => e.field === 'region').message,
      ).toMatch(/region/);
      const [{ count }] = await db.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM organisation WHERE name = $1`,
        [name],
      );
      expect(count).toBe(0);
    },
  );

  it('changes an employer’s region to another listed one, and keeps it when not sent', async () => {
    const created = await http()
      .post('/organisations')
      .set(as('admin'))
      .send({
        kind: 'employer',
        name: `Moving ${randomUUID().slice(0, 8)}`,
        naceCode: '62.01',
        region: 'BE3',
      });
    expect(created.status).toBe(201);
    const patch = (version: number, body: object) =>
      http()
        .patch(`/organisations/${created.body.id}`)
        .set(as('admin'))
        .set('If-Match', `W/"${version}"`)
        .send(body);
    const moved = await patch(1, { region: 'BE1' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      region: 'BE1',
      regionName: 'Région de Bruxelles-Capitale/Brussels Hoofdstedelijk Gewest',
      version: 2,
    });
    const renamed = await patch(2, { name: 'Transport Zuid' });
    expect(renamed.body).toMatchObject({ name: 'Transport Zuid', region: 'BE1', version: 3 });
    const refused = await patch(3, { region: 'NL35' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'region', message: expect.stringContaining('NL4') },
    ]);
    const practiceRegion = await http()
      .patch(`/organisations/${practice}`)
      .set(as('admin'))
      .set(
        'If-Match',
        (await http().get(`/organisations/${practice}`).set(as('admin'))).headers.etag as string,
      )
      .send({ region: 'BE2' });
    expect(practiceRegion.status).toBe(400);
    expect(practiceRegion.body.errors).toEqual([
      { field: 'region', message: 'region applies to employers only' },
    ]);
    const [row] = await db.query<{ region: string; version: number }[]>(
      `SELECT region, version FROM organisation WHERE id = $1`,
      [created.body.id],
    );
    expect(row).toEqual({ region: 'BE1', version: 3 });
  });

  it('changes an organisation only with the current version in If-Match', async () => {
    const read = await http().get(`/organisations/${practice}`).set(as('admin'));
    const etag = read.headers.etag as string;
    expect(etag).toBe(`W/"${read.body.version}"`);

    expect(
      (
        await http()
          .patch(`/organisations/${practice}`)
          .set(as('admin'))
          .send({ name: 'Kiné Centrum' })
      ).status,
    ).toBe(428);
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        http()
          .patch(`/organisations/${practice}`)
          .set(as('admin'))
          .set('If-Match', etag)
          .send({ name: `Kiné ${i}` }),
      ),
    );
    expect(attempts.filter((r) => r.status === 200)).toHaveLength(1);
    expect(attempts.filter((r) => r.status === 412)).toHaveLength(9);
    const [{ version }] = await db.query<{ version: number }[]>(
      `SELECT version FROM organisation WHERE id = $1`,
      [practice],
    );
    expect(version).toBe(read.body.version + 1);
  });

  it('refuses a name of white space only, naming the field, on create and on change', async () => {
    const created = await http()
      .post('/organisations')
      .set(as('admin'))
      .send({ kind: 'physio_practice', name: '   ' });
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);

    const read = await http().get(`/organisations/${practice}`).set(as('admin'));
    const changed = await http()
      .patch(`/organisations/${practice}`)
      .set(as('admin'))
      .set('If-Match', read.headers.etag as string)
      .send({ name: ' \t ' });
    expect(changed.status).toBe(400);
    expect(changed.body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
    const after = await http().get(`/organisations/${practice}`).set(as('admin'));
    expect(after.body).toMatchObject({ name: read.body.name, version: read.body.version });
  });

  it('records headcount for the caller’s own employer only, for whole months', async () => {
    const put = (who: keyof typeof tokens, org: string, month: string, fte: unknown) =>
      http().put(`/organisations/${org}/headcount/${month}`).set(as(who)).send({ fte });
    expect((await put('hr', employer, '2026-10-01', 412.5)).body).toEqual({
      month: '2026-10-01',
      fte: 412.5,
    });
    expect((await put('hr', employer, '2026-10-01', 415)).status).toBe(200);
    expect((await put('hr', otherEmployer, '2026-10-01', 10)).status).toBe(404);
    expect((await put('employee', employer, '2026-10-01', 10)).status).toBe(403);
    const badMonth = await put('hr', employer, '2026-02-30', 10);
    expect(badMonth.body.errors).toEqual([{ field: 'month', message: expect.any(String) }]);
    const negative = await put('hr', employer, '2026-11-01', -1);
    expect(negative.body.errors[0].field).toBe('fte');
    const list = await http()
      .get(`/organisations/${employer}/headcount`)
      .set(as('occupational_doctor'));
    expect(list.body).toEqual([{ month: '2026-10-01', fte: 415 }]);
  });

  it('lets admins create service contracts and doctors see their own service’s', async () => {
    const bad = await http().post('/service-contracts').set(as('admin')).send({
      healthServiceId: employer,
      employerId: service,
      validFrom: '2026-01-01',
      validTo: '2025-12-31',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'validTo', message: 'validTo must not be before validFrom' },
    ]);
    const wrongKinds = await http()
      .post('/service-contracts')
      .set(as('admin'))
      .send({ healthServiceId: employer, employerId: service, validFrom: '2026-01-01' });
    expect((wrongKinds.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
      'healthServiceId',
      'employerId',
    ]);

    const created = await http()
      .post('/service-contracts')
      .set(as('admin'))
      .send({ healthServiceId: otherService, employerId: otherEmployer, validFrom: '2026-01-01' });
    expect(created.status).toBe(201);
    expect(
      (await http().get(`/organisations/${otherEmployer}`).set(as('otherDoctor'))).status,
    ).toBe(200);

    const mine = await http().get('/service-contracts').set(as('otherDoctor'));
    expect(
      (mine.body as { healthServiceId: string }[]).every((c) => c.healthServiceId === otherService),
    ).toBe(true);
    expect(mine.body).toHaveLength(1);
    expect((await http().get('/service-contracts').set(as('hr'))).status).toBe(403);
  });
});
