import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { launchChromium } from '../../src/dev/chromium.js';
import { totpCode } from '../../src/modules/identity/totp.js';
import { accessTokenFor } from '../support/auth.js';
import { createEmployer, createUser, TEST_PASSWORD } from '../factories/identity.js';
import { linkTokenFor } from '../support/mailbox.js';
import { startTestApi, type TestApp } from '../support/test-app.js';
import { openContext, seriousAxeFindings, signIn, type WebSession } from './support/web-session.js';

/**
 * The ways into the application as a person meets them: the invitation link of an e-mail, and a
 * clinician's first sign-in that sets up the second factor (QR code, recovery codes shown once),
 * then a later sign-in with a recovery code.
 */
describe('signing in to the web application', () => {
  let api: TestApp;
  let db: DataSource;
  let browser: Browser;
  let baseUrl: string;
  const sessions: WebSession[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    await api.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${((api.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    db = api.app.get<DataSource>(getDataSourceToken());
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    for (const session of sessions) await session.context.close().catch(() => undefined);
    await browser?.close();
    await api?.app.close();
  });

  const context = async () => {
    const session = await openContext(browser);
    sessions.push(session);
    return session.page;
  };

  it('accepts an invitation from its e-mailed link, sets the first password and signs in', async () => {
    const admin = await createUser(db, 'admin');
    const address = `nieuw.${randomUUID().slice(0, 8)}@test.rtw`;
    const invited = await request(api.app.getHttpServer())
      .post('/users')
      .set('Authorization', `Bearer ${await accessTokenFor(api.app, admin)}`)
      .send({
        email: address,
        displayName: 'Nele Nieuw',
        role: 'hr',
        organisationId: await createEmployer(db),
      });
    expect(invited.status).toBe(201);
    const token = await linkTokenFor(api.app, address);

    const page = await context();
    await page.goto(`${baseUrl}/app/invitation#token=${token}`);
    await page.getByRole('heading', { name: 'Welkom: kies uw wachtwoord' }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.getByRole('textbox', { name: /^Nieuw wachtwoord/ }).fill('kort');
    await page.getByRole('textbox', { name: /^Herhaal het wachtwoord/ }).fill('kort');
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await page.getByText('Minstens 12 tekens.', { exact: true }).waitFor();
    expect(
      await page.getByRole('textbox', { name: /^Nieuw wachtwoord/ }).getAttribute('aria-invalid'),
    ).toBe('true');
    const password = 'een lange zin om te onthouden';
    await page.getByRole('textbox', { name: /^Nieuw wachtwoord/ }).fill(password);
    await page.getByRole('textbox', { name: /^Herhaal het wachtwoord/ }).fill(password);
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await page.getByText('Uw wachtwoord is ingesteld. U kunt zich nu aanmelden.').waitFor();
    // The link's token never left the fragment: no request carried it in its address.
    await signIn(page, baseUrl, address, password);
    await page.getByRole('heading', { name: /Lopende trajecten|Open programmes/ }).waitFor();
  }, 60_000);

  it('sets up a clinician’s second factor on the first sign-in, then signs in with a recovery code', async () => {
    const physio = await createUser(db, 'physio', {
      organisationId: (
        await db.query<{ id: string }[]>(
          `INSERT INTO organisation (kind, name, version) VALUES ('physio_practice', 'Praktijk', 1) RETURNING id`,
        )
      )[0].id,
    });
    await db.query(`UPDATE app_user SET locale = 'nl' WHERE id = $1`, [physio.id]);
    const page = await context();
    await signIn(page, baseUrl, physio.email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Tweestapsverificatie instellen' }).waitFor();
    await page
      .getByRole('img', { name: 'QR-code om in uw authenticator-app te scannen' })
      .waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    const secret = (await page.locator('code').first().innerText()).trim();
    await page
      .getByRole('textbox', { name: /^Code uit uw authenticator-app/ })
      .fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Instellen' }).click();
    const codes = page.getByRole('list', { name: 'Uw herstelcodes' });
    await codes.waitFor();
    const recoveryCodes = (await codes.getByRole('listitem').allInnerTexts()).map((code) =>
      code.trim(),
    );
    expect(recoveryCodes.length).toBeGreaterThanOrEqual(8);
    // Going on needs the codes stored.
    expect(await page.getByRole('button', { name: 'Verder' }).isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Ik heb de codes bewaard' }).check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.getByRole('heading', { name: 'Mijn caseload', level: 2 }).waitFor();

    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    await signIn(page, baseUrl, physio.email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Tweede stap' }).waitFor();
    await page.getByRole('button', { name: 'Een herstelcode gebruiken' }).click();
    await page.getByRole('textbox', { name: /^Herstelcode/ }).fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('heading', { name: 'Mijn caseload', level: 2 }).waitFor();
  }, 60_000);

  it('says a wrong password in the reader’s language, on the form', async () => {
    const hr = await createUser(db, 'hr', { organisationId: await createEmployer(db) });
    const page = await context();
    await signIn(page, baseUrl, hr.email, 'not the password at all');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Dat e-mailadres en wachtwoord (of die code) kloppen niet samen.' })
      .waitFor();
    expect(page.url()).toContain('/app/sign-in');
  }, 30_000);
});
