import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/dev/chromium.js';
import { redFlagsForRegions } from '../../src/modules/triage/red-flags.js';
import { createEmployee } from '../factories/employees.js';
import { TEST_PASSWORD } from '../factories/identity.js';
import { planDraft } from '../factories/plans.js';
import { nextTotpCode, takeRecoveryCode } from '../support/auth.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';
import {
  openContext,
  screenshot,
  seriousAxeFindings,
  signIn,
  untranslatedKeys,
  type WebSession,
} from './support/web-session.js';

/**
 * The clinicians' first screens: the physiotherapist's caseload and the occupational doctor's
 * review queue. One episode waits for the doctor with a red flag, another has its plan submitted.
 */
describe('the clinicians’ working lists in the browser', () => {
  let api: TestApp;
  let world: CareWorld;
  let browser: Browser;
  let baseUrl: string;
  let planEpisode: string;
  let intakeEpisode: string;
  const sessions: WebSession[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    await api.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${((api.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    world = await careWorld(api);
    const { http, as, physio, doctor, hr, db, employer, episodeId } = world;
    const named = (episode: string, name: string) =>
      db.query(
        `UPDATE employee SET full_name = $2 WHERE id = (SELECT employee_id FROM episode WHERE id = $1)`,
        [episode, name],
      );
    const complaint = (episode: string) =>
      http()
        .put(`/episodes/${episode}/complaint`)
        .set(as(physio))
        .send({ regions: ['low_back'], side: 'left', specificity: 'aspecific' })
        .expect(200);

    // A red flag: fever with low-back pain, the episode an urgent referral for the doctor.
    await named(episodeId, 'Rita Rodevlag');
    await complaint(episodeId);
    const screen = Object.fromEntries(
      redFlagsForRegions(['low_back']).map((flag) => [flag.code, flag.code === 'fever']),
    );
    await http()
      .put(`/episodes/${episodeId}/intake`)
      .set(as(physio))
      .send({ redFlags: screen })
      .expect(200);

    // A second episode whose plan waits for the doctor's approval.
    const opened = await http()
      .post('/episodes')
      .set(as(hr))
      .send({
        employeeId: await createEmployee(db, employer, { fullName: 'Paul Plan' }),
        jurisdiction: 'BE',
        referralDate: '2026-11-23',
        absenceStart: '2026-11-20',
      })
      .expect(201);
    planEpisode = opened.body.id as string;
    await http()
      .put(`/episodes/${planEpisode}/care-team`)
      .set(as(hr))
      .send({ physioUserId: physio.id, occupationalDoctorUserId: doctor.id })
      .expect(200);
    await complaint(planEpisode);
    await http()
      .post(`/episodes/${planEpisode}/plans`)
      .set(as(physio))
      .send(planDraft())
      .expect(201);
    const plan = await http().get(`/episodes/${planEpisode}/plans/1`).set(as(physio));
    await http()
      .post(`/episodes/${planEpisode}/plans/1/submit`)
      .set(as(physio))
      .set('If-Match', plan.headers.etag as string)
      .expect(200);
    // A third, on the care team's desk for its intake.
    const third = await http()
      .post('/episodes')
      .set(as(hr))
      .send({
        employeeId: await createEmployee(db, employer, { fullName: 'Ine Intake' }),
        jurisdiction: 'BE',
        referralDate: '2026-11-30',
        absenceStart: '2026-11-27',
      })
      .expect(201);
    intakeEpisode = third.body.id as string;
    await http()
      .put(`/episodes/${intakeEpisode}/care-team`)
      .set(as(hr))
      .send({ physioUserId: physio.id, occupationalDoctorUserId: doctor.id })
      .expect(200);
    await db.query(`UPDATE app_user SET locale = 'nl' WHERE id = ANY($1)`, [
      [physio.id, doctor.id],
    ]);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    for (const session of sessions) await session.context.close().catch(() => undefined);
    await browser?.close();
    await api?.app.close();
  });

  const context = async (): Promise<Page> => {
    const session = await openContext(browser);
    sessions.push(session);
    return session.page;
  };

  it('signs the physiotherapist in with an authenticator code and shows the caseload', async () => {
    const page = await context();
    await signIn(page, baseUrl, world.physio.email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Tweede stap' }).waitFor();
    await page
      .getByRole('textbox', { name: /^Code uit uw authenticator-app/ })
      .fill(nextTotpCode(world.physio));
    await page.getByRole('button', { name: 'Bevestigen' }).click();

    const caseload = page.getByRole('table', { name: /Trajecten waarin u het zorgteam vormt/ });
    await caseload.waitFor();
    expect(await page.getByRole('heading', { name: 'Mijn caseload', level: 2 }).isVisible()).toBe(
      true,
    );
    const flagged = caseload.getByRole('row').filter({ hasText: 'Rita Rodevlag' });
    expect(await flagged.innerText()).toMatch(
      /Lage rug \(aspecifiek\)[\s\S]*Rode vlag: wacht op de arbeidsarts/,
    );
    const planned = caseload.getByRole('row').filter({ hasText: 'Paul Plan' });
    expect(await planned.innerText()).not.toMatch(/Rode vlag/);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'physio-caseload');

    // The name opens the episode's page (one address per episode, for every role).
    await flagged.getByRole('link', { name: 'Rita Rodevlag' }).click();
    await page.waitForURL(`**/app/episodes/${world.episodeId}`);
    await page.getByRole('tab', { name: 'Intake', selected: true }).waitFor();
    // Workplace interventions are HR's: the care team reads them, with nothing to change.
    await page.getByRole('tab', { name: 'Aanpassingen op het werk' }).click();
    await page.getByText('Nog geen aanpassingen').waitFor();
    expect(await page.getByRole('button', { name: 'Aanpassing toevoegen' }).count()).toBe(0);
  }, 60_000);

  it('shows the doctor the red flag first and the plan waiting for approval, in Dutch and French', async () => {
    const page = await context();
    await signIn(page, baseUrl, world.doctor.email, TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Tweede stap' }).waitFor();
    await page.getByRole('button', { name: 'Een herstelcode gebruiken' }).click();
    await page.getByRole('textbox', { name: /^Herstelcode/ }).fill(takeRecoveryCode(world.doctor));
    await page.getByRole('button', { name: 'Bevestigen' }).click();

    const urgent = page.getByRole('table', { name: /Rode vlaggen die op uw beoordeling wachten/ });
    await urgent.waitFor();
    const rows = urgent.getByRole('row');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).innerText()).toMatch(
      /Rita Rodevlag[\s\S]*Lage rug[\s\S]*Rode vlag: wacht op de arbeidsarts/,
    );
    const plans = page.getByRole('table', { name: /Ingediende plannen/ });
    expect(await plans.getByRole('row').nth(1).innerText()).toMatch(/Paul Plan[\s\S]*Plan 1/);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'doctor-review-queue');

    await page.getByRole('combobox', { name: 'Taal' }).selectOption('fr');
    await page.getByRole('heading', { name: 'À évaluer', level: 2 }).waitFor();
    await page.getByRole('table', { name: /Drapeaux rouges en attente/ }).waitFor();
    expect(await page.getByRole('table', { name: /Plans soumis/ }).innerText()).toMatch(
      /Paul Plan[\s\S]*Plan 1/,
    );
    expect(await untranslatedKeys(page)).toEqual([]);
    await page.getByRole('link', { name: 'À évaluer' }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
  }, 60_000);

  it('records an intake whose red flag stops the pathway, and the doctor clears it', async () => {
    const physio = await context();
    await signIn(physio, baseUrl, world.physio.email, TEST_PASSWORD);
    await physio.getByRole('heading', { name: 'Tweede stap' }).waitFor();
    await physio.getByRole('button', { name: 'Een herstelcode gebruiken' }).click();
    await physio
      .getByRole('textbox', { name: /^Herstelcode/ })
      .fill(takeRecoveryCode(world.physio));
    await physio.getByRole('button', { name: 'Bevestigen' }).click();
    await physio.getByRole('heading', { name: 'Mijn caseload', level: 2 }).waitFor();
    await physio.getByRole('link', { name: 'Ine Intake' }).click();
    await physio.getByRole('tab', { name: 'Intake', selected: true }).waitFor();

    // The flags depend on the regions: none to answer before the complaint.
    await physio.getByText('Leg eerst de klacht vast').waitFor();
    await physio.getByRole('button', { name: 'Klacht opslaan' }).click();
    // Regions, side and nature are required: each says so.
    await physio.getByText('Vul dit veld in.').nth(2).waitFor();
    await physio.getByRole('checkbox', { name: 'Nek' }).check();
    await physio.getByRole('radio', { name: 'links' }).check();
    await physio.getByRole('radio', { name: 'aspecifiek' }).check();
    await physio.getByRole('textbox', { name: /^Klinische notitie/ }).fill('Uitstraling naar arm');
    const complaintSaved = physio.waitForResponse(
      (response) => response.url().endsWith('/complaint') && response.request().method() === 'PUT',
    );
    await physio.getByRole('button', { name: 'Klacht opslaan' }).click();
    expect((await complaintSaved).status()).toBe(200);

    // The neck's flags, grouped by category; one present.
    const screen = physio.getByRole('group', { name: 'Screening op rode vlaggen' });
    await screen.getByRole('checkbox', { name: 'Dubbelzien (Spoed)' }).waitFor();
    expect(await screen.getByRole('checkbox', { name: 'Zadelanesthesie' }).count()).toBe(0);
    await screen.getByRole('checkbox', { name: 'Koorts' }).check();
    expect(await seriousAxeFindings(physio)).toEqual([]);
    await physio.getByRole('button', { name: 'Screening opslaan' }).click();
    const urgent = physio.getByRole('alert').filter({ hasText: 'Dringende doorverwijzing' });
    await urgent.waitFor();
    expect(await urgent.innerText()).toMatch(
      /Koorts[\s\S]*tot de arbeidsarts de vlaggen vrijgeeft/,
    );
    expect(await seriousAxeFindings(physio)).toEqual([]);
    await screenshot(physio, 'physio-intake-red-flag');

    // The doctor finds it in the queue and clears it with a reason (in Dutch again: the account
    // kept the French chosen in the test before).
    await world.db.query(`UPDATE app_user SET locale = 'nl' WHERE id = $1`, [world.doctor.id]);
    const doctor = await context();
    await signIn(doctor, baseUrl, world.doctor.email, TEST_PASSWORD);
    await doctor.getByRole('heading', { name: 'Tweede stap' }).waitFor();
    await doctor.getByRole('button', { name: 'Een herstelcode gebruiken' }).click();
    await doctor
      .getByRole('textbox', { name: /^Herstelcode/ })
      .fill(takeRecoveryCode(world.doctor));
    await doctor.getByRole('button', { name: 'Bevestigen' }).click();
    const queue = doctor.getByRole('table', { name: /Rode vlaggen die op uw beoordeling wachten/ });
    await queue.getByRole('link', { name: 'Ine Intake' }).click();
    await doctor.getByRole('alert').filter({ hasText: 'Dringende doorverwijzing' }).waitFor();
    await doctor.getByText('Uitstraling naar arm', { exact: false }).waitFor();
    await doctor.getByRole('button', { name: 'Vrijgeven' }).click();
    await doctor.getByText('Vul dit veld in.').waitFor();
    await doctor
      .getByRole('textbox', { name: /^Medische reden/ })
      .fill('Subfebriel na griep; geen infectie van de wervelkolom');
    await doctor.getByRole('button', { name: 'Vrijgeven' }).click();
    await doctor.getByRole('note').filter({ hasText: 'Vrijgegeven op' }).waitFor();
    expect(
      await doctor.getByRole('alert').filter({ hasText: 'Dringende doorverwijzing' }).count(),
    ).toBe(0);
    expect(await seriousAxeFindings(doctor)).toEqual([]);
    const [triage] = await world.db.query<{ cleared: boolean; reason: string }[]>(
      `SELECT red_flags_cleared_at IS NOT NULL AS cleared, clearance_reason AS reason
         FROM triage_assessment WHERE episode_id = $1`,
      [intakeEpisode],
    );
    expect(triage).toEqual({
      cleared: true,
      reason: 'Subfebriel na griep; geen infectie van de wervelkolom',
    });
  }, 90_000);
});
