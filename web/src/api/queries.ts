import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';

/**
 * Queries that a screen runs and that a page load may start early (first-screen.ts): one
 * definition each, so that the early answer is the one the screen finds in the cache.
 */
export interface EarlyQuery {
  queryKey: readonly unknown[];
  fetch(): Promise<unknown>;
}

/** One page of the employer's dashboard. */
export const EMPLOYER_DASHBOARD_PAGE = 25;
const employerDashboard = (offset: number) => ({
  queryKey: ['dashboard', 'employer', offset] as const,
  fetch: () =>
    unwrap(
      api.GET('/dashboards/employer', {
        params: { query: { limit: EMPLOYER_DASHBOARD_PAGE, offset } },
      }),
    ),
});

/** The number of unread notifications, for the navigation's badge. */
const unread = () => ({
  queryKey: ['notifications', 'unread'] as const,
  fetch: () => unwrap(api.GET('/notifications', { params: { query: { limit: 1 } } })),
});

export const early = { employerDashboard, unread } satisfies Record<
  string,
  (...args: never[]) => EarlyQuery
>;

export function employerDashboardQuery(offset: number) {
  const { queryKey, fetch } = employerDashboard(offset);
  return queryOptions({ queryKey, queryFn: fetch });
}

export function unreadQuery() {
  const { queryKey, fetch } = unread();
  return queryOptions({ queryKey, queryFn: fetch, refetchInterval: 60_000 });
}
