import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { appRoutes } from '@bull-board/api/dist/routes.js';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { AsyncResource } from 'node:async_hooks';
import passport from 'passport';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { describeError } from '../errors/describe-error.js';
import { DomainError } from '../errors/domain-error.js';
import { toDomainError } from '../errors/problem-details.js';
import type { AppLogger } from '../logging/logger.js';
import { JobEnqueueService } from '../queue/job-enqueue.service.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** A request to the dashboard as the audit trail records it. */
export interface QueueAction {
  action: string;
  objectType: string;
  objectId?: string;
}

type Params = Record<string, string>;
/** Ids come from the URL: kept short, and without a NUL, which PostgreSQL cannot store. */
const idPart = (text: string | undefined) =>
  (text ?? '').replaceAll('\u0000', '\uFFFD').slice(0, 200);
const onQueue = (action: string) => (params: Params) => ({
  action,
  objectType: 'queue',
  objectId: idPart(params.queueName),
});
const onJobsInStatus = (action: string) => (params: Params) => ({
  action,
  objectType: 'queue_status',
  objectId: `${idPart(params.queueName)}/${idPart(params.queueStatus)}`,
});
const onJob = (action: string) => (params: Params) => ({
  action,
  objectType: 'queue_job',
  objectId: `${idPart(params.queueName)}/${idPart(params.jobId)}`,
});
const onScheduler = (action: string) => (params: Params) => ({
  action,
  objectType: 'queue_scheduler',
  objectId: `${idPart(params.queueName)}/${idPart(params.schedulerId)}`,
});

/**
 * The audit names of bull-board's mutating API routes, keyed by method and route pattern exactly
 * as @bull-board/api declares them (`appRoutes.api` in its routes.js). A route bull-board adds
 * later is still audited, under the generic name; a unit test lists the ones without a name.
 */
export const QUEUE_ACTIONS: Readonly<Record<string, (params: Params) => QueueAction>> = {
  'put /api/queues/pause': () => ({ action: 'queue.pause_all', objectType: 'queue' }),
  'put /api/queues/resume': () => ({ action: 'queue.resume_all', objectType: 'queue' }),
  'post /api/queues/:queueName/add': onQueue('queue.job.add'),
  'put /api/queues/:queueName/retry/:queueStatus': onJobsInStatus('queue.retry'),
  'put /api/queues/:queueName/promote': onQueue('queue.promote'),
  'put /api/queues/:queueName/clean/:queueStatus': onJobsInStatus('queue.clean'),
  'put /api/queues/:queueName/pause': onQueue('queue.pause'),
  'put /api/queues/:queueName/resume': onQueue('queue.resume'),
  'put /api/queues/:queueName/concurrency': onQueue('queue.concurrency.set'),
  'put /api/queues/:queueName/rate-limit': onQueue('queue.rate_limit.set'),
  'put /api/queues/:queueName/rate-limit/release': onQueue('queue.rate_limit.release'),
  'put /api/queues/:queueName/empty': onQueue('queue.empty'),
  'put /api/queues/:queueName/obliterate': onQueue('queue.obliterate'),
  'put /api/queues/:queueName/job-schedulers/:schedulerId/remove':
    onScheduler('queue.scheduler.remove'),
  'patch /api/queues/:queueName/job-schedulers/:schedulerId': onScheduler('queue.scheduler.update'),
  'put /api/queues/:queueName/job-schedulers/:schedulerId/run': onScheduler('queue.scheduler.run'),
  'put /api/queues/:queueName/:jobId/retry': onJob('queue.job.retry'),
  'put /api/queues/:queueName/:jobId/clean': onJob('queue.job.remove'),
  'put /api/queues/:queueName/:jobId/promote': onJob('queue.job.promote'),
  'patch /api/queues/:queueName/:jobId/update-data': onJob('queue.job.update_data'),
  'patch /api/queues/:queueName/:jobId/delay': onJob('queue.job.delay'),
  'patch /api/queues/:queueName/:jobId/priority': onJob('queue.job.priority'),
  'put /api/queues/:queueName/:jobId/remove-unprocessed-children': onJob(
    'queue.job.remove_children',
  ),
};

/** Requests that read: everything else sent to the dashboard is an action and is audited. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const pathOf = (request: Request) => request.originalUrl.split('?')[0].slice(0, 300);

/** Any other mutating request: audited all the same, named by its method and path. */
const genericAction = (request: Request): QueueAction => ({
  action: 'queue.request',
  objectType: 'queue_dashboard',
  objectId: `${request.method} ${pathOf(request)}`,
});

/** A refused read, in the words of the global guard's denials. */
const readDenied = (request: Request): QueueAction => ({
  action: 'route.denied',
  objectType: 'route',
  objectId: `${request.method} ${pathOf(request)}`,
});

/**
 * The queue dashboard (bull-board) lives outside Nest's router, so the global guard does not see
 * it: it gets its own gate, admins only, with the same access token as the API. Every action an
 * admin takes there (any request but a read) is audited before bull-board is handed it, so an
 * action whose audit row cannot be written does not happen; refusals of a signed-in caller are
 * audited as denied.
 */
export function mountQueueDashboard(app: NestExpressApplication, logger: AppLogger): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: app
      .get(JobEnqueueService)
      .allQueues()
      .map((queue) => new BullAdapter(queue)),
    serverAdapter,
  });
  const actions = new WeakMap<Request, QueueAction>();
  app.use(
    QUEUE_DASHBOARD_PATH,
    namedActions(actions),
    adminsOnly(app.get(AuditService), actions, logger),
    serverAdapter.getRouter(),
  );
}

/**
 * Names each mutating request by the bull-board route it will reach: the same router, the same
 * patterns in the same order as bull-board's own, so a request is named for what it does.
 */
function namedActions(actions: WeakMap<Request, QueueAction>): Router {
  const router = express.Router();
  for (const route of appRoutes.api) {
    for (const method of [route.method].flat()) {
      for (const pattern of [route.route].flat()) {
        if (method === 'get') continue;
        const name = QUEUE_ACTIONS[`${method} ${pattern}`];
        router[method](pattern, (request: Request, _response: Response, next: NextFunction) => {
          actions.set(request, name ? name(request.params as Params) : genericAction(request));
          next('router');
        });
      }
    }
  }
  return router;
}

function adminsOnly(
  audit: AuditService,
  actions: WeakMap<Request, QueueAction>,
  logger: AppLogger,
) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const action = READS.has(request.method)
      ? undefined
      : (actions.get(request) ?? genericAction(request));
    const authenticate = passport.authenticate(
      'jwt',
      { session: false },
      (error: unknown, user: AuthenticatedUser | false) => {
        // The token could not be checked (PostgreSQL away): a 503 to retry, not a sign-out.
        if (error && toDomainError(error).code === 'service_unavailable') return next(error);
        if (error || !user) return next(new DomainError('unauthenticated', 'Sign-in is required.'));
        if (user.role !== 'admin') {
          const refusal = new DomainError('forbidden', 'Your role does not allow this.');
          // Refused whether or not the row is written, as the global guard does.
          void audit
            .record({ actor: user, ...(action ?? readDenied(request)), outcome: 'denied' })
            .catch(() => undefined)
            .finally(() => next(refusal));
          return;
        }
        if (!action) return next();
        void audit.record({ actor: user, ...action, outcome: 'allowed' }).then(() => {
          // What bull-board refused or could not do (an unknown job, a queue gone) is recorded
          // as failed next to the allowed row.
          response.once(
            'finish',
            AsyncResource.bind(() => {
              if (response.statusCode < 400) return;
              audit
                .record({ actor: user, ...action, outcome: 'failed' })
                .catch((failure: unknown) =>
                  logger.error(
                    {
                      correlationId: request.correlationId,
                      action: action.action,
                      error: describeError(failure),
                    },
                    'audit row of a failed queue action not written',
                  ),
                );
            }),
          );
          next();
        }, next);
      },
    ) as (request: Request, response: Response, next: NextFunction) => void;
    authenticate(request, response, next);
  };
}
