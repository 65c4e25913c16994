import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createEmployee } from '../factories/employees.js';
import { createEmployer, createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { linkTokenFor } from '../support/mailbox.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

describe('employees', () => {
  let t: TestApp;
  let db: DataSource;
  let employer: string;
  let otherEmployer: string;
  let hr: string;
  let otherHr: string;
  let doctor: string;
  let physio: string;
  let admin: string;
  const http = () => request(t.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const valid = {
    employeeNumber: 'E-1001',
    fullName: 'An Peeters',
    birthYear: 1984,
    contractHours: 38,
    jobTitle: 'Teacher',
    physicalDemands: ['standing', 'screen_work'],
    department: 'Campus Noord',
  };

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    employer = await createEmployer(db);
    otherEmployer = await createEmployer(db);
    const [{ id: service }] = await db.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, version) VALUES ('occupational_health_service', 'Dienst', 1) RETURNING id`,
    );
    const [{ id: practice }] = await db.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Praktijk', 1) RETURNING id`,
    );
    await db.query(
      `INSERT INTO service_contract (health_service_id, employer_id, valid_from, version) VALUES ($1, $2, DATE '2020-01-01', 1)`,
      [service, employer],
    );
    hr = await accessTokenFor(t.app, await createUser(db, 'hr', { organisationId: employer }));
    otherHr = await accessTokenFor(
      t.app,
      await createUser(db, 'hr', { organisationId: otherEmployer }),
    );
    doctor = await accessTokenFor(
      t.app,
      await createUser(db, 'occupational_doctor', { organisationId: service }),
    );
    physio = await accessTokenFor(
      t.app,
      await createUser(db, 'physio', { organisationId: practice }),
    );
    admin = await accessTokenFor(t.app, await createUser(db, 'admin'));
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('lets HR enrol an employee of its employer; the number is unique per employer', async () => {
    const created = await http().post('/employees').set(bearer(hr)).send(valid);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...valid,
      employerId: employer,
      active: true,
      hasAccount: false,
      version: 1,
    });

    const twice = await http().post('/employees').set(bearer(hr)).send(valid);
    expect(twice.status).toBe(409);
    expect(twice.body.errors).toEqual([
      { field: 'employeeNumber', message: 'employeeNumber is in use at this employer' },
    ]);
    expect((await http().post('/employees').set(bearer(otherHr)).send(valid)).status).toBe(201);
    expect((await http().post('/employees').set(bearer(doctor)).send(valid)).status).toBe(403);
  });

  it('names every bad field and stores nothing', async () => {
    const response = await http()
      .post('/employees')
      .set(bearer(hr))
      .send({
        ...valid,
        employeeNumber: 'E 2002',
        birthYear: 1800,
        contractHours: 80,
        physicalDemands: ['flying'],
        diagnosis: 'CANARY-lumbar-hernia',
        employerId: otherEmployer,
      });
    expect(response.status).toBe(400);
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual([
      'birthYear',
      'contractHours',
      'diagnosis',
      'employeeNumber',
      'physicalDemands',
    ]);
    expect(JSON.stringify(response.body)).not.toContain('CANARY');
    const [{ count }] = await db.query<{ count: string }[]>(
      `SELECT count(*) FROM employee WHERE employee_number = 'E 2002'`,
    );
    expect(Number(count)).toBe(0);
  });

  it('lists within scope with search, filters and the true total', async () => {
    for (const name of ['Bart Claes', 'Bieke Claes', 'Carl Maes'])
      await createEmployee(db, employer, { fullName: name, department: 'Depot' });
    const search = await http().get('/employees?search=claes&limit=1').set(bearer(hr));
    expect(search.body.total).toBe(2);
    expect(search.body.items).toHaveLength(1);
    const depot = await http().get('/employees?department=Depot').set(bearer(doctor));
    expect(depot.body.total).toBe(3);
    expect((await http().get('/employees?search=claes').set(bearer(otherHr))).body.total).toBe(0);
    expect((await http().get('/employees').set(bearer(physio))).body.total).toBe(0);
    const bad = await http().get('/employees?active=maybe&limit=500').set(bearer(hr));
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'active',
      'limit',
    ]);
  });

  it('changes an employee under If-Match and records leavers', async () => {
    const id = await createEmployee(db, employer, { fullName: 'Dirk Leaver' });
    const read = await http().get(`/employees/${id}`).set(bearer(hr));
    const etag = read.headers.etag as string;
    expect(
      (await http().patch(`/employees/${id}`).set(bearer(hr)).send({ contractHours: 19 })).status,
    ).toBe(428);
    const changed = await http()
      .patch(`/employees/${id}`)
      .set(bearer(hr))
      .set('If-Match', etag)
      .send({ contractHours: 19 });
    expect(changed.body).toMatchObject({ contractHours: 19, version: 2 });
    expect(
      (
        await http()
          .patch(`/employees/${id}`)
          .set(bearer(hr))
          .set('If-Match', etag)
          .send({ jobTitle: 'X' })
      ).status,
    ).toBe(412);
    expect(
      (
        await http()
          .patch(`/employees/${id}`)
          .set(bearer(otherHr))
          .set('If-Match', 'W/"2"')
          .send({ jobTitle: 'X' })
      ).status,
    ).toBe(404);

    const left = await http()
      .post(`/employees/${id}/deactivate`)
      .set(bearer(hr))
      .send({ leftOn: '2026-02-30' });
    expect(left.body.errors).toEqual([
      { field: 'leftOn', message: 'leftOn must be a calendar date (YYYY-MM-DD)' },
    ]);
    expect(
      (
        await http()
          .post(`/employees/${id}/deactivate`)
          .set(bearer(hr))
          .send({ leftOn: '2026-12-31' })
      ).body,
    ).toMatchObject({
      active: false,
      leftOn: '2026-12-31',
    });
    expect((await http().get('/employees?search=Dirk').set(bearer(hr))).body.total).toBe(0);
    expect(
      (await http().get('/employees?search=Dirk&active=false').set(bearer(hr))).body.total,
    ).toBe(1);
  });

  it('gives an employee an account that sees itself only, and its access log', async () => {
    const id = await createEmployee(db, employer, { fullName: 'Eva Self' });
    const other = await createEmployee(db, employer, { fullName: 'Frank Other' });
    const invited = await http()
      .post('/users')
      .set(bearer(hr))
      .send({
        email: `eva.${id}@test.rtw`,
        displayName: 'Eva Self',
        role: 'employee',
        employeeId: id,
      });
    expect(invited.status).toBe(201);
    const again = await http()
      .post('/users')
      .set(bearer(hr))
      .send({
        email: `eva2.${id}@test.rtw`,
        displayName: 'Eva Twice',
        role: 'employee',
        employeeId: id,
      });
    expect(again.body.errors[0].field).toBe('employeeId');
    await http()
      .post('/auth/invitations/accept')
      .send({
        token: await linkTokenFor(t.app, `eva.${id}@test.rtw`),
        password: 'eva-her-own-passphrase',
      });
    const eva = (
      await http()
        .post('/auth/login')
        .send({ email: `eva.${id}@test.rtw`, password: 'eva-her-own-passphrase' })
    ).body.accessToken as string;

    const mine = await http().get('/employees').set(bearer(eva));
    expect(mine.body.items.map((e: { id: string }) => e.id)).toEqual([id]);
    expect((await http().get(`/employees/${other}`).set(bearer(eva))).status).toBe(404);

    // The doctor reads the log (and is recorded doing so); the employee then sees that read.
    const byDoctor = await http().get(`/employees/${id}/access-log`).set(bearer(doctor));
    expect(byDoctor.status).toBe(200);
    const log = await http().get(`/employees/${id}/access-log`).set(bearer(eva));
    expect(log.status).toBe(200);
    expect(log.body.items[0]).toMatchObject({
      actorRole: 'occupational_doctor',
      action: 'access_log.read',
      outcome: 'allowed',
    });
    expect(log.body.total).toBe(1);
    expect((await http().get(`/employees/${id}/access-log`).set(bearer(admin))).status).toBe(200);
    expect((await http().get(`/employees/${other}/access-log`).set(bearer(eva))).status).toBe(404);
    expect((await http().get(`/employees/${id}/access-log`).set(bearer(hr))).status).toBe(403);
  });
});
