import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { api, unwrap } from '../api/client';
import { ApiProblem } from '../api/problem';
import {
  COOKIE,
  DEVICE_KEY,
  forget,
  keep,
  type Me,
  onSessionEnded,
  restoredSession,
  restoreSession,
  type Tokens,
} from './tokens';

export type { Me } from './tokens';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut'; reason?: 'ended' | 'signedOut' }
  | { status: 'signedIn'; me: Me };

export type SignInStep = { step: 'done' } | { step: 'secondFactor'; challengeToken: string };

interface Session {
  state: SessionState;
  signIn(email: string, password: string): Promise<SignInStep>;
  verify(
    challengeToken: string,
    answer: { code: string } | { recoveryCode: string },
  ): Promise<void>;
  /** Takes tokens obtained elsewhere (a password set with a link, a first second factor). */
  begin(tokens: Tokens): Promise<void>;
  signOut(): Promise<void>;
  update(me: Me): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in account; only under a route that requires one. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe without a session');
  return state.me;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>(() => {
    const restored = restoredSession();
    if (!restored) return { status: 'loading' };
    return restored.me ? { status: 'signedIn', me: restored.me } : { status: 'signedOut' };
  });

  const begin = useCallback(async (tokens: Tokens) => {
    keep(tokens);
    const me = await unwrap(api.GET('/me'));
    setState({ status: 'signedIn', me });
  }, []);

  useEffect(() => {
    let cancelled = false;
    onSessionEnded(() => setState({ status: 'signedOut', reason: 'ended' }));
    // Already in the first render's state when the session came back before it.
    if (!restoredSession()) {
      void restoreSession().then((me) => {
        if (!cancelled) setState(me ? { status: 'signedIn', me } : { status: 'signedOut' });
      });
    }
    return () => {
      cancelled = true;
      onSessionEnded(undefined);
    };
  }, []);

  const session = useMemo<Session>(
    () => ({
      state,
      async signIn(email, password) {
        const deviceToken = localStorage.getItem(DEVICE_KEY) ?? undefined;
        const answer = await unwrap(
          api.POST('/auth/login', { body: { email, password, deviceToken }, headers: COOKIE }),
        );
        if ('challengeToken' in answer) {
          return { step: 'secondFactor', challengeToken: answer.challengeToken };
        }
        await begin(answer as Tokens);
        return { step: 'done' };
      },
      async verify(challengeToken, answer) {
        const deviceToken = localStorage.getItem(DEVICE_KEY) ?? undefined;
        const tokens = await unwrap(
          api.POST('/auth/mfa/verify', {
            body: { challengeToken, deviceToken, ...answer },
            headers: COOKIE,
          }),
        );
        await begin(tokens);
      },
      begin,
      async signOut() {
        await unwrap(api.POST('/auth/logout', { body: {} })).catch((error: unknown) => {
          if (!(error instanceof ApiProblem)) throw error;
        });
        forget();
        setState({ status: 'signedOut', reason: 'signedOut' });
      },
      update(me) {
        setState({ status: 'signedIn', me });
      },
    }),
    [state, begin],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
