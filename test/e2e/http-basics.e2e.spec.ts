import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { renderOpenApi } from '../../src/dev/openapi-file.js';
import { createUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('HTTP basics of the API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('answers an unknown route with 404 problem+json carrying the correlation id sent as X-Request-Id', async () => {
    const response = await request(t.app.getHttpServer())
      .get('/no/such/route?name=somebody')
      .set('X-Request-Id', 'client-chosen-id');

    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const id = response.headers['x-request-id'];
    expect(id).toMatch(UUID);
    expect(response.body).toEqual({
      type: 'urn:rtw:problem:route_not_found',
      title: 'Not Found',
      status: 404,
      detail: 'No route matches this method and path.',
      instance: '/no/such/route',
      code: 'route_not_found',
      correlationId: id,
    });
  });

  it('refuses a 10 MB body with 413 problem+json and logs neither the body nor the query', async () => {
    const marker = 'BODY-MARKER-7f3a9c';
    const body = JSON.stringify({ note: marker + 'x'.repeat(10 * 1024 * 1024) });

    const response = await request(t.app.getHttpServer())
      .post('/health/live')
      .set('Content-Type', 'application/json')
      .send(body);

    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 413,
      code: 'payload_too_large',
      correlationId: response.headers['x-request-id'],
    });
    await new Promise((resolve) => setImmediate(resolve));
    const line = t.logs
      .entries()
      .find((entry) => entry.correlationId === response.headers['x-request-id']);
    expect(line).toMatchObject({ msg: 'request', method: 'POST', status: 413 });
    expect(t.logs.text).not.toContain(marker);
  });

  it('answers malformed JSON with 400 problem+json without echoing it', async () => {
    const response = await request(t.app.getHttpServer())
      .post('/health/live')
      .set('Content-Type', 'application/json')
      .send('{"secret": "MALFORMED-MARKER", ');

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'malformed_request', status: 400 });
    expect(JSON.stringify(response.body)).not.toContain('MALFORMED-MARKER');
    expect(t.logs.text).not.toContain('MALFORMED-MARKER');
  });

  it('reports live and ready with PostgreSQL and Redis up', async () => {
    const live = await request(t.app.getHttpServer()).get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');

    const ready = await request(t.app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({
      database: { status: 'up' },
      redis: { status: 'up' },
    });
  });

  it('sends security headers', async () => {
    const response = await request(t.app.getHttpServer()).get('/health/live');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('lets no browser or proxy keep an answer of the API, personal or clinical', async () => {
    const http = () => request(t.app.getHttpServer());
    const db = t.app.get<DataSource>(getDataSourceToken());
    const hr = await accessTokenFor(t.app, await createUser(db, 'hr'));
    for (const answer of [
      await http().get('/me').set('Authorization', `Bearer ${hr}`),
      await http().get('/notifications').set('Authorization', `Bearer ${hr}`),
      await http().get('/no-such-route'),
      await http()
        .post('/auth/login')
        .send({ email: 'nobody@test.rtw', password: 'x'.repeat(12) }),
    ]) {
      expect(answer.headers['cache-control']).toBe('no-store');
    }
  });

  it('keeps idle connections open longer than a load balancer does (60 s), and says so', async () => {
    const server = t.app.getHttpServer() as Server;
    expect(server.keepAliveTimeout).toBe(65_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    const response = await request(server).get('/health/live').set('Connection', 'keep-alive');
    expect(response.headers['keep-alive']).toBe('timeout=65');
  });

  it('exposes Prometheus metrics: request latency by route pattern and queue depths', async () => {
    await request(t.app.getHttpServer()).get('/health/live');
    const response = await request(t.app.getHttpServer()).get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} [1-9]/,
    );
    expect(response.text).toMatch(/rtw_queue_jobs\{queue="maintenance",state="waiting"\} \d+/);
    for (const kind of ['outbox_events', 'reminders', 'emails']) {
      expect(response.text).toMatch(new RegExp(`rtw_work_backlog\\{kind="${kind}"\\} \\d+`));
      expect(response.text).toMatch(
        new RegExp(`rtw_work_oldest_seconds\\{kind="${kind}"\\} [\\d.]+`),
      );
    }
    expect(response.text).toMatch(/^rtw_emails_failed \d+$/m);
    expect(response.text).toMatch(/^rtw_database_stalled 0$/m);
    expect(response.text).toContain('process_resident_memory_bytes');
  });

  it('serves Swagger UI at /docs and the same OpenAPI document as the committed openapi.json', async () => {
    const ui = await request(t.app.getHttpServer()).get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');

    const served = await request(t.app.getHttpServer()).get('/docs/openapi.json');
    expect(served.status).toBe(200);
    expect(served.body.openapi).toMatch(/^3\./);
    expect(served.body.paths['/health/ready']).toBeDefined();

    const committed = JSON.parse(readFileSync('openapi.json', 'utf8')) as unknown;
    expect(served.body).toEqual(committed);
    expect(await renderOpenApi()).toBe(readFileSync('openapi.json', 'utf8'));
  });

  it('opens the queue dashboard to admins only', async () => {
    const db = t.app.get<DataSource>(getDataSourceToken());
    const anonymous = await request(t.app.getHttpServer()).get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.body).toMatchObject({ code: 'unauthenticated', instance: '/admin/queues' });

    const hr = await accessTokenFor(t.app, await createUser(db, 'hr'));
    const refused = await request(t.app.getHttpServer())
      .get('/admin/queues')
      .set('Authorization', `Bearer ${hr}`);
    expect(refused.status).toBe(403);

    const admin = await accessTokenFor(t.app, await createUser(db, 'admin'));
    const dashboard = await request(t.app.getHttpServer())
      .get('/admin/queues')
      .set('Authorization', `Bearer ${admin}`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('<html');
    const api = await request(t.app.getHttpServer())
      .get('/admin/queues/api/queues')
      .set('Authorization', `Bearer ${admin}`);
    expect(api.status).toBe(200);
    expect(JSON.stringify(api.body)).toContain('maintenance');
  });
});

describe('HTTP keep-alive', () => {
  it('keeps idle connections as long as HTTP_KEEP_ALIVE_TIMEOUT_MS says', async () => {
    const t = await startTestApi({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '2000' });
    try {
      const answer = await request(t.app.getHttpServer())
        .get('/health/live')
        .set('Connection', 'keep-alive');
      expect(answer.headers['keep-alive']).toBe('timeout=2');
    } finally {
      await t.app.close();
    }
  });
});
