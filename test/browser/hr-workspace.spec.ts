import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createEmployer, createUser, TEST_PASSWORD, type TestUser } from '../factories/identity.js';
import { startTestApi, startTestWorker, type TestApp } from '../support/test-app.js';
import { launchChromium } from '../../src/dev/chromium.js';
import {
  openContext,
  screenshot,
  seriousAxeFindings,
  signIn,
  untranslatedKeys,
  type WebSession,
} from './support/web-session.js';

/**
 * The HR officer's workspace in a real Chromium against the real API and worker: signing in,
 * bulk enrolment with a bad row, enrolling and changing an employee, opening an episode and
 * recording a partial return, and two people changing one employee at once.
 */
describe('the HR workspace in the browser', () => {
  let api: TestApp;
  let worker: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let db: DataSource;
  let hr: TestUser;
  const sessions: WebSession[] = [];
  const tag = randomUUID().slice(0, 6).toUpperCase();

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    await api.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${((api.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    db = api.app.get<DataSource>(getDataSourceToken());
    hr = await createUser(db, 'hr', {
      organisationId: await createEmployer(db, `Scholengroep ${tag}`),
    });
    // A Flemish HR officer: the account's language is Dutch.
    await db.query(`UPDATE app_user SET locale = 'nl' WHERE id = $1`, [hr.id]);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    for (const session of sessions) await session.context.close().catch(() => undefined);
    await browser?.close();
    await worker?.app.close();
    await api?.app.close();
  });

  async function signedIn(locale = 'nl-BE'): Promise<Page> {
    const session = await openContext(browser, { locale });
    sessions.push(session);
    await signIn(session.page, baseUrl, hr.email, TEST_PASSWORD);
    await session.page
      .getByRole('heading', { name: /lopende trajecten|open programmes|trajets en cours/i })
      .waitFor();
    return session.page;
  }

  it('signs in, keeps the session over a reload, and passes axe on the dashboard', async () => {
    const page = await signedIn();
    expect(page.url()).toBe(`${baseUrl}/app/dashboard`);
    expect(await page.getByRole('heading', { level: 2 }).innerText()).toBe('Lopende trajecten');
    // The access token lives in memory only: a reload signs in again through the refresh cookie.
    await page.reload();
    await page.getByRole('heading', { name: 'Lopende trajecten' }).waitFor();
    const cookies = await page.context().cookies();
    expect(
      cookies.map(({ name, httpOnly, sameSite, path }) => ({ name, httpOnly, sameSite, path })),
    ).toEqual(
      expect.arrayContaining([
        { name: 'rtw_refresh', httpOnly: true, sameSite: 'Strict', path: '/auth/refresh' },
        { name: 'rtw_refresh', httpOnly: true, sameSite: 'Strict', path: '/auth/logout' },
      ]),
    );
    // Nothing a script can read holds a token: no JWT, no refresh token.
    const readable = await page.evaluate(
      'JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie',
    );
    expect(String(readable)).not.toMatch(/eyJ|rtw_refresh/);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'hr-dashboard');
  }, 60_000);

  it('enrols a CSV with one bad row: progress, the bad row with its line and reason', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: 'Bulkinschrijving' }).click();
    await page.getByRole('heading', { name: 'Bulkinschrijving', level: 2 }).waitFor();
    const csv = [
      'employee_number,full_name,birth_year,contract_hours,job_title,department',
      `${tag}-1,Lotte Claes,1988,38,Leerkracht,Campus Noord`,
      `${tag}-2,Jonas Peeters,1850,38,Leerkracht,Campus Noord`,
      `${tag}-3,Sara Maes,1979,30,Secretariaat,Campus Zuid`,
    ].join('\n');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'personeel.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('progressbar', { name: 'Voortgang van de inschrijving' }).waitFor();
    const badRows = page.getByRole('table', { name: /Regels die niet zijn ingeschreven/ });
    await badRows.waitFor({ timeout: 20_000 });
    const cells = await badRows.getByRole('row').nth(1).getByRole('cell').allInnerTexts();
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe('birth_year');
    await page.getByRole('status').filter({ hasText: 'Klaar' }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'hr-bulk-enrolment');

    await page.getByRole('link', { name: 'Werknemers' }).click();
    await page.getByLabel('Zoeken').fill('Lotte');
    await page.getByRole('cell', { name: 'Lotte Claes', exact: true }).waitFor();
    expect(await page.getByRole('cell', { name: 'Jonas Peeters', exact: true }).count()).toBe(0);
  }, 60_000);

  it('enrols an employee with the API’s field error on the field, opens an episode and records a partial return', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: 'Werknemers' }).click();
    await page.getByRole('button', { name: 'Werknemer inschrijven' }).click();
    const dialog = page.getByRole('dialog', { name: 'Werknemer inschrijven' });
    await dialog.getByLabel('Personeelsnummer').fill(`${tag}-9`);
    await dialog.getByRole('textbox', { name: /^Naam\b/ }).fill('Wout Janssens');
    await dialog.getByLabel('Geboortejaar').fill('1850');
    await dialog.getByLabel('Contracturen per week').fill('38');
    await dialog.getByRole('textbox', { name: /^Functie\b/ }).fill('Technicus');
    await dialog.getByRole('button', { name: 'Werknemer inschrijven' }).click();
    // The API refuses the year and names the field: the message stands on that field.
    const year = dialog.getByLabel('Geboortejaar');
    await dialog.locator('input[aria-invalid="true"]').first().waitFor();
    expect(await year.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('input[aria-invalid="true"]').count()).toBe(1);
    // The message, in the reader's language, is the field's own description for assistive
    // technology.
    const describedBy = (await year.getAttribute('aria-describedby')) ?? '';
    expect(await dialog.locator(`[id="${describedBy.split(' ').at(-1)}"]`).innerText()).toBe(
      'Minstens 1900.',
    );
    await year.fill('1984');
    await dialog.getByRole('button', { name: 'Werknemer inschrijven' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('alert').filter({ hasText: 'Wout Janssens is ingeschreven.' }).waitFor();

    await page.getByRole('button', { name: 'Acties voor Wout Janssens' }).click();
    await page.getByRole('menuitem', { name: 'Traject starten' }).click();
    const open = page.getByRole('dialog', { name: 'Traject starten voor Wout Janssens' });
    await open.getByRole('button', { name: 'Traject starten' }).click();
    await page.waitForURL(/\/app\/episodes\/[0-9a-f-]+$/);
    await page.getByRole('heading', { name: 'Wout Janssens', level: 2 }).waitFor();

    await page.getByRole('button', { name: 'Stap toevoegen' }).click();
    const step = page.getByRole('dialog', { name: 'Stap toevoegen' });
    await step.getByLabel('Deel van de contracturen').fill('50');
    await step.getByLabel('Maximaal tillen').fill('10');
    await step.getByRole('button', { name: 'Stap toevoegen' }).click();
    await step.waitFor({ state: 'hidden' });
    await page.getByText(/^Gedeeltelijk aan het werk, 50\s?% \(19 u\/week\)$/).waitFor();
    await page.getByText('Tillen tot 10 kg').waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'hr-episode');
  }, 90_000);

  it('shows a stale edit from a second browser as a conflict, with the current values and a way to re-apply', async () => {
    const [first, second] = [await signedIn(), await signedIn()];
    for (const page of [first, second]) {
      await page.getByRole('link', { name: 'Werknemers' }).click();
      await page.getByLabel('Zoeken').fill('Sara Maes');
      await page.getByRole('button', { name: 'Acties voor Sara Maes' }).click();
      await page.getByRole('menuitem', { name: 'Gegevens wijzigen' }).click();
    }
    const firstDialog = first.getByRole('dialog', { name: 'Gegevens van Sara Maes' });
    await firstDialog.getByRole('textbox', { name: /^Functie\b/ }).fill('Directiesecretariaat');
    await firstDialog.getByRole('button', { name: 'Opslaan' }).click();
    await firstDialog.waitFor({ state: 'hidden' });

    const secondDialog = second.getByRole('dialog', { name: 'Gegevens van Sara Maes' });
    await secondDialog.getByLabel('Afdeling').fill('Campus West');
    await secondDialog.getByRole('button', { name: 'Opslaan' }).click();
    const conflict = secondDialog
      .getByRole('alert')
      .filter({ hasText: 'Intussen gewijzigd door iemand anders' });
    await conflict.waitFor();
    await conflict.getByRole('cell', { name: 'Directiesecretariaat' }).waitFor();
    expect(await seriousAxeFindings(second)).toEqual([]);
    await conflict.getByRole('button', { name: 'Mijn wijziging toepassen' }).click();
    await secondDialog.waitFor({ state: 'hidden' });

    const [stored] = await db.query<{ job_title: string; department: string }[]>(
      `SELECT job_title, department FROM employee WHERE employee_number = $1`,
      [`${tag}-3`],
    );
    // Re-applied on the current version: the second change joins the first, neither is lost.
    expect(stored).toEqual({ job_title: 'Directiesecretariaat', department: 'Campus West' });
  }, 90_000);

  it('shows the reports: the sector comparison and the Belgian evaluation, with its export', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: 'Rapporten' }).click();
    await page.getByRole('heading', { name: 'Rapporten', level: 2 }).waitFor();
    await page.getByRole('table', { name: 'Re-integratietrajecten' }).waitFor();
    await page
      .getByText(/Nog geen cijfers|Cijfers van minder dan/)
      .first()
      .waitFor();
    // The export answered to the button (the bundled browser does not save files headless).
    const exported = page.waitForResponse((response) =>
      response.url().includes('/reintegration-evaluation/export'),
    );
    await page.getByRole('button', { name: 'CSV downloaden' }).click();
    const answer = await exported;
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toMatch(/^text\/csv/);
    expect(await page.getByRole('alert').allInnerTexts()).toEqual([]);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'hr-reports');
  }, 60_000);

  it('works on a phone: the menu behind its button, no screen wider than the phone', async () => {
    const session = await openContext(browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    sessions.push(session);
    const { page } = session;
    await signIn(page, baseUrl, hr.email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Lopende trajecten' }).waitFor();
    const overflow: Record<string, number> = {};
    for (const [link, heading] of [
      ['Werknemers', 'Werknemers'],
      ['Bulkinschrijving', 'Bulkinschrijving'],
      ['Rapporten', 'Rapporten'],
      ['Overzicht', 'Lopende trajecten'],
    ]) {
      await page.getByRole('button', { name: 'Menu openen of sluiten' }).click();
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
      const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
      if (width > 390) overflow[link] = width;
    }
    expect(overflow).toEqual({});
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'hr-dashboard-phone');
  }, 60_000);

  it.each([
    ['fr-BE', 'Français', /trajets en cours/i],
    ['en-GB', 'English', /open programmes/i],
  ])(
    'in %s every HR screen is translated',
    async (locale, language, heading) => {
      const page = await signedIn();
      await page
        .getByRole('combobox', { name: /^(taal|langue|language)$/i })
        .selectOption({ label: language });
      await page.getByRole('heading', { name: heading }).waitFor();
      const seen: Record<string, string[]> = {};
      for (const screen of ['dashboard', 'employees', 'imports', 'reports', 'inbox']) {
        await page.goto(`${baseUrl}/app/${screen}`);
        await page.getByRole('heading', { level: 2 }).waitFor();
        await page
          .getByRole('status')
          .waitFor({ state: 'detached' })
          .catch(() => undefined);
        const keys = await untranslatedKeys(page);
        if (keys.length) seen[screen] = keys;
      }
      expect(seen).toEqual({});
      // The choice is the account's: a new browser opens in it.
      const [{ locale: stored }] = await db.query<{ locale: string }[]>(
        `SELECT locale FROM app_user WHERE id = $1`,
        [hr.id],
      );
      expect(stored).toBe(locale.slice(0, 2));
    },
    90_000,
  );
});
