import createClient, { type Middleware } from 'openapi-fetch';
import { ApiProblem, unreachable } from './problem';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/**
 * Where the current access token comes from and what to do when it is refused: the session
 * (auth/session.tsx) plugs itself in. The token lives in memory only.
 */
export interface TokenSource {
  accessToken(): string | undefined;
  /** A new access token after a 401, or undefined when the session is over. */
  renew(): Promise<string | undefined>;
}

let tokens: TokenSource | undefined;
export function setTokenSource(source: TokenSource | undefined): void {
  tokens = source;
}

const retries = new WeakMap<Request, Request>();

const bearer: Middleware = {
  onRequest({ request }) {
    const token = tokens?.accessToken();
    if (token && !request.headers.has('Authorization')) {
      request.headers.set('Authorization', `Bearer ${token}`);
    }
    // Kept to send once more with a renewed token, should this one have expired meanwhile.
    if (!new URL(request.url).pathname.startsWith('/auth/')) retries.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    const retry = retries.get(request);
    if (response.status !== 401 || !retry || !tokens) return response;
    const token = await tokens.renew();
    if (!token) return response;
    retry.headers.set('Authorization', `Bearer ${token}`);
    return fetch(retry);
  },
};

/** The typed client of the API (same origin): paths, bodies and answers from openapi.json. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's data, or an ApiProblem carrying the problem+json of a refusal. */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch {
    throw unreachable();
  }
  const { data, error, response } = outcome;
  if (!response.ok) {
    throw new ApiProblem(
      response.status,
      error as ConstructorParameters<typeof ApiProblem>[1],
      response.headers.get('Retry-After'),
    );
  }
  return data as T;
}

/** The current ETag of an answer, for the If-Match of the next change. */
export function etagOf(response: Response): string | undefined {
  return response.headers.get('ETag') ?? undefined;
}

/** The If-Match of a change to a resource read at `version`. */
export function ifMatch(version: number): { 'If-Match': string } {
  return { 'If-Match': `W/"${version}"` };
}
