import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createEmployer, createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { linkTokenFor } from '../support/mailbox.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

describe('accounts: invitations, disabling, roles', () => {
  let t: TestApp;
  let db: DataSource;
  let employer: string;
  let otherEmployer: string;
  let service: string;
  let admin: string;
  let hr: string;
  const http = () => request(t.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const email = () => `invitee.${randomUUID()}@test.rtw`;

  beforeAll(async () => {
    t = await startTestApi();
    db = t.app.get<DataSource>(getDataSourceToken());
    employer = await createEmployer(db);
    otherEmployer = await createEmployer(db);
    [{ id: service }] = await db.query<{ id: string }[]>(
      `INSERT INTO organisation (kind, name, version) VALUES ('occupational_health_service', 'Dienst Test', 1) RETURNING id`,
    );
    admin = await accessTokenFor(t.app, await createUser(db, 'admin'));
    hr = await accessTokenFor(t.app, await createUser(db, 'hr', { organisationId: employer }));
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('invites an account that sets its own password once, through a single-use token', async () => {
    const address = email();
    const invited = await http().post('/users').set(bearer(admin)).send({
      email: address,
      displayName: 'Pieter Test',
      role: 'analyst',
      organisationId: service,
    });
    expect(invited.status).toBe(201);
    expect(invited.body.user).toMatchObject({
      email: address,
      role: 'analyst',
      status: 'invited',
      organisationIds: [service],
      registration: null,
    });
    expect(Object.keys(invited.body.invitation)).toEqual(['expiresAt']);
    const token = await linkTokenFor(t.app, address);

    const login = () =>
      http().post('/auth/login').send({ email: address, password: 'a-perfectly-fine-passphrase' });
    expect((await login()).status).toBe(401);

    const weak = await http().post('/auth/invitations/accept').send({ token, password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual([
      { field: 'password', message: 'password must be at least 12 characters long' },
    ]);

    expect(
      (
        await http()
          .post('/auth/invitations/accept')
          .send({ token, password: 'a-perfectly-fine-passphrase' })
      ).status,
    ).toBe(204);
    expect((await login()).status).toBe(200);
    const again = await http()
      .post('/auth/invitations/accept')
      .send({ token, password: 'another-fine-passphrase' });
    expect(again.status).toBe(401);
  });

  it('refuses an expired invitation and a duplicate e-mail address', async () => {
    const address = email();
    const invited = await http().post('/users').set(bearer(admin)).send({
      email: address,
      displayName: 'Late Invitee',
      role: 'employee',
      organisationId: employer,
    });
    const token = await linkTokenFor(t.app, address);
    await db.query(
      `UPDATE user_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [invited.body.user.id],
    );
    const late = await http()
      .post('/auth/invitations/accept')
      .send({ token, password: 'a-perfectly-fine-passphrase' });
    expect(late.status).toBe(401);

    const duplicate = await http().post('/users').set(bearer(admin)).send({
      email: address.toUpperCase(),
      displayName: 'Twice',
      role: 'employee',
      organisationId: employer,
    });
    expect(duplicate.status).toBe(409);
  });

  it('lets HR invite HR and employee accounts of its own employer only', async () => {
    const own = await http()
      .post('/users')
      .set(bearer(hr))
      .send({ email: email(), displayName: 'Eva', role: 'employee' });
    expect(own.status).toBe(201);
    expect(own.body.user.organisationIds).toEqual([employer]);

    const physio = await http()
      .post('/users')
      .set(bearer(hr))
      .send({ email: email(), displayName: 'P', role: 'physio' });
    expect(physio.body.errors).toEqual([
      {
        field: 'role',
        message:
          'a physiotherapist or occupational doctor is invited by a manager of their own practice or service',
      },
    ]);
    const analyst = await http()
      .post('/users')
      .set(bearer(hr))
      .send({ email: email(), displayName: 'A', role: 'analyst' });
    expect(analyst.body.errors).toEqual([
      { field: 'role', message: 'role must be one of: hr, employee' },
    ]);
    const elsewhere = await http()
      .post('/users')
      .set(bearer(hr))
      .send({ email: email(), displayName: 'E', role: 'employee', organisationId: otherEmployer });
    expect(elsewhere.body.errors).toEqual([
      { field: 'organisationId', message: 'organisationId must be your own employer' },
    ]);
    const mismatch = await http().post('/users').set(bearer(admin)).send({
      email: email(),
      displayName: 'D',
      role: 'analyst',
      organisationId: employer,
    });
    expect(mismatch.body.errors[0]).toMatchObject({ field: 'organisationId' });
  });

  it('lists for HR only its own employer’s HR and employee accounts', async () => {
    await createUser(db, 'employee', { organisationId: otherEmployer });
    const list = await http().get('/users?limit=200').set(bearer(hr));
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(list.body.items.length);
    for (const user of list.body.items as { role: string; organisationIds: string[] }[]) {
      expect(['hr', 'employee']).toContain(user.role);
      expect(user.organisationIds).toContain(employer);
    }
  });

  it('disables an account: its next request is refused and its sessions end', async () => {
    const employee: TestUser = await createUser(db, 'employee', { organisationId: employer });
    const session = (
      await http().post('/auth/login').send({ email: employee.email, password: employee.password })
    ).body;
    expect((await http().get('/me').set(bearer(session.accessToken))).status).toBe(200);

    const outsider = await createUser(db, 'employee', { organisationId: otherEmployer });
    expect((await http().post(`/users/${outsider.id}/disable`).set(bearer(hr))).status).toBe(404);

    const disabled = await http().post(`/users/${employee.id}/disable`).set(bearer(hr));
    expect(disabled.status).toBe(200);
    expect(disabled.body.status).toBe('disabled');
    expect((await http().get('/me').set(bearer(session.accessToken))).status).toBe(401);
    expect(
      (await http().post('/auth/refresh').send({ refreshToken: session.refreshToken })).status,
    ).toBe(401);
  });

  it('changes a role with If-Match; it applies on the next request', async () => {
    const employee = await createUser(db, 'employee', { organisationId: employer });
    const token = await accessTokenFor(t.app, employee);
    const read = await http().get(`/users/${employee.id}`).set(bearer(admin));

    expect(
      (
        await http()
          .patch(`/users/${employee.id}/role`)
          .set(bearer(hr))
          .set('If-Match', read.headers.etag)
          .send({ role: 'hr' })
      ).status,
    ).toBe(403);
    const stale = await http()
      .patch(`/users/${employee.id}/role`)
      .set(bearer(admin))
      .set('If-Match', 'W/"999"')
      .send({ role: 'hr' });
    expect(stale.status).toBe(412);
    const changed = await http()
      .patch(`/users/${employee.id}/role`)
      .set(bearer(admin))
      .set('If-Match', read.headers.etag)
      .send({ role: 'hr' });
    expect(changed.status).toBe(200);
    expect((await http().get('/me').set(bearer(token))).body.role).toBe('hr');
  });
});
