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

/** One page of the physiotherapist's caseload (clinical, audited per episode listed). */
export const CLINICAL_PAGE = 25;
const caseload = (offset: number) => ({
  queryKey: ['dashboard', 'caseload', offset] as const,
  fetch: () =>
    unwrap(
      api.GET('/dashboards/caseload', { params: { query: { limit: CLINICAL_PAGE, offset } } }),
    ),
});

/** The occupational doctor's review queue: urgent referrals, then plans awaiting approval. */
const review = (offset: number) => ({
  queryKey: ['dashboard', 'review', offset] as const,
  fetch: () =>
    unwrap(api.GET('/dashboards/review', { params: { query: { limit: CLINICAL_PAGE, offset } } })),
});

/** The number of unread notifications, for the navigation's badge. */
const unread = () => ({
  queryKey: ['notifications', 'unread'] as const,
  fetch: () => unwrap(api.GET('/notifications', { params: { query: { limit: 1 } } })),
});

export const early = { employerDashboard, caseload, review, unread } satisfies Record<
  string,
  (...args: never[]) => EarlyQuery
>;

/** The query options a screen runs for one of the definitions above. */
const asQuery = <T>({
  queryKey,
  fetch,
}: {
  queryKey: readonly unknown[];
  fetch: () => Promise<T>;
}) => queryOptions({ queryKey, queryFn: fetch });

export const employerDashboardQuery = (offset: number) => asQuery(employerDashboard(offset));
export const caseloadQuery = (offset: number) => asQuery(caseload(offset));
export const reviewQuery = (offset: number) => asQuery(review(offset));
export const unreadQuery = () => ({ ...asQuery(unread()), refetchInterval: 60_000 });
