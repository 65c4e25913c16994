import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { JobOptions, Queue } from 'bull';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { JobEnqueueService } from '../../src/common/queue/job-enqueue.service.js';
import { QueueName } from '../../src/common/queue/queue-names.js';
import { createUser, type TestUser } from '../factories/identity.js';
import { accessTokenFor } from '../support/auth.js';
import { startTestApi, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

const API = '/admin/queues/api/queues';
const ADDRESS = '198.51.100.31';

/**
 * Security scenario 31 (first half): what an admin does to the queues through the dashboard is
 * audited with the actor before it is done, and nobody else can do it. The API runs on a bull
 * prefix of its own, so pausing or emptying its queues touches no other test.
 */
describe('queue dashboard actions', () => {
  let t: TestApp;
  let db: DataSource;
  let queue: Queue;
  let admin: TestUser;
  let adminToken: string;
  let hrToken: string;
  let hr: TestUser;

  beforeAll(async () => {
    t = await startTestApi({
      TRUST_PROXY: 'loopback',
      BULL_PREFIX: `${process.env.BULL_PREFIX}:dashboard`,
    });
    db = t.app.get<DataSource>(getDataSourceToken());
    queue = t.app.get(JobEnqueueService).queue(QueueName.Maintenance);
    admin = await createUser(db, 'admin');
    adminToken = await accessTokenFor(t.app, admin);
    hr = await createUser(db, 'hr');
    hrToken = await accessTokenFor(t.app, hr);
  });
  afterAll(async () => {
    await t.app.close();
  });

  const act = (method: 'put' | 'post', path: string, token?: string) => {
    const http = request(t.app.getHttpServer());
    const call = http[method](`${API}${path}`).set('X-Forwarded-For', ADDRESS);
    return token ? call.set('Authorization', `Bearer ${token}`) : call;
  };
  const auditOf = (correlationId: unknown) =>
    db.query<Record<string, unknown>[]>(
      `SELECT actor_user_id, actor_role, action, object_type, object_id, outcome, host(address) AS address
         FROM audit_event WHERE correlation_id = $1 ORDER BY id`,
      [correlationId],
    );
  const row = (
    user: TestUser,
    action: string,
    objectType: string,
    objectId: string,
    outcome = 'allowed',
  ) => ({
    actor_user_id: user.id,
    actor_role: user.role,
    action,
    object_type: objectType,
    object_id: objectId,
    outcome,
    address: ADDRESS,
  });

  /** A job of the queue that failed (taken and failed by hand: this API runs no processor). */
  async function failedJob(jobId: string) {
    await queue.add('dashboard-test', {}, { jobId });
    const taken = await queue.getNextJob();
    expect(taken?.id).toBe(jobId);
    await taken!.moveToFailed({ message: 'failed for the test' });
    expect(await taken!.getState()).toBe('failed');
  }

  it("audits an admin's pause, retry and clean through the dashboard: one row each with the actor, action and object", async () => {
    const paused = await act('put', `/${queue.name}/pause`, adminToken);
    expect(paused.status).toBe(200);
    expect(await queue.isPaused()).toBe(true);
    expect(await auditOf(paused.headers['x-request-id'])).toEqual([
      row(admin, 'queue.pause', 'queue', queue.name),
    ]);

    const resumed = await act('put', `/${queue.name}/resume`, adminToken);
    expect(resumed.status).toBe(200);
    expect(await queue.isPaused()).toBe(false);
    expect(await auditOf(resumed.headers['x-request-id'])).toEqual([
      row(admin, 'queue.resume', 'queue', queue.name),
    ]);

    await failedJob('retry-me');
    const retried = await act('put', `/${queue.name}/retry-me/retry`, adminToken);
    expect(retried.status).toBe(204);
    const waiting = await queue.getJob('retry-me');
    expect(await waiting!.getState()).toBe('waiting');
    await waiting!.remove(); // the next failed job is taken from the waiting ones
    expect(await auditOf(retried.headers['x-request-id'])).toEqual([
      row(admin, 'queue.job.retry', 'queue_job', `${queue.name}/retry-me`),
    ]);

    // bull-board cleans only jobs older than 5 s: this one says it was made a minute ago (an
    // option bull reads, missing from its types).
    const aMinuteOld: JobOptions & { timestamp: number } = {
      jobId: 'clean-me',
      delay: 3_600_000,
      timestamp: Date.now() - 60_000,
    };
    await queue.add('dashboard-test', {}, aMinuteOld);
    const cleaned = await act('put', `/${queue.name}/clean/delayed`, adminToken);
    expect(cleaned.status).toBe(200);
    expect(await queue.getJob('clean-me')).toBeNull();
    expect(await auditOf(cleaned.headers['x-request-id'])).toEqual([
      row(admin, 'queue.clean', 'queue_status', `${queue.name}/delayed`),
    ]);
  });

  it("refuses a non-admin's action, audits it as denied and changes nothing; a caller without a token is refused unaudited", async () => {
    await failedJob('stays-failed');

    const paused = await act('put', `/${queue.name}/pause`, hrToken);
    expect(paused.status).toBe(403);
    expect(paused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(paused.body).toMatchObject({
      code: 'forbidden',
      instance: `${API}/${queue.name}/pause`,
      correlationId: paused.headers['x-request-id'],
    });
    expect(await auditOf(paused.headers['x-request-id'])).toEqual([
      row(hr, 'queue.pause', 'queue', queue.name, 'denied'),
    ]);

    const retried = await act('put', `/${queue.name}/stays-failed/retry`, hrToken);
    expect(retried.status).toBe(403);
    expect(await auditOf(retried.headers['x-request-id'])).toEqual([
      row(hr, 'queue.job.retry', 'queue_job', `${queue.name}/stays-failed`, 'denied'),
    ]);

    const anonymous = await act('put', `/${queue.name}/clean/failed`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'unauthenticated' });
    expect(await auditOf(anonymous.headers['x-request-id'])).toEqual([]);

    expect(await queue.isPaused()).toBe(false);
    expect(await (await queue.getJob('stays-failed'))!.getState()).toBe('failed');
  });

  it('audits a mutating request to a route it has no name for, and a failed action as failed too', async () => {
    // The row of the failure is written once the answer has gone out.
    const bothRows = (correlationId: unknown) =>
      until(async () => {
        const rows = await auditOf(correlationId);
        return rows.length >= 2 ? rows : undefined;
      }, 5_000);
    const unknown = await act('post', `/${queue.name}/no-such-action`, adminToken);
    expect(unknown.status).toBe(404);
    const generic = row(
      admin,
      'queue.request',
      'queue_dashboard',
      `POST ${API}/${queue.name}/no-such-action`,
    );
    expect(await bothRows(unknown.headers['x-request-id'])).toEqual([
      generic,
      { ...generic, outcome: 'failed' },
    ]);

    const missing = await act('put', `/${queue.name}/no-such-job/retry`, adminToken);
    expect(missing.status).toBe(404);
    const retry = row(admin, 'queue.job.retry', 'queue_job', `${queue.name}/no-such-job`);
    expect(await bothRows(missing.headers['x-request-id'])).toEqual([
      retry,
      { ...retry, outcome: 'failed' },
    ]);
  });

  it('does not act when the audit row cannot be written', async () => {
    const blocked = await createUser(db, 'admin');
    const token = await accessTokenFor(t.app, blocked);
    // This admin's audit rows, and only theirs, cannot be written for the length of the test.
    await db.query(
      `ALTER TABLE audit_event ADD CONSTRAINT "CHK_test_dashboard_audit_blocked"
         CHECK (actor_user_id IS DISTINCT FROM '${blocked.id}') NOT VALID`,
    );
    try {
      const paused = await act('put', `/${queue.name}/pause`, token);
      expect(paused.status).toBe(500);
      expect(paused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(paused.body).toMatchObject({ code: 'internal_error' });
      expect(await queue.isPaused()).toBe(false);
      expect(await auditOf(paused.headers['x-request-id'])).toEqual([]);
    } finally {
      await db.query(`ALTER TABLE audit_event DROP CONSTRAINT "CHK_test_dashboard_audit_blocked"`);
    }
  });
});
