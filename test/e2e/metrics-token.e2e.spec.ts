import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, startTestWorker, type TestApp } from '../support/test-app.js';

const TOKEN = randomBytes(24).toString('hex');

/**
 * Security scenario 31 (second half): with METRICS_TOKEN configured, as production requires,
 * `/metrics` of the API and of the worker answers only a scraper presenting it as a Bearer token.
 */
describe('/metrics with a scrape token configured', () => {
  let api: TestApp;
  let worker: TestApp;
  let userToken: string;

  beforeAll(async () => {
    api = await startTestApi({ METRICS_TOKEN: TOKEN });
    worker = await startTestWorker({ METRICS_TOKEN: TOKEN });
    const db = api.app.get<DataSource>(getDataSourceToken());
    userToken = await accessTokenFor(api.app, await createUser(db, 'admin'));
  });
  afterAll(async () => {
    await worker?.app.close();
    await api?.app.close();
  });

  it.each(['API', 'worker'])(
    'answers 401 without the token or with a wrong one, and the metrics with it: %s',
    async (processName) => {
      const app = (processName === 'API' ? api : worker).app;
      const scrape = (authorization?: string) => {
        const call = request(app.getHttpServer()).get('/metrics');
        return authorization ? call.set('Authorization', authorization) : call;
      };
      const wrongOfSameLength = TOKEN.replace(/^./, (first) => (first === 'a' ? 'b' : 'a'));
      for (const authorization of [
        undefined,
        `Bearer ${wrongOfSameLength}`,
        `Bearer ${TOKEN}x`,
        `Bearer ${userToken}`,
        `Basic ${Buffer.from(`metrics:${TOKEN}`).toString('base64')}`,
        TOKEN,
      ]) {
        const refused = await scrape(authorization);
        expect(refused.status).toBe(401);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(refused.body).toEqual({
          type: 'urn:rtw:problem:unauthenticated',
          title: 'Unauthorized',
          status: 401,
          detail: 'The metrics need the scrape token as a Bearer token.',
          instance: '/metrics',
          code: 'unauthenticated',
          correlationId: refused.headers['x-request-id'],
        });
        expect(refused.text).not.toContain('process_resident_memory_bytes');
      }

      const scraped = await scrape(`Bearer ${TOKEN}`);
      expect(scraped.status).toBe(200);
      expect(scraped.headers['content-type']).toMatch(/^text\/plain/);
      expect(scraped.text).toContain('process_resident_memory_bytes');
      expect(scraped.text).toMatch(/rtw_queue_jobs\{queue="maintenance",state="waiting"\} \d+/);
    },
  );
});
