import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What the platform knows about the unit of work in progress: an HTTP request or a job. */
export interface RequestContext {
  /** Server-made correlation id; also sent back as `X-Request-Id` and carried into jobs. */
  correlationId: string;
  /** Client address as Express resolves it (honouring TRUST_PROXY); absent in jobs. */
  address?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function newCorrelationId(): string {
  return randomUUID();
}
