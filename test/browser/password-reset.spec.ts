import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page, Response } from 'playwright-core';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { launchChromium } from '../../src/dev/chromium.js';
import { createEmployer, createUser, TEST_PASSWORD, type TestUser } from '../factories/identity.js';
import { deliverAccountMails, linkTokenFor, mailsTo } from '../support/mailbox.js';
import { startTestApi, type TestApp } from '../support/test-app.js';
import { openContext, seriousAxeFindings, signIn, type WebSession } from './support/web-session.js';

/** The shortest access-token lifetime the configuration takes: the web app renews it silently. */
const ACCESS_TTL_SECONDS = 30;
const SENT = 'Als dit adres een account heeft, is de link onderweg. Hij werkt één uur en één keer.';
const DASHBOARD = 'Lopende trajecten';

/** The API's answer to the next request of the page to this path. */
const answerTo = (page: Page, path: string): Promise<Response> =>
  page.waitForResponse((response) => new URL(response.url()).pathname === path);

/** The web application's wording of the API's field messages (web/src/i18n/field-messages.ts). */
const fieldMessages = (async () => {
  // Loaded by path: the web application's modules are not part of the API's type-checked program.
  const file = 'field-messages.ts';
  return (await import(`../../web/src/i18n/${file}`)) as {
    fieldMessage(message: string, language: string): string;
  };
})();

/** The page's document as far as it is read here (the API's program has no DOM types). */
interface Animated {
  document: { getAnimations(): unknown[] };
}

/** The claims of a JWT, read without checking it. */
const claimsOf = (jwt: string): { exp: number; iat: number } =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as {
    exp: number;
    iat: number;
  };

/**
 * A forgotten password as a person meets it (the link on the sign-in screen, the e-mail, the new
 * password), the links that no longer work, and the session that renews itself: before its short
 * access token expires, over a reload, and in two tabs reloading at once.
 */
describe('a forgotten password and a session that renews itself, in the browser', () => {
  let api: TestApp;
  let db: DataSource;
  let browser: Browser;
  let baseUrl: string;
  const sessions: WebSession[] = [];

  beforeAll(async () => {
    api = await startTestApi({ JWT_ACCESS_TTL_SECONDS: String(ACCESS_TTL_SECONDS) });
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

  const context = async (): Promise<WebSession> => {
    const session = await openContext(browser);
    sessions.push(session);
    return session;
  };

  /** A Flemish HR officer of an employer of their own. */
  const hrOfficer = async (): Promise<TestUser> => {
    const hr = await createUser(db, 'hr', { organisationId: await createEmployer(db) });
    await db.query(`UPDATE app_user SET locale = 'nl' WHERE id = $1`, [hr.id]);
    return hr;
  };

  /**
   * The password-reset link of the newest e-mail to the address, opened on the API under test:
   * the mailed link's path and fragment, whatever host the mail names.
   */
  const resetLinkFor = async (address: string): Promise<{ url: string; token: string }> => {
    const token = await linkTokenFor(api.app, address, '/reset-password');
    const mail = (await mailsTo(db, address)).find((one) => one.body.includes(token));
    const link = new URL(/https?:\/\/\S+#token=\S+/.exec(mail?.body ?? '')?.[0] ?? 'about:blank');
    expect(link.pathname).toBe('/app/reset-password');
    expect(link.search).toBe('');
    expect(link.hash).toBe(`#token=${token}`);
    return { url: `${baseUrl}${link.pathname}${link.hash}`, token };
  };

  /** Asks for a reset link through the API, as the forgot-password screen does. */
  const askForReset = async (address: string): Promise<void> => {
    const asked = await request(api.app.getHttpServer())
      .post('/auth/password-reset')
      .send({ email: address });
    expect(asked.status).toBe(202);
  };

  const refusedLogin = async (address: string, password: string): Promise<number> =>
    (await request(api.app.getHttpServer()).post('/auth/login').send({ email: address, password }))
      .status;

  it('resets a forgotten password from the sign-in screen, with the same answer for an unknown address', async () => {
    const hr = await hrOfficer();
    const unknown = `niemand.${randomUUID().slice(0, 8)}@test.rtw`;
    // A session opened with the old password elsewhere, which the reset is to end.
    const earlier = (await context()).page;
    await signIn(earlier, baseUrl, hr.email, TEST_PASSWORD);
    await earlier.getByRole('heading', { name: DASHBOARD }).waitFor();

    const { page } = await context();
    const addresses: string[] = [];
    page.on('request', (sent) => addresses.push(sent.url()));
    await page.goto(`${baseUrl}/app/`);
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
    await page.getByRole('heading', { name: 'Wachtwoord vergeten' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/forgot-password');
    expect(await seriousAxeFindings(page)).toEqual([]);

    // An address without an account gets the very answer an account's own address gets.
    const answers: { status: number; text: string }[] = [];
    for (const address of [unknown, hr.email]) {
      await page.getByRole('textbox', { name: /^E-mailadres/ }).fill(address);
      const answer = answerTo(page, '/auth/password-reset');
      await page.getByRole('button', { name: 'Link versturen' }).click();
      const status = page.getByRole('status').filter({ hasText: SENT });
      await status.waitFor();
      answers.push({ status: (await answer).status(), text: await status.innerText() });
      expect(await page.getByRole('textbox', { name: /^E-mailadres/ }).count()).toBe(0);
      // Back to the sign-in screen and its link, as for a second try.
      await page.getByRole('link', { name: 'Terug naar aanmelden' }).click();
      await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
      await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
      await page.getByRole('heading', { name: 'Wachtwoord vergeten' }).waitFor();
    }
    expect(answers).toEqual([
      { status: 202, text: SENT },
      { status: 202, text: SENT },
    ]);
    await deliverAccountMails(api.app, unknown);
    expect(await mailsTo(db, unknown)).toEqual([]);

    const link = await resetLinkFor(hr.email);
    await page.goto(link.url);
    await page.getByRole('heading', { name: 'Kies een nieuw wachtwoord' }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    const password = page.getByRole('textbox', { name: /^Nieuw wachtwoord/ });
    const repeat = page.getByRole('textbox', { name: /^Herhaal het wachtwoord/ });
    const save = page.getByRole('button', { name: 'Wachtwoord opslaan' });

    // Too short: the form says so before asking the API.
    await password.fill('kort');
    await repeat.fill('kort');
    await save.click();
    await page.getByText('Minstens 12 tekens.', { exact: true }).waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');

    // Long enough but commonly used: the API refuses it and its message stands on the field, as
    // the web application words it.
    await password.fill('wachtwoord1234');
    await repeat.fill('wachtwoord1234');
    const refusal = answerTo(page, '/auth/password-reset/confirm');
    await save.click();
    const refused = await refusal;
    expect(refused.status()).toBe(400);
    const { errors } = (await refused.json()) as { errors: { field: string; message: string }[] };
    expect(errors.map(({ field }) => field)).toEqual(['password']);
    await page.locator('input[aria-invalid="true"]').first().waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('input[aria-invalid="true"]').count()).toBe(1);
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).innerText()).toBe(
      (await fieldMessages).fieldMessage(errors[0].message, 'nl'),
    );
    // The refused attempt did not spend the link: a good password is taken with it.
    const chosen = 'een nieuwe zin na het vergeten';
    await password.fill(chosen);
    await repeat.fill(chosen);
    const confirmed = answerTo(page, '/auth/password-reset/confirm');
    await save.click();
    expect((await confirmed).status()).toBe(200);
    // The reset signs in: straight to the workspace.
    await page.getByRole('heading', { name: DASHBOARD }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/dashboard');
    // The link's token stayed in the fragment: no request carried it in its address.
    expect(addresses.filter((address) => address.includes(link.token))).toEqual([]);

    // The session opened with the old password ended: its next silent renewal is refused.
    await earlier.getByRole('status').filter({ hasText: 'Uw sessie is beëindigd.' }).waitFor();
    expect(new URL(earlier.url()).pathname).toBe('/app/sign-in');

    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    // The old password no longer works.
    await signIn(page, baseUrl, hr.email, TEST_PASSWORD);
    await page
      .getByRole('alert')
      .filter({ hasText: 'Dat e-mailadres en wachtwoord (of die code) kloppen niet samen.' })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/sign-in');
    // The new one does.
    await signIn(page, baseUrl, hr.email, chosen);
    await page.getByRole('heading', { name: DASHBOARD }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/dashboard');
  }, 90_000);

  it('says so on the page when a reset link was used already, has expired or lost its token', async () => {
    const { page } = await context();

    /** Opens the link, chooses a good password, and returns the refused confirmation's status. */
    const refusedWith = async (url: string): Promise<number> => {
      await page.goto(url);
      await page.getByRole('heading', { name: 'Kies een nieuw wachtwoord' }).waitFor();
      await page.getByRole('textbox', { name: /^Nieuw wachtwoord/ }).fill('een goede lange zin');
      await page
        .getByRole('textbox', { name: /^Herhaal het wachtwoord/ })
        .fill('een goede lange zin');
      const answer = answerTo(page, '/auth/password-reset/confirm');
      await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
      const status = (await answer).status();
      // Not a blank screen, nor "sign in": the title, the form, what happened to the link and
      // where to ask for a new one.
      await page
        .getByRole('alert')
        .filter({ hasText: 'Deze link is verlopen of al gebruikt.' })
        .waitFor();
      expect(await page.getByRole('link', { name: 'Vraag een nieuwe link aan' }).isVisible()).toBe(
        true,
      );
      expect(
        await page.getByRole('heading', { name: 'Kies een nieuw wachtwoord' }).isVisible(),
      ).toBe(true);
      expect(new URL(page.url()).pathname).toBe('/app/reset-password');
      // Checked with the pointer on the button (a filled button keeps its contrast when
      // hovered), once it is back from its loading state and nothing fades any more.
      await page.locator('button[data-loading]').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Wachtwoord opslaan' }).hover();
      await page.waitForFunction(
        () => (globalThis as unknown as Animated).document.getAnimations().length === 0,
      );
      expect(await seriousAxeFindings(page)).toEqual([]);
      return status;
    };

    // Used already: the link worked once, through the API.
    const used = await hrOfficer();
    await askForReset(used.email);
    const usedLink = await resetLinkFor(used.email);
    const first = await request(api.app.getHttpServer())
      .post('/auth/password-reset/confirm')
      .send({ token: usedLink.token, password: 'de eerste nieuwe zin' });
    expect(first.status).toBe(200);
    expect(await refusedWith(usedLink.url)).toBe(401);
    expect(await refusedLogin(used.email, 'een goede lange zin')).toBe(401);
    expect(await refusedLogin(used.email, 'de eerste nieuwe zin')).toBe(200);

    // Expired: an hour has passed since it was mailed.
    const late = await hrOfficer();
    await askForReset(late.email);
    const lateLink = await resetLinkFor(late.email);
    const [, expired] = await db.query<[unknown[], number]>(
      `UPDATE user_token SET expires_at = now() - interval '1 minute'
        WHERE user_id = $1 AND purpose = 'password_reset' AND used_at IS NULL`,
      [late.id],
    );
    expect(expired).toBe(1);
    expect(await refusedWith(lateLink.url)).toBe(401);
    expect(await refusedLogin(late.email, 'een goede lange zin')).toBe(401);
    expect(await refusedLogin(late.email, TEST_PASSWORD)).toBe(200);

    // The way to a new link.
    await page.getByRole('link', { name: 'Vraag een nieuwe link aan' }).click();
    await page.getByRole('heading', { name: 'Wachtwoord vergeten' }).waitFor();

    // A link cut short by the mail program, its fragment gone: said without asking the API.
    await page.goto(`${baseUrl}/app/reset-password`);
    await page.getByRole('heading', { name: 'Kies een nieuw wachtwoord' }).waitFor();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Deze link is onvolledig. Open de link uit uw e-mail opnieuw' })
      .waitFor();
    await page.getByRole('link', { name: 'Terug naar aanmelden' }).click();
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
  }, 60_000);

  it('renews the access token before it expires, and keeps every token out of reach of scripts', async () => {
    const hr = await hrOfficer();
    const { context: browserContext, page } = await context();
    const login = answerTo(page, '/auth/login');
    await signIn(page, baseUrl, hr.email, TEST_PASSWORD);
    const tokens = (await (await login).json()) as { accessToken: string; expiresIn: number };
    await page.getByRole('heading', { name: DASHBOARD }).waitFor();
    expect(tokens.expiresIn).toBe(ACCESS_TTL_SECONDS);
    const { exp, iat } = claimsOf(tokens.accessToken);
    expect(exp - iat).toBe(ACCESS_TTL_SECONDS);
    // From here on, every renewal and every refusal the page meets.
    const refreshes: { status: number; accessToken?: string }[] = [];
    const refusals: string[] = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (response.status() === 401) refusals.push(path);
      if (path === '/auth/refresh') {
        const refresh: { status: number; accessToken?: string } = { status: response.status() };
        refreshes.push(refresh);
        void response.json().then(
          (body: { accessToken?: string }) => (refresh.accessToken = body.accessToken),
          () => undefined,
        );
      }
    });

    // Nobody touches the page: it renews its token on its own, and the first one expires.
    await page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/auth/refresh' && response.ok(),
      { timeout: 20_000 },
    );
    await page.waitForFunction((after) => Date.now() > after, (exp + 1) * 1000, {
      polling: 500,
      timeout: (ACCESS_TTL_SECONDS + 15) * 1000,
    });
    const stale = await request(api.app.getHttpServer())
      .get('/me')
      .set('Authorization', `Bearer ${tokens.accessToken}`);
    expect(stale.status).toBe(401);

    // The next screen's data comes at once, with a token the API still takes.
    const employees = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/employees',
    );
    await page.getByRole('link', { name: 'Werknemers' }).click();
    await page.getByRole('heading', { name: 'Werknemers', level: 2 }).waitFor();
    const listed = await employees;
    expect(listed.status()).toBe(200);
    const bearer = await listed.request().headerValue('authorization');
    expect(bearer).toMatch(/^Bearer eyJ/);
    expect(bearer).not.toBe(`Bearer ${tokens.accessToken}`);
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    expect(refreshes.map(({ status }) => status)).toEqual(refreshes.map(() => 200));
    expect(refusals).toEqual([]);

    // A reload: the session comes back from the refresh cookie, on the same screen.
    const restored = answerTo(page, '/auth/refresh');
    await page.reload();
    expect((await restored).status()).toBe(200);
    await page.getByRole('heading', { name: 'Werknemers', level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/employees');
    expect(refusals).toEqual([]);

    // The access token lives in memory only; the refresh token in an HttpOnly cookie sent to its
    // two routes only.
    const readable = String(
      await page.evaluate(
        'JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie',
      ),
    );
    const issued = [tokens.accessToken, ...refreshes.map(({ accessToken }) => accessToken ?? '')];
    expect(issued.filter((token) => token && readable.includes(token))).toEqual([]);
    expect(readable).not.toMatch(/eyJ|rtw_refresh/);
    const cookies = (await browserContext.cookies()).filter(({ name }) => name === 'rtw_refresh');
    expect(
      cookies
        .map(({ path, httpOnly, secure, sameSite }) => ({ path, httpOnly, secure, sameSite }))
        .sort((a, b) => a.path.localeCompare(b.path)),
    ).toEqual([
      { path: '/auth/logout', httpOnly: true, secure: true, sameSite: 'Strict' },
      { path: '/auth/refresh', httpOnly: true, secure: true, sameSite: 'Strict' },
    ]);
    expect(
      await page.getByRole('status').filter({ hasText: 'Uw sessie is beëindigd.' }).count(),
    ).toBe(0);
  }, 90_000);

  it('keeps two tabs signed in when both reload at the same moment', async () => {
    const hr = await hrOfficer();
    const { context: browserContext, page: first } = await context();
    await signIn(first, baseUrl, hr.email, TEST_PASSWORD);
    await first.getByRole('heading', { name: DASHBOARD }).waitFor();
    const second = await browserContext.newPage();
    await second.goto(`${baseUrl}/app/dashboard`);
    await second.getByRole('heading', { name: DASHBOARD }).waitFor();

    const refreshes: number[] = [];
    browserContext.on('response', (response) => {
      if (new URL(response.url()).pathname === '/auth/refresh') refreshes.push(response.status());
    });
    // Each tab's refresh is held until both tabs have run their scripts again: two tabs that did
    // not wait for each other would then spend the same single-use cookie at once.
    const bothLoaded = Promise.all([first.waitForEvent('load'), second.waitForEvent('load')]);
    await browserContext.route('**/auth/refresh', async (route) => {
      await bothLoaded;
      // A request of a page that reloaded meanwhile is gone: nothing to let through.
      await route.continue().catch(() => undefined);
    });
    await Promise.all([first.reload(), second.reload()]);
    // Each tab lands on its workspace, or on the sign-in screen should its session have ended.
    const landed = await Promise.all(
      [first, second].map(async (tab) => {
        const heading = tab.getByRole('heading', { name: /^(Lopende trajecten|Aanmelden)$/ });
        await heading.waitFor();
        return heading.innerText();
      }),
    );
    expect(landed).toEqual([DASHBOARD, DASHBOARD]);
    await browserContext.unroute('**/auth/refresh');
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    expect(refreshes.every((status) => status === 200)).toBe(true);
    const reuse = await db.query<unknown[]>(
      `SELECT id FROM refresh_token WHERE user_id = $1 AND revoke_reason = 'reuse_detected'`,
      [hr.id],
    );
    expect(reuse).toEqual([]);

    // The session is still whole: another reload of either tab signs in again.
    for (const tab of [second, first]) {
      const again = answerTo(tab, '/auth/refresh');
      await tab.reload();
      expect((await again).status()).toBe(200);
      await tab.getByRole('heading', { name: DASHBOARD }).waitFor();
    }
    expect(new URL(first.url()).pathname).toBe('/app/dashboard');
    expect(new URL(second.url()).pathname).toBe('/app/dashboard');
  }, 60_000);
});
