import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../factories/identity.js';
import { planDraft } from '../factories/plans.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';
import { launchChromium } from '../../src/dev/chromium.js';
import {
  openContext,
  screenshot,
  seriousAxeFindings,
  signIn,
  untranslatedKeys,
  type WebSession,
} from './support/web-session.js';

/** Written by the care team into every clinical field of the episode; HR must never see it. */
const CANARY = 'CANARY-7c1d-spondylolisthesis-L5';

/**
 * An episode with a plan the doctor approved (through the API): HR acknowledges its work track,
 * records the hours worked and adds a workplace intervention, and nothing clinical reaches the
 * HR officer's browser on the way, neither on the screen nor in any answer of the API.
 */
describe('an episode with an approved plan, as HR sees it in the browser', () => {
  let api: TestApp;
  let world: CareWorld;
  let browser: Browser;
  let baseUrl: string;
  let session: WebSession;
  const answers: string[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    await api.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${((api.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    world = await careWorld(api);
    const { http, as, physio, doctor, hr, episodeId, db } = world;
    const path = (rest: string) => `/episodes/${episodeId}${rest}`;
    await http()
      .put(path('/complaint'))
      .set(as(physio))
      .send({
        regions: ['low_back'],
        side: 'central',
        specificity: 'aspecific',
        clinicalNote: CANARY,
      })
      .expect(200);
    await http()
      .post(path('/plans'))
      .set(as(physio))
      .send(
        planDraft({
          workTrack: [
            {
              from: '2026-11-30',
              percentOfContract: 50,
              tasksAllowed: ['Lesgeven in kleine groepen'],
              tasksAvoided: ['Speelplaatstoezicht'],
              maxLiftKg: 5,
            },
            { from: '2026-12-14', percentOfContract: 75, tasksAllowed: [], tasksAvoided: [] },
          ],
        }),
      )
      .expect(201);
    for (const [verb, user] of [
      ['submit', physio],
      ['approve', doctor],
    ] as const) {
      const plan = await http().get(path('/plans/1')).set(as(user));
      await http()
        .post(path(`/plans/1/${verb}`))
        .set(as(user))
        .set('If-Match', plan.headers.etag as string)
        .expect(200);
    }
    await http()
      .post(path('/progress/sessions'))
      .set(as(physio))
      .send({
        sessionDate: '2026-12-01',
        quotas: [{ exercise: 0, reached: 8 }],
        nrsPain: 4,
        clinicalNote: CANARY,
      })
      .expect(201);
    await db.query(`UPDATE app_user SET locale = 'nl' WHERE id = $1`, [hr.id]);

    browser = await launchChromium();
    session = await openContext(browser);
    // Every answer the API sends this browser, kept to look for the canary.
    session.page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/app/')) return;
      void response.text().then(
        (body) => answers.push(`${response.url()}\n${body}`),
        () => undefined,
      );
    });
    await signIn(session.page, baseUrl, hr.email, TEST_PASSWORD);
    await session.page.getByRole('heading', { name: 'Lopende trajecten' }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
    await api?.app.close();
  });

  const page = (): Page => session.page;

  it('acknowledges the work track, records the hours of a week and adds an intervention', async () => {
    await page().goto(`${baseUrl}/app/episodes/${world.episodeId}?tab=plan`);
    await page().getByRole('heading', { name: 'Werkspoor van het goedgekeurde plan' }).waitFor();
    const track = page().getByRole('table', { name: 'Uren, taken en grenzen per periode' });
    expect(await track.getByRole('row').nth(1).innerText()).toMatch(
      /Lesgeven in kleine groepen[\s\S]*Speelplaatstoezicht[\s\S]*tillen tot 5 kg/,
    );
    await page().getByRole('button', { name: 'Voor kennisname bevestigen' }).click();
    await page()
      .getByRole('status')
      .filter({ hasText: /^Bevestigd op/ })
      .waitFor();

    const week = page().getByRole('textbox', { name: /^Gewerkte uren in de week van 30 nov/ });
    await week.fill('17');
    await page()
      .getByRole('button', { name: /^Uren van de week van 30 nov.* opslaan$/ })
      .click();
    await page()
      .getByRole('row', { name: /Week van 30 nov/ })
      .getByText('onder de planning')
      .waitFor();
    expect(await seriousAxeFindings(page())).toEqual([]);
    await screenshot(page(), 'hr-plan-and-hours');

    await page().getByRole('tab', { name: 'Aanpassingen op het werk' }).click();
    await page().getByRole('button', { name: 'Aanpassing toevoegen' }).click();
    const dialog = page().getByRole('dialog', { name: 'Aanpassing toevoegen' });
    await dialog
      .getByRole('textbox', { name: /^Wat/ })
      .fill('Geen speelplaatstoezicht; bibliotheekdienst in de plaats');
    await dialog.getByRole('textbox', { name: /^Wie regelt het/ }).fill('Directie campus Noord');
    await dialog.getByRole('button', { name: 'Aanpassing toevoegen' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page().getByRole('cell', { name: 'Directie campus Noord' }).waitFor();
    await page()
      .getByRole('combobox', { name: /^Stand van Geen speelplaatstoezicht/ })
      .click();
    const changed = page().waitForResponse(
      (response) =>
        response.request().method() === 'PATCH' && response.url().includes('/interventions/'),
    );
    await page().getByRole('option', { name: 'Bezig' }).click();
    expect((await changed).status()).toBe(200);
    await expect(
      world.db.query(`SELECT status FROM workplace_intervention WHERE episode_id = $1`, [
        world.episodeId,
      ]),
    ).resolves.toEqual([{ status: 'in_progress' }]);
    expect(await seriousAxeFindings(page())).toEqual([]);
    expect(await untranslatedKeys(page())).toEqual([]);
  }, 60_000);

  it('never shows HR the canary: no screen, no answer of the API', async () => {
    for (const tab of ['work', 'plan', 'interventions', 'checkpoints']) {
      await page().goto(`${baseUrl}/app/episodes/${world.episodeId}?tab=${tab}`);
      await page().getByRole('tabpanel').waitFor();
      await page().waitForLoadState('networkidle');
      expect(await page().content()).not.toContain(CANARY);
    }
    for (const screen of ['dashboard', 'employees', 'inbox']) {
      await page().goto(`${baseUrl}/app/${screen}`);
      await page().waitForLoadState('networkidle');
      expect(await page().content()).not.toContain(CANARY);
    }
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((answer) => answer.includes(CANARY))).toEqual([]);
    expect(
      answers.filter((answer) => /spondylolisthesis|low_back|clinicalNote/.test(answer)),
    ).toEqual([]);
  }, 60_000);
});
