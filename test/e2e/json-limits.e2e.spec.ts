import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { type CareWorld, careWorld } from '../support/care-world.js';
import { startTestApi, type TestApp } from '../support/test-app.js';

/** `{"a":{"a":...1...}}`: `depth` objects inside each other. */
const nestedObjects = (depth: number, bottom = '1') =>
  '{"a":'.repeat(depth) + bottom + '}'.repeat(depth);
const arrayOf = (members: number, item = '0') => `[${Array(members).fill(item).join(',')}]`;

/**
 * Security scenario 24: a JSON body nested deeper than 32 levels, or with an object or array of
 * more than 1,000 members, is refused with 400 before it is parsed, whoever sends it; bodies at
 * the limits go on to validation as before. (Every operation of openapi.json is covered by the
 * bad-input suite; these are the limits themselves.)
 */
describe('JSON nested or wide beyond the limits', () => {
  let t: TestApp;
  let world: CareWorld;
  const http = () => request(t.app.getHttpServer());
  const post = (path: string, body: string | Buffer, contentType = 'application/json') =>
    http().post(path).set('Content-Type', contentType).send(body);

  beforeAll(async () => {
    t = await startTestApi({ TRUST_PROXY: 'loopback' });
    world = await careWorld(t);
  });
  afterAll(async () => {
    await t.app.close();
  });

  const refusal = (detail: string, instance: string, correlationId: unknown) => ({
    type: 'urn:rtw:problem:malformed_request',
    title: 'Bad Request',
    status: 400,
    detail,
    instance,
    code: 'malformed_request',
    correlationId,
  });
  const TOO_DEEP = 'The request body nests objects and arrays more than 32 deep.';
  const TOO_WIDE = 'The request body has an object or array of more than 1000 members.';

  it('answers a log-in nested 100,000 deep with 400 at once, never 500', async () => {
    const started = performance.now();
    const response = await post('/auth/login', nestedObjects(100_000));
    const elapsed = performance.now() - started;

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toEqual(
      refusal(TOO_DEEP, '/auth/login', response.headers['x-request-id']),
    );
    expect(elapsed).toBeLessThan(1_000);
    const logged = t.logs
      .entries()
      .filter((entry) => entry.correlationId === response.headers['x-request-id']);
    expect(logged.map((entry) => entry.msg)).not.toContain('request failed');
  });

  it('answers a log-in of 200,000 members or 100,000 distinct keys with 400 in well under a second', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `"${i.toString(36)}":0`);
    for (const body of [
      `{${Array(200_000).fill('"":0').join(',')}}`,
      `{${keys.join(',')}}`,
      `{"email":${arrayOf(200_000)},"password":"x"}`,
    ]) {
      const started = performance.now();
      const response = await post('/auth/login', body);
      const elapsed = performance.now() - started;
      expect(response.status).toBe(400);
      expect(response.body).toEqual(
        refusal(TOO_WIDE, '/auth/login', response.headers['x-request-id']),
      );
      expect(elapsed).toBeLessThan(1_000);
    }
  });

  it('lets 1,000 members through to validation and refuses 1,001 before it', async () => {
    const atLimit = await post('/auth/login', `{"email":${arrayOf(1_000)},"password":"x"}`);
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.code).toBe('validation_failed');
    expect(atLimit.body.errors.map((error: { field: string }) => error.field)).toContain('email');

    const over = await post('/auth/login', `{"email":${arrayOf(1_001)},"password":"x"}`);
    expect(over.status).toBe(400);
    expect(over.body).toEqual(refusal(TOO_WIDE, '/auth/login', over.headers['x-request-id']));
  });

  it('lets a body nested 32 deep through to validation where a DTO takes any object, and refuses 33 before it', async () => {
    const { http, as, physio, episodeId, db } = world;
    const path = `/episodes/${episodeId}/questionnaires`;
    // The body (1) holds answers (2), whose score holds the rest: 32 and 33 levels in all.
    const questionnaire = (depth: number) =>
      `{"instrument":"nrs_pain","takenOn":"2026-11-24","answers":{"score":${nestedObjects(depth - 2)}}}`;

    const atLimit = await http()
      .post(path)
      .set(as(physio))
      .set('Content-Type', 'application/json')
      .send(questionnaire(32));
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.code).toBe('validation_failed');
    expect(atLimit.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'answers.score',
    ]);

    const over = await http()
      .post(path)
      .set(as(physio))
      .set('Content-Type', 'application/json')
      .send(questionnaire(33));
    expect(over.status).toBe(400);
    expect(over.body).toEqual(refusal(TOO_DEEP, path, over.headers['x-request-id']));

    const [{ count }] = await db.query<{ count: string }[]>(
      `SELECT count(*) FROM questionnaire_response WHERE episode_id = $1`,
      [episodeId],
    );
    expect(Number(count)).toBe(0);
  });

  it('refuses such a body before authentication: a protected route and the queue dashboard answer 400, not 401', async () => {
    for (const [method, path] of [
      ['put', `/episodes/${randomUUID()}/complaint`],
      ['post', '/employees'],
      ['put', '/admin/queues/api/queues/maintenance/pause'],
    ] as const) {
      const call = http()[method](path);
      const response = await call.set('Content-Type', 'application/json').send(nestedObjects(33));
      expect(response.status).toBe(400);
      expect(response.body).toEqual(refusal(TOO_DEEP, path, response.headers['x-request-id']));
    }
  });

  it('refuses a JSON body that is not UTF-8 with 415 (RFC 8259: JSON between systems is UTF-8)', async () => {
    const response = await post(
      '/auth/login',
      Buffer.from('{"email":"hr@example.org","password":"x"}', 'utf16le'),
      'application/json; charset=utf-16le',
    );
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({
      code: 'unsupported_media_type',
      detail: 'A JSON request body must be encoded as UTF-8.',
    });
  });
});
