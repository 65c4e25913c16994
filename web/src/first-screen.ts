import type { QueryClient } from '@tanstack/react-query';
import { early, type EarlyQuery } from './api/queries';
import type { Me } from './auth/tokens';

/** A request of the first screen, started before the application has loaded. */
export interface EarlyAnswer {
  queryKey: readonly unknown[];
  answer: Promise<unknown>;
}

/**
 * On a page load with a session, asks for the data of the screen being opened as soon as the
 * account is known, while the application itself is still loading (main.tsx).
 */
export function requestFirstScreen(me: Me, location: Location): EarlyAnswer[] {
  if (me.secondFactorSetupRequired) return [];
  const wanted: EarlyQuery[] = [early.unread()];
  const path = location.pathname.replace(/^\/app/, '').replace(/\/$/, '');
  if (me.role === 'hr' && (path === '' || path === '/dashboard')) {
    const offset = Number(new URLSearchParams(location.search).get('offset') ?? 0) || 0;
    wanted.push(early.employerDashboard(offset));
  }
  return wanted.map(({ queryKey, fetch }) => {
    const answer = fetch();
    answer.catch(() => undefined); // a failed one is asked again by the screen itself
    return { queryKey, answer };
  });
}

/** Hands the early answers to the query cache, where the screen finds them as it renders. */
export function seedFirstScreen(queries: QueryClient, answers: EarlyAnswer[]): void {
  for (const { queryKey, answer } of answers) {
    void queries.prefetchQuery({ queryKey, queryFn: () => answer });
  }
}
