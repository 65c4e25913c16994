import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { roleHasPermission, type Permission } from '../../src/common/auth/permissions.js';
import { findClinicalTerms } from '../../src/common/privacy/clinical-vocabulary.js';
import { redFlagsForRegions } from '../../src/modules/triage/red-flags.js';
import type { TestUser } from '../factories/identity.js';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { listRoutes } from '../support/routes.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const CANARY = 'CANARY-7f3e-DIAGNOSIS';

/**
 * Scenario 23: every refusal HR or the employee can receive is phrased in functional terms. An
 * episode carries the diagnosis canary in its clinical note and an urgent referral (a red flag)
 * awaiting the doctor; then HR and the employee call every route their role may call, with the
 * episode's id and with bodies that are empty, wrong or stale, and every error they get back is
 * read for the canary and for the platform's clinical vocabulary.
 */
describe('errors that HR and the employee receive', () => {
  let t: TestApp;
  let w: CareWorld;

  beforeAll(async () => {
    t = await startTestApi();
    w = await careWorld(t);
    const complaint = await w
      .http()
      .put(`/episodes/${w.episodeId}/complaint`)
      .set(w.as(w.physio))
      .send({
        regions: ['low_back'],
        side: 'left',
        specificity: 'aspecific',
        clinicalNote: `${CANARY} with radiating pain`,
      });
    expect(complaint.status).toBe(200);
    const intake = await w
      .http()
      .put(`/episodes/${w.episodeId}/intake`)
      .set(w.as(w.physio))
      .send({
        redFlags: Object.fromEntries(
          redFlagsForRegions(['low_back']).map(({ code }) => [code, code === 'night_pain']),
        ),
        rehabilitationPotential: 'good',
      });
    expect(intake.body.urgentReferral).toBe(true);
  });
  afterAll(async () => {
    await t.app.close();
  });

  /** What the reader sees of an error, for the vocabulary check (code names read as words). */
  const readable = (response: request.Response) => JSON.stringify(response.body).replace(/_/g, ' ');

  it('tells HR in functional terms that the care team has not finished the intake', async () => {
    const current = await w.http().get(`/episodes/${w.episodeId}`).set(w.as(w.hr));
    // Recording the intake (with its red flag) moved the episode to intake by itself.
    expect(current.body.status).toBe('intake');
    {
      const moved = await w
        .http()
        .post(`/episodes/${w.episodeId}/transitions`)
        .set(w.as(w.hr))
        .set('If-Match', current.headers.etag as string)
        .send({ to: 'active' });
      expect(moved.status).toBe(409);
      expect(moved.body).toMatchObject({
        code: 'care_team_review_pending',
        detail:
          'The care team has not finished the intake; the episode can become active once it has.',
      });
      expect(findClinicalTerms(readable(moved))).toEqual([]);
    }
    expect(current.status).toBe(200);
  });

  it.each(['hr', 'employee'] as const)(
    'answers every refusal to %s without a clinical word, on every route the role may call',
    async (role) => {
      const user: TestUser = w[role];
      const routes = listRoutes(t.app).filter(
        (route) =>
          route.isPublic ||
          (route.permission !== undefined &&
            roleHasPermission(role, route.permission as Permission)),
      );
      expect(routes.length).toBeGreaterThan(role === 'hr' ? 40 : 15);
      const path = (template: string) =>
        template.replace(/:(\w+)/g, (_, name: string) =>
          name === 'id' && template.startsWith('/episodes') ? w.episodeId : randomUUID(),
        );
      const bodies: object[] = [
        {},
        { to: 'active' },
        { note: CANARY, reason: CANARY, clinicalNote: CANARY, regions: ['low_back'] },
      ];
      const refusals: { call: string; response: request.Response }[] = [];
      for (const route of routes) {
        for (const [index, body] of bodies.entries()) {
          const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
          const agent = w.http();
          let call = agent[method](path(route.path)).set(w.as(user));
          if (index === 1) call = call.set('If-Match', 'W/"999"');
          const response = await (route.method === 'GET' ? call : call.send(body));
          if (response.status >= 400)
            refusals.push({ call: `${route.method} ${route.path} #${index}`, response });
        }
      }
      expect(refusals.length).toBeGreaterThan(routes.length);
      const codes = new Set<string>();
      for (const { call, response } of refusals) {
        expect([call, response.status < 500]).toEqual([call, true]);
        const text = readable(response);
        expect([call, text.includes(CANARY)]).toEqual([call, false]);
        expect([call, findClinicalTerms(text)]).toEqual([call, []]);
        codes.add(response.body.code as string);
      }
      // The walk reached the refusals that matter, and none named anything clinical.
      expect([...codes]).toEqual(expect.arrayContaining(['validation_failed', 'not_found']));
      for (const clinical of ['urgent_referral_pending', 'red_flag_screen_required'])
        expect(codes.has(clinical)).toBe(false);
    },
  );
});
