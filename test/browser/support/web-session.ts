import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Where the browser tests leave their screenshots: with `UPDATE_SCREENSHOTS=1` the ones the README
 * shows (docs/screenshots), otherwise a temporary folder, so a test run leaves the checkout as it was.
 */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(process.cwd(), 'docs', 'screenshots')
    : join(tmpdir(), 'rtw-screenshots');

export interface WebSession {
  context: BrowserContext;
  page: Page;
}

/** A browser context as a Belgian user would have it: language, time zone, a laptop screen. */
export async function openContext(
  browser: Browser,
  options: {
    locale?: string;
    viewport?: { width: number; height: number };
    isMobile?: boolean;
  } = {},
): Promise<WebSession> {
  const context = await browser.newContext({
    locale: options.locale ?? 'nl-BE',
    timezoneId: 'Europe/Brussels',
    viewport: options.viewport ?? { width: 1280, height: 800 },
    isMobile: options.isMobile,
  });
  return { context, page: await context.newPage() };
}

/** Signs in through the sign-in screen, as a person would. */
export async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/app/`);
  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByRole('textbox', { name: /^(wachtwoord|password|mot de passe)$/i }).fill(password);
  await page.getByRole('button', { name: /aanmelden|sign in|se connecter/i }).click();
}

/** The serious and critical findings of axe-core on the page as it is now. */
export async function seriousAxeFindings(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join('; ')})`,
    );
}

/** The top-level sections of the dictionaries: a key nobody translated starts with one of them. */
const sections = (async () => {
  // Loaded by path: the web application's modules are not part of the API's type-checked program.
  const file = 'nl.ts';
  const { nl } = (await import(`../../../web/src/i18n/${file}`)) as { nl: Record<string, unknown> };
  return Object.keys(nl);
})();

/** Text on the page that looks like an i18n key nobody translated (`employees.title`). */
export async function untranslatedKeys(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const pattern = new RegExp(`\\b(?:${(await sections).join('|')})\\.[A-Za-z_.]+\\b`, 'g');
  return [...new Set(text.match(pattern) ?? [])];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}
