import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Job } from 'bull';
import type { JobEnvelope, JobName } from '../../src/common/queue/queue-names.js';
import { sealSecret } from '../../src/common/crypto/secret-box.js';
import { AccountLinkStore } from '../../src/modules/identity/account-link.store.js';
import { AccountLinksService } from '../../src/modules/identity/account-links.service.js';
import { newOpaqueToken } from '../../src/modules/identity/opaque-token.js';
import { AccountMailProcessor } from '../../src/modules/identity/jobs/account-mail.processor.js';
import { totpCode } from '../../src/modules/identity/totp.js';
import { createEmployee } from '../factories/employees.js';
import {
  createEmployer,
  createUser,
  randomBigNumber,
  type TestUser,
} from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { deliverAccountMails, linkTokenFor, mailsTo } from '../support/mailbox.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const OPAQUE_TOKEN =
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}/;
const PASSPHRASE = 'a-perfectly-fine-passphrase';
/** What a person types to log in. */
const credentials = (user: TestUser) => ({ email: user.email, password: user.password });

/** A valid RIZIV/INAMI number of the profession (1 doctor, 5 physiotherapist), newer check digits. */
function rizivNumber(profession: '1' | '5'): string {
  const person = `${profession}${String(10_000 + Math.floor(Math.random() * 89_999))}`;
  const check = String(89 - (Number(person) % 89)).padStart(2, '0');
  return `${person}${check}004`;
}

describe('accounts that cannot be taken over or created for oneself', () => {
  let t: TestApp;
  let db: DataSource;
  let employer: string;
  let otherEmployer: string;
  let service: string;
  let otherService: string;
  let practice: string;
  let admin: string;
  let hr: string;
  let otherHr: string;
  let manager: string;
  let practiceManager: string;
  const http = () => request(t.app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const address = (who = 'invitee') => `${who}.${randomUUID()}@test.rtw`;
  const organisation = async (kind: string, name: string) =>
    (
      await db.query<{ id: string }[]>(
        `INSERT INTO organisation (kind, name, version) VALUES ($1, $2, 1) RETURNING id`,
        [kind, name],
      )
    )[0].id;

  beforeAll(async () => {
    t = await startTestApi({ TRUST_PROXY: 'loopback' });
    db = t.app.get<DataSource>(getDataSourceToken());
    employer = await createEmployer(db);
    otherEmployer = await createEmployer(db);
    service = await organisation('occupational_health_service', 'Arbodienst Trust');
    otherService = await organisation('occupational_health_service', 'Arbodienst Elders');
    practice = await organisation('physio_practice', 'Praktijk Trust');
    admin = await accessTokenFor(t.app, await createUser(db, 'admin'));
    hr = await accessTokenFor(t.app, await createUser(db, 'hr', { organisationId: employer }));
    otherHr = await accessTokenFor(
      t.app,
      await createUser(db, 'hr', { organisationId: otherEmployer }),
    );
    manager = await accessTokenFor(
      t.app,
      await createUser(db, 'manager', { organisationId: service }),
    );
    practiceManager = await accessTokenFor(
      t.app,
      await createUser(db, 'manager', { organisationId: practice }),
    );
  });
  afterAll(async () => {
    await t.app.close();
  });

  describe('scenario 21: invitation links reach only the invitee', () => {
    it('sends the invitation link by e-mail only: no answer, log line, job payload or table holds it in clear', async () => {
      const employeeId = await createEmployee(db, employer, { fullName: 'Eva Invited' });
      const invitee = address('eva');
      const invited = await http()
        .post('/users')
        .set(bearer(hr))
        .send({ email: invitee, displayName: 'Eva Invited', role: 'employee', employeeId });
      expect(invited.status).toBe(201);
      expect(invited.body.invitation).toEqual({ expiresAt: expect.any(String) });
      expect(JSON.stringify(invited.body)).not.toMatch(OPAQUE_TOKEN);
      const listed = await http().get(`/users/${invited.body.user.id}`).set(bearer(hr));
      expect(JSON.stringify(listed.body)).not.toMatch(OPAQUE_TOKEN);

      // The outbox event names the link's row; the row keeps the link sealed until it is sent.
      const [event] = await db.query<{ payload: unknown }[]>(
        `SELECT payload FROM outbox_event WHERE topic = 'send-account-mail'
          AND payload->>'tokenId' IN (SELECT id::text FROM user_token WHERE user_id = $1)`,
        [invited.body.user.id],
      );
      expect(Object.keys(event.payload as object)).toEqual(['tokenId']);
      const token = await linkTokenFor(t.app, invitee);
      const [mail] = await mailsTo(db, invitee);
      expect(mail.body).toContain(`/invitation#token=${token}`);
      expect(mail.body).toContain('Eva Invited');
      const [row] = await db.query<{ sealed_secret: string | null; mail_state: string }[]>(
        `SELECT sealed_secret, mail_state FROM user_token WHERE user_id = $1`,
        [invited.body.user.id],
      );
      expect(row).toEqual({ sealed_secret: null, mail_state: 'sent' });
      expect(t.logs.text).not.toContain(token);
      expect(t.logs.text).not.toContain(token.split('.')[1]);

      // The invitee, and only the holder of the mailed link, sets the password.
      const accepted = await http()
        .post('/auth/invitations/accept')
        .send({ token, password: PASSPHRASE });
      expect(accepted.status).toBe(204);
      const login = await http().post('/auth/login').send({ email: invitee, password: PASSPHRASE });
      expect(login.status).toBe(200);
    });

    it('lets the creator of an account not activate it: nothing HR receives opens the account', async () => {
      const invitee = address('target');
      const invited = await http()
        .post('/users')
        .set(bearer(hr))
        .send({ email: invitee, displayName: 'Target', role: 'employee' });
      const resent = await http().post(`/users/${invited.body.user.id}/invitation`).set(bearer(hr));
      expect(resent.status).toBe(202);
      const handed = [invited.body, resent.body, invited.body.invitation]
        .map((body) => JSON.stringify(body))
        .join(' ');
      expect(handed).not.toMatch(OPAQUE_TOKEN);
      // Whatever HR tries as a token, the account stays invited.
      for (const guess of [invited.body.user.id, `${invited.body.user.id}.${'A'.repeat(43)}`]) {
        const tried = await http()
          .post('/auth/invitations/accept')
          .send({ token: guess, password: PASSPHRASE });
        expect(tried.status).toBe(401);
      }
      const [{ status }] = await db.query<{ status: string }[]>(
        `SELECT status FROM app_user WHERE id = $1`,
        [invited.body.user.id],
      );
      expect(status).toBe('invited');
      expect(
        (await http().post('/auth/login').send({ email: invitee, password: PASSPHRASE })).status,
      ).toBe(401);
    });

    it('re-sends an invitation as a new link; the earlier link is dead, and expiry stays seven days', async () => {
      const invitee = address('again');
      const invited = await http()
        .post('/users')
        .set(bearer(hr))
        .send({ email: invitee, displayName: 'Again', role: 'employee' });
      const first = await linkTokenFor(t.app, invitee);
      const days = (Date.parse(invited.body.invitation.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.99);
      expect(days).toBeLessThanOrEqual(7);

      const resent = await http().post(`/users/${invited.body.user.id}/invitation`).set(bearer(hr));
      expect(resent.status).toBe(202);
      const second = await linkTokenFor(t.app, invitee);
      expect(second).not.toBe(first);
      expect((await mailsTo(db, invitee)).length).toBe(2);

      const dead = await http()
        .post('/auth/invitations/accept')
        .send({ token: first, password: PASSPHRASE });
      expect(dead.status).toBe(401);
      const live = await http()
        .post('/auth/invitations/accept')
        .send({ token: second, password: PASSPHRASE });
      expect(live.status).toBe(204);
      // An activated account has no invitation to re-send; another employer's HR cannot see it.
      expect(
        (await http().post(`/users/${invited.body.user.id}/invitation`).set(bearer(hr))).status,
      ).toBe(409);
      expect(
        (await http().post(`/users/${invited.body.user.id}/invitation`).set(bearer(otherHr)))
          .status,
      ).toBe(404);
    });

    it('resets a password only through a link e-mailed to the account, and answers alike for unknown addresses', async () => {
      const user = await createUser(db, 'hr', { organisationId: employer });
      const unknown = address('nobody');
      const asked = await http().post('/auth/password-reset').send({ email: user.email });
      const askedUnknown = await http().post('/auth/password-reset').send({ email: unknown });
      expect([asked.status, askedUnknown.status]).toEqual([202, 202]);
      expect(asked.body).toEqual(askedUnknown.body);
      const token = await linkTokenFor(t.app, user.email, '/reset-password');
      expect(await mailsTo(db, unknown)).toEqual([]);
      expect(t.logs.text).not.toContain(token);

      const session = (await http().post('/auth/login').send(credentials(user))).body
        .accessToken as string;
      const reset = await http()
        .post('/auth/password-reset/confirm')
        .send({ token, password: 'a-new-reset-passphrase' });
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({
        accessToken: expect.any(String),
        deviceToken: expect.any(String),
      });
      // The link works once; earlier sessions end; the new password signs in.
      const again = await http()
        .post('/auth/password-reset/confirm')
        .send({ token, password: 'yet-another-passphrase' });
      expect(again.status).toBe(401);
      expect((await http().get('/me').set(bearer(session))).status).toBe(401);
      expect(
        (
          await http()
            .post('/auth/login')
            .send({ email: user.email, password: 'a-new-reset-passphrase' })
        ).status,
      ).toBe(200);
    });
  });

  describe('scenario 22: no single account creates a clinical identity and uses it', () => {
    it('refuses a physiotherapist or doctor invited by a platform admin, or moved into a clinical role', async () => {
      for (const [role, organisationId] of [
        ['occupational_doctor', service],
        ['physio', practice],
      ]) {
        const refused = await http()
          .post('/users')
          .set(bearer(admin))
          .send({
            email: address(),
            displayName: 'Self-made',
            role,
            organisationId,
            registration: { scheme: 'big', number: randomBigNumber() },
          });
        expect(refused.status).toBe(400);
        expect(refused.body.errors).toEqual([
          {
            field: 'role',
            message:
              'a physiotherapist or occupational doctor is invited by a manager of their own practice or service',
          },
        ]);
      }
      const analyst = await createUser(db, 'analyst', { organisationId: service });
      const read = await http().get(`/users/${analyst.id}`).set(bearer(admin));
      const promoted = await http()
        .patch(`/users/${analyst.id}/role`)
        .set(bearer(admin))
        .set('If-Match', read.headers.etag)
        .send({ role: 'occupational_doctor' });
      expect(promoted.status).toBe(400);
      expect(promoted.body.errors[0].field).toBe('role');
      const [{ role }] = await db.query<{ role: string }[]>(
        `SELECT role FROM app_user WHERE id = $1`,
        [analyst.id],
      );
      expect(role).toBe('analyst');
    });

    it('lets a manager invite its own service’s doctors and its practice’s physiotherapists with a checked registration', async () => {
      const invite = (token: string, body: object) =>
        http()
          .post('/users')
          .set(bearer(token))
          .send({ displayName: 'Dr. Nieuw', ...body });
      const missing = await invite(manager, { email: address(), role: 'occupational_doctor' });
      expect(missing.body.errors).toEqual([
        {
          field: 'registration',
          message:
            'registration (BIG or RIZIV/INAMI number) is required for a physiotherapist or occupational doctor',
        },
      ]);
      const short = await invite(manager, {
        email: address(),
        role: 'occupational_doctor',
        registration: { scheme: 'big', number: '1234567' },
      });
      expect(short.body.errors).toEqual([
        {
          field: 'registration.number',
          message: 'registration.number: a BIG number has 11 digits',
        },
      ]);
      const typo = rizivNumber('1').replace(
        /^(\d{7})(\d)/,
        (_, head: string, digit: string) => `${head}${(Number(digit) + 1) % 10}`,
      );
      const badCheck = await invite(manager, {
        email: address(),
        role: 'occupational_doctor',
        registration: { scheme: 'riziv', number: typo },
      });
      expect(badCheck.body.errors[0].field).toBe('registration.number');
      const physioNumber = await invite(manager, {
        email: address(),
        role: 'occupational_doctor',
        registration: { scheme: 'riziv', number: rizivNumber('5') },
      });
      expect(physioNumber.body.errors[0].message).toContain('not one of a doctor');
      const elsewhere = await invite(manager, {
        email: address(),
        role: 'occupational_doctor',
        organisationId: otherService,
        registration: { scheme: 'big', number: randomBigNumber() },
      });
      expect(elsewhere.body.errors[0].field).toBe('organisationId');
      const wrongKind = await invite(manager, {
        email: address(),
        role: 'physio',
        registration: { scheme: 'big', number: randomBigNumber() },
      });
      expect(wrongKind.body.errors[0].field).toBe('organisationId');
      expect(
        (
          await db.query<{ n: string }[]>(
            `SELECT count(*) AS n FROM app_user WHERE display_name = 'Dr. Nieuw'`,
          )
        )[0].n,
      ).toBe('0');

      const written = rizivNumber('1');
      const doctor = await invite(manager, {
        email: address('doctor'),
        role: 'occupational_doctor',
        registration: {
          scheme: 'riziv',
          number: `${written[0]}-${written.slice(1, 6)}-${written.slice(6, 8)}-${written.slice(8)}`,
        },
      });
      expect(doctor.status).toBe(201);
      expect(doctor.body.user).toMatchObject({
        role: 'occupational_doctor',
        organisationIds: [service],
        registration: {
          scheme: 'riziv',
          number: written,
          display: `RIZIV ${written[0]}-${written.slice(1, 6)}-${written.slice(6, 8)}-${written.slice(8)}`,
        },
      });
      const physio = await invite(practiceManager, {
        email: address('physio'),
        role: 'physio',
        registration: { scheme: 'riziv', number: rizivNumber('5') },
      });
      expect(physio.status).toBe(201);
      // One live account per registration number.
      const twice = await invite(manager, {
        email: address(),
        role: 'occupational_doctor',
        registration: { scheme: 'riziv', number: written },
      });
      expect(twice.status).toBe(409);
      expect(twice.body.errors[0].field).toBe('registration.number');
      // The manager sees its own organisation's accounts only, and no clinical data at all.
      expect((await http().get(`/users/${physio.body.user.id}`).set(bearer(manager))).status).toBe(
        404,
      );
      expect((await http().get('/episodes').set(bearer(manager))).status).toBe(403);
    });

    it('records account creation, activation, role changes and disabling with their actor in the account-events view', async () => {
      const invitee = address('audited');
      const invited = await http().post('/users').set(bearer(manager)).send({
        email: invitee,
        displayName: 'Audited Analyst',
        role: 'analyst',
      });
      const id = invited.body.user.id as string;
      await http()
        .post('/auth/invitations/accept')
        .send({ token: await linkTokenFor(t.app, invitee), password: PASSPHRASE });
      const read = await http().get(`/users/${id}`).set(bearer(admin));
      await http()
        .patch(`/users/${id}/role`)
        .set(bearer(admin))
        .set('If-Match', read.headers.etag)
        .send({ role: 'manager' });
      await http().post(`/users/${id}/disable`).set(bearer(manager));

      const events = await http().get(`/account-events?accountId=${id}`).set(bearer(admin));
      expect(events.status).toBe(200);
      expect(
        (events.body.items as { action: string; actorRole: string | null; detail: unknown }[])
          .map((event) => [event.action, event.actorRole, event.detail])
          .reverse(),
      ).toEqual([
        [
          'account.invited',
          'manager',
          { role: 'analyst', organisationId: service, registration: null },
        ],
        ['account.activated', null, null],
        ['account.role_changed', 'admin', { from: 'analyst', to: 'manager' }],
        ['account.disabled', 'manager', { role: 'manager' }],
      ]);
      for (const event of events.body.items as { accountName: string; correlationId: string }[]) {
        expect(event.accountName).toBe('Audited Analyst');
        expect(event.correlationId).toEqual(expect.any(String));
      }
      // The manager reads its own organisation's events; HR has no such view.
      const own = await http().get(`/account-events?accountId=${id}`).set(bearer(manager));
      expect(own.body.total).toBe(4);
      const foreign = await http()
        .get(`/account-events?accountId=${id}`)
        .set(bearer(practiceManager));
      expect(foreign.body.total).toBe(0);
      expect((await http().get('/account-events').set(bearer(hr))).status).toBe(403);
    });

    it('shows the employee each clinician who read the file, with name, organisation and registration', async () => {
      const employeeUser = await createUser(db, 'employee', { organisationId: employer });
      const employeeId = await createEmployee(db, employer, { fullName: 'Lees Log' });
      await db.query(`UPDATE employee SET user_id = $1 WHERE id = $2`, [
        employeeUser.id,
        employeeId,
      ]);
      await db.query(
        `INSERT INTO service_contract (health_service_id, employer_id, valid_from, version) VALUES ($1, $2, DATE '2020-01-01', 1)
         ON CONFLICT DO NOTHING`,
        [service, employer],
      );
      const doctor: TestUser = await createUser(db, 'occupational_doctor', {
        organisationId: service,
      });
      const [{ registration_number: number }] = await db.query<{ registration_number: string }[]>(
        `SELECT registration_number FROM app_user WHERE id = $1`,
        [doctor.id],
      );
      const doctorToken = await accessTokenFor(t.app, doctor);
      expect((await http().get(`/employees/${employeeId}`).set(bearer(doctorToken))).status).toBe(
        200,
      );
      await http().get(`/employees/${employeeId}/access-log`).set(bearer(doctorToken));

      const own = await accessTokenFor(t.app, employeeUser);
      const log = await http().get(`/employees/${employeeId}/access-log`).set(bearer(own));
      const byDoctor = (log.body.items as { actorRole: string }[]).find(
        (entry) => entry.actorRole === 'occupational_doctor',
      );
      expect(byDoctor).toMatchObject({
        actorName: 'Test occupational_doctor',
        actorOrganisation: 'Arbodienst Trust',
        actorRegistration: `BIG ${number}`,
      });
    });
  });

  describe('scenario 26: a password change or a copied refresh token ends every earlier access token', () => {
    it('refuses an access token issued in the same second as the password change', async () => {
      const user = await createUser(db, 'employee', { organisationId: employer });
      const first = (await http().post('/auth/login').send(credentials(user))).body
        .accessToken as string;
      const second = (await http().post('/auth/login').send(credentials(user))).body
        .accessToken as string;
      const changed = await http()
        .post('/auth/password')
        .set(bearer(first))
        .send({ currentPassword: user.password, newPassword: 'a-changed-passphrase-7' });
      expect(changed.status).toBe(204);
      // No waiting for the next second: both end at once.
      expect((await http().get('/me').set(bearer(first))).status).toBe(401);
      expect((await http().get('/me').set(bearer(second))).status).toBe(401);
    });

    it('ends the access tokens of the account when a rotated refresh token is presented again', async () => {
      const user = await createUser(db, 'employee', { organisationId: employer });
      const session = (await http().post('/auth/login').send(credentials(user))).body as {
        accessToken: string;
        refreshToken: string;
      };
      const rotated = await http()
        .post('/auth/refresh')
        .send({ refreshToken: session.refreshToken });
      expect((await http().get('/me').set(bearer(rotated.body.accessToken))).status).toBe(200);
      const replay = await http()
        .post('/auth/refresh')
        .send({ refreshToken: session.refreshToken });
      expect(replay.status).toBe(401);
      expect((await http().get('/me').set(bearer(session.accessToken))).status).toBe(401);
      expect((await http().get('/me').set(bearer(rotated.body.accessToken))).status).toBe(401);
    });
  });

  describe('scenario 27: no account enumeration; canonical e-mail addresses', () => {
    it('answers HR the same for an address with an account at another employer as for a new one', async () => {
      const elsewhere = await createUser(db, 'employee', { organisationId: otherEmployer });
      const fresh = address('fresh');
      const asKnown = await http()
        .post('/users')
        .set(bearer(hr))
        .send({ email: elsewhere.email, displayName: 'Known Elsewhere', role: 'employee' });
      const asNew = await http()
        .post('/users')
        .set(bearer(hr))
        .send({ email: fresh, displayName: 'Brand New', role: 'employee' });
      expect([asKnown.status, asNew.status]).toEqual([201, 201]);
      const shape = (body: { user: Record<string, unknown> }) =>
        Object.keys(body.user).sort().join() + body.user.status;
      expect(shape(asKnown.body)).toBe(shape(asNew.body));
      expect(asKnown.body.user).toMatchObject({
        email: elsewhere.email,
        status: 'invited',
        organisationIds: [employer],
      });
      // An address HR does manage is taken, and HR may say so.
      const twice = await http()
        .post('/users')
        .set(bearer(hr))
        .send({ email: fresh.toUpperCase(), displayName: 'Twice', role: 'employee' });
      expect(twice.status).toBe(409);
      expect(twice.body.errors[0].field).toBe('email');
      // The owner of the address, who reads the invitation, learns it has an account already.
      const token = await linkTokenFor(t.app, elsewhere.email);
      const accepted = await http()
        .post('/auth/invitations/accept')
        .send({ token, password: PASSPHRASE });
      expect(accepted.status).toBe(409);
      expect((await http().post('/auth/login').send(credentials(elsewhere))).status).toBe(200);
    });

    it.each([
      ['a zero-width space', 'an\u200b.peeters@test.rtw'],
      ['a zero-width joiner', 'an.pee\u200dters@test.rtw'],
      ['a right-to-left override', 'an.peeters\u202e@test.rtw'],
      ['a left-to-right isolate', '\u2066an.peeters@test.rtw'],
      ['a Cyrillic a among Latin letters', 'an.peeters@t\u0435st.rtw'],
      ['a Greek omicron among Latin letters', 'an.pe\u03bfters@test.rtw'],
    ])('refuses an address with %s, naming the field, and stores nothing', async (_what, email) => {
      // Other test files add accounts meanwhile: this one is found by its own name.
      const displayName = `Lookalike ${randomUUID()}`;
      const refused = await http()
        .post('/users')
        .set(bearer(hr))
        .send({ email, displayName, role: 'employee' });
      expect(refused.status).toBe(400);
      expect((refused.body.errors as { field: string }[]).map((e) => e.field)).toContain('email');
      const stored = await db.query<unknown[]>(`SELECT 1 FROM app_user WHERE display_name = $1`, [
        displayName,
      ]);
      expect(stored).toEqual([]);
    });

    it('treats case and Unicode compatibility forms of an address as one address', async () => {
      const local = `wide.${randomUUID().slice(0, 8)}`;
      const plain = `${local}@test.rtw`;
      const created = await http()
        .post('/users')
        .set(bearer(hr))
        .send({ email: plain, displayName: 'Wide', role: 'employee' });
      expect(created.status).toBe(201);
      // Full-width letters (NFKC folds them) and upper case are the same address.
      const fullWidth = [...plain.toUpperCase()]
        .map((c) => (/[A-Z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
        .join('');
      const again = await http()
        .post('/users')
        .set(bearer(hr))
        .send({ email: fullWidth, displayName: 'Wide again', role: 'employee' });
      expect(again.status).toBe(409);
      const [{ email }] = await db.query<{ email: string }[]>(
        `SELECT email FROM app_user WHERE id = $1`,
        [created.body.user.id],
      );
      expect(email).toBe(plain);
    });
  });

  describe('scenario 25: secrets are never stored in clear or replayed', () => {
    it('refuses an Idempotency-Key on routes whose answer carries a secret', async () => {
      const physio = await createUser(db, 'physio', { organisationId: practice });
      const session = (await http().post('/auth/login').send(credentials(physio))).body
        .accessToken as string;
      const enrol = await http()
        .post('/auth/mfa/enrol')
        .set(bearer(session))
        .set('Idempotency-Key', 'enrol-once');
      expect(enrol.status).toBe(400);
      expect(enrol.body.errors[0].field).toBe('Idempotency-Key');
      const login = await http()
        .post('/auth/login')
        .set('Idempotency-Key', 'login-once')
        .send(credentials(physio));
      expect(login.status).toBe(400);
      const stored = await db.query<unknown[]>(
        `SELECT 1 FROM idempotency_key WHERE key IN ('enrol-once', 'login-once')`,
      );
      expect(stored).toEqual([]);
    });

    it('keeps no token, TOTP seed or recovery code in clear in any table', async () => {
      // Every kind of secret the platform hands out, through the real flows.
      const invitee = address('secrets');
      const invited = await http()
        .post('/users')
        .set(bearer(practiceManager))
        .send({
          email: invitee,
          displayName: 'Secret Keeper',
          role: 'physio',
          registration: { scheme: 'big', number: randomBigNumber() },
        });
      expect(invited.status).toBe(201);
      const invitation = await linkTokenFor(t.app, invitee);
      await http()
        .post('/auth/invitations/accept')
        .send({ token: invitation, password: PASSPHRASE });
      const first = (
        await http().post('/auth/login').send({ email: invitee, password: PASSPHRASE })
      ).body as { accessToken: string; refreshToken: string; deviceToken: string };
      const enrolment = (await http().post('/auth/mfa/enrol').set(bearer(first.accessToken)))
        .body as {
        secret: string;
      };
      const confirmed = (
        await http()
          .post('/auth/mfa/confirm')
          .set(bearer(first.accessToken))
          .send({ code: totpCode(enrolment.secret, Date.now()) })
      ).body as {
        recoveryCodes: string[];
        tokens: { accessToken: string; refreshToken: string; deviceToken: string };
      };
      const challenge = (
        await http().post('/auth/login').send({ email: invitee, password: PASSPHRASE })
      ).body.challengeToken as string;
      await http().post('/auth/password-reset').send({ email: invitee });
      const reset = await linkTokenFor(t.app, invitee, '/reset-password');
      const secrets = [
        invitation,
        reset,
        first.refreshToken,
        first.deviceToken,
        enrolment.secret,
        ...confirmed.recoveryCodes,
        confirmed.tokens.accessToken,
        confirmed.tokens.refreshToken,
        challenge,
      ].flatMap((value) => [value, value.includes('.') ? value.split('.').at(-1)! : value]);
      expect(secrets.every(Boolean)).toBe(true);

      // Every text, JSON and byte column of every table, except the mail capture: it stands for
      // the recipients' mailboxes (SMTP_URL=capture, refused in production).
      const columns = await db.query<{ table_name: string; column_name: string }[]>(
        `SELECT c.table_name, c.column_name FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea')
            AND c.table_name <> 'captured_mail'`,
      );
      expect(columns.length).toBeGreaterThan(50);
      const hits: string[] = [];
      for (const { table_name: table, column_name: column } of columns) {
        const [{ found }] = await db.query<{ found: boolean }[]>(
          `SELECT EXISTS (SELECT 1 FROM "${table}" WHERE "${column}"::text LIKE ANY ($1::text[])) AS found`,
          [secrets.map((secret) => `%${secret}%`)],
        );
        if (found) hits.push(`${table}.${column}`);
      }
      expect(hits).toEqual([]);
    });
  });

  describe('scenario 28: someone who knows only an e-mail address cannot keep its owner out', () => {
    const login = (body: object, from: string) =>
      http().post('/auth/login').set('X-Forwarded-For', from).send(body);
    const guessOut = async (email: string) => {
      for (let i = 0; i < 24; i++) await login({ email, password: `guess-${i}` }, `10.66.${i}.1`);
    };

    it('lets the owner in from a device that signed in before while strangers are locked out', async () => {
      const owner = await createUser(db, 'hr', { organisationId: employer });
      const earlier = await login(credentials(owner), '10.60.0.1');
      const deviceToken = earlier.body.deviceToken as string;
      expect(deviceToken).toMatch(OPAQUE_TOKEN);
      await guessOut(owner.email);
      // A stranger, even with the right password, waits; the owner's device does not.
      const stranger = await login(credentials(owner), '10.61.0.1');
      expect(stranger.status).toBe(429);
      expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(0);
      const fromDevice = await login({ ...credentials(owner), deviceToken }, '10.62.0.1');
      expect(fromDevice.status).toBe(200);
      expect(fromDevice.body.deviceToken).toBe(deviceToken);
      // Another account's device token is no key to this one.
      const other = await createUser(db, 'hr', { organisationId: employer });
      const otherDevice = (await login(credentials(other), '10.63.0.1')).body.deviceToken as string;
      expect(
        (await login({ ...credentials(owner), deviceToken: otherDevice }, '10.64.0.1')).status,
      ).toBe(429);
    });

    it('lets a correct password with a current second-factor code through a lock others caused', async () => {
      const owner = await createUser(db, 'manager', { organisationId: practice });
      const session = (await login(credentials(owner), '10.70.0.1')).body.accessToken as string;
      const { secret } = (await http().post('/auth/mfa/enrol').set(bearer(session))).body as {
        secret: string;
      };
      await http()
        .post('/auth/mfa/confirm')
        .set(bearer(session))
        .send({ code: totpCode(secret, Date.now()) });
      await guessOut(owner.email);
      expect((await login(credentials(owner), '10.71.0.1')).status).toBe(429);
      // A wrong code is no way in either.
      const wrongCode = String((Number(totpCode(secret, Date.now())) + 1) % 1_000_000).padStart(
        6,
        '0',
      );
      expect(
        (await login({ ...credentials(owner), totpCode: wrongCode }, '10.72.0.1')).status,
      ).not.toBe(200);
      const next = totpCode(secret, Date.now() + 30_000);
      const inWithCode = await login({ ...credentials(owner), totpCode: next }, '10.73.0.1');
      expect(inWithCode.status).toBe(200);
      expect(inWithCode.body.accessToken).toEqual(expect.any(String));
      const [, payload] = (inWithCode.body.accessToken as string).split('.');
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString()).amr).toEqual(['pwd', 'otp']);
    });

    it('lets the owner back in by a password reset, and slows one guessing client with growing delays of minutes at most', async () => {
      const owner = await createUser(db, 'employee', { organisationId: employer });
      await guessOut(owner.email);
      expect((await login(credentials(owner), '10.80.0.1')).status).toBe(429);
      await http().post('/auth/password-reset').send({ email: owner.email });
      const token = await linkTokenFor(t.app, owner.email, '/reset-password');
      const reset = await http()
        .post('/auth/password-reset/confirm')
        .send({ token, password: 'my-own-new-passphrase' });
      expect(reset.status).toBe(200);
      const back = await login(
        {
          email: owner.email,
          password: 'my-own-new-passphrase',
          deviceToken: reset.body.deviceToken,
        },
        '10.81.0.1',
      );
      expect(back.status).toBe(200);

      // One client guessing on its own: free for three failures, then it waits, longer each time,
      // never more than five minutes.
      const target = await createUser(db, 'employee', { organisationId: employer });
      const waits: number[] = [];
      for (let i = 0; i < 4; i++) {
        const answer = await login({ email: target.email, password: `nope-${i}` }, '10.90.0.1');
        expect(answer.status).toBe(401);
      }
      const held = await login({ email: target.email, password: 'nope-4' }, '10.90.0.1');
      expect(held.status).toBe(429);
      waits.push(Number(held.headers['retry-after']));
      expect(waits[0]).toBeGreaterThanOrEqual(1);
      expect(waits[0]).toBeLessThanOrEqual(300);
      // Another client of the owner (another address) is not held back by it.
      expect((await login(credentials(target), '10.91.0.1')).status).toBe(200);
    });
  });

  it('invites a person again after their account was disabled: the new account takes the address over', async () => {
    const old = await createUser(db, 'employee', { organisationId: employer });
    await http().post(`/users/${old.id}/disable`).set(bearer(hr));
    const again = await http()
      .post('/users')
      .set(bearer(hr))
      .send({ email: old.email, displayName: 'Back Again', role: 'employee' });
    expect(again.status).toBe(201);
    const token = await linkTokenFor(t.app, old.email);
    expect(
      (await http().post('/auth/invitations/accept').send({ token, password: PASSPHRASE })).status,
    ).toBe(204);
    const login = await http().post('/auth/login').send({ email: old.email, password: PASSPHRASE });
    expect(login.status).toBe(200);
    const me = await http().get('/me').set(bearer(login.body.accessToken));
    expect(me.body.id).toBe(again.body.user.id);
    expect((await http().post('/auth/login').send(credentials(old))).status).toBe(401);
  });

  it('sends a link once when its mail job runs twice, also at the same time', async () => {
    const invitee = address('twice');
    const invited = await http()
      .post('/users')
      .set(bearer(hr))
      .send({ email: invitee, displayName: 'Twice', role: 'employee' });
    const [{ id }] = await db.query<{ id: string }[]>(
      `SELECT id FROM user_token WHERE user_id = $1 AND purpose = 'invitation'`,
      [invited.body.user.id],
    );
    const processor = new AccountMailProcessor(
      t.app.get(AccountLinksService, { strict: false }),
      db,
    );
    const [event] = await db.query<{ id: string; topic: string }[]>(
      `SELECT id, topic FROM outbox_event WHERE payload->>'tokenId' = $1`,
      [id],
    );
    const job = {
      data: { correlationId: 'twice', payload: { tokenId: id } },
      opts: { jobId: `${event.topic}:outbox-${event.id}` },
    } as Job<JobEnvelope<JobName.SendAccountMail>>;
    await Promise.all([processor.send(job), processor.send(job)]);
    await processor.send(job);
    expect(await mailsTo(db, invitee)).toHaveLength(1);
    // The job's work is done, so its outbox event is: the relay hands it over no more.
    const [done] = await db.query<{ done: boolean }[]>(
      `SELECT done_at IS NOT NULL AS done FROM outbox_event WHERE id = $1`,
      [event.id],
    );
    expect(done.done).toBe(true);
    const [row] = await db.query<{ mail_state: string; sealed_secret: string | null }[]>(
      `SELECT mail_state, sealed_secret FROM user_token WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ mail_state: 'sent', sealed_secret: null });
  });

  it('sends nothing for a link whose account was disabled before the mail went out', async () => {
    const invited = await createUser(db, 'employee', { organisationId: employer });
    await db.query(`UPDATE app_user SET status = 'invited' WHERE id = $1`, [invited.id]);
    // The link owed, with no outbox event and dated later than now: no other test file's worker
    // (they share this database) hands it over before the account is disabled.
    const token = newOpaqueToken();
    await db.transaction((manager) =>
      t.app.get(AccountLinkStore, { strict: false }).insertPending(manager, {
        id: token.id,
        userId: invited.id,
        purpose: 'invitation',
        secretHash: token.secretHash,
        sealedSecret: sealSecret(t.config.dataEncryptionKey, token.value),
        expiresAt: new Date(Date.now() + 3_600_000),
        createdBy: null,
      }),
    );
    await db.query(`UPDATE user_token SET created_at = now() + interval '1 hour' WHERE id = $1`, [
      token.id,
    ]);
    const disabled = await http().post(`/users/${invited.id}/disable`).set(bearer(hr));
    expect(disabled.status).toBe(200);
    const invitee = invited.email;
    await deliverAccountMails(t.app, invitee);
    expect(await mailsTo(db, invitee)).toEqual([]);
  });
});
