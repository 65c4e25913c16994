import { describe, expect, it } from '@jest/globals';
import { appRoutes } from '@bull-board/api/dist/routes.js';
import { QUEUE_ACTIONS } from './queue-dashboard.js';

/** Every mutating API route of the installed bull-board, as `<method> <pattern>`. */
const mutatingRoutes = appRoutes.api.flatMap((route) =>
  [route.method]
    .flat()
    .filter((method) => method !== 'get')
    .flatMap((method) => [route.route].flat().map((pattern) => `${method} ${pattern}`)),
);

describe('audit names of the queue dashboard actions', () => {
  it('names every mutating route bull-board serves, and no route it does not serve', () => {
    // A new bull-board route is audited generically until it is named here.
    expect(mutatingRoutes.filter((route) => !QUEUE_ACTIONS[route])).toEqual([]);
    expect(Object.keys(QUEUE_ACTIONS).filter((route) => !mutatingRoutes.includes(route))).toEqual(
      [],
    );
  });

  it('names the queue, the jobs of a status, the job or the scheduler acted on', () => {
    const params = { queueName: 'mail', queueStatus: 'failed', jobId: '42', schedulerId: 's1' };
    const named = (route: string) => QUEUE_ACTIONS[route](params);
    expect(named('put /api/queues/:queueName/pause')).toEqual({
      action: 'queue.pause',
      objectType: 'queue',
      objectId: 'mail',
    });
    expect(named('put /api/queues/:queueName/clean/:queueStatus')).toEqual({
      action: 'queue.clean',
      objectType: 'queue_status',
      objectId: 'mail/failed',
    });
    expect(named('put /api/queues/:queueName/:jobId/retry')).toEqual({
      action: 'queue.job.retry',
      objectType: 'queue_job',
      objectId: 'mail/42',
    });
    expect(named('patch /api/queues/:queueName/job-schedulers/:schedulerId')).toEqual({
      action: 'queue.scheduler.update',
      objectType: 'queue_scheduler',
      objectId: 'mail/s1',
    });
    expect(
      QUEUE_ACTIONS['put /api/queues/:queueName/:jobId/retry']({
        queueName: 'mail',
        jobId: `a\u0000${'x'.repeat(500)}`,
      }).objectId,
    ).toBe(`mail/a\uFFFD${'x'.repeat(198)}`);
  });
});
