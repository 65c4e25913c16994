import type { QueryClient } from '@tanstack/react-query';
import { early, type EarlyQuery } from './api/queries';
import type { Me } from './auth/tokens';

/** Each role's first screen, where its work is (pages/Home.tsx sends the account there). */
export const FIRST_SCREEN: Partial<Record<Me['role'], string>> = {
  hr: '/dashboard',
  physio: '/caseload',
  occupational_doctor: '/review',
};

/** The query each first screen opens with, by the page (offset) in its address. */
const FIRST_QUERY: Record<string, (offset: number) => EarlyQuery> = {
  '/dashboard': early.employerDashboard,
  '/caseload': early.caseload,
  '/review': early.review,
};

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
  const screen = FIRST_SCREEN[me.role];
  if (screen && (path === '' || path === screen)) {
    const offset = Number(new URLSearchParams(location.search).get('offset') ?? 0) || 0;
    wanted.push(FIRST_QUERY[screen](offset));
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
