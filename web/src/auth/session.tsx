import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { api, type Schemas, setTokenSource, unwrap } from '../api/client';
import { ApiProblem } from '../api/problem';

export type Me = Schemas['MeDto'];
type Tokens = Schemas['TokensDto'];

/** Asks the API for the refresh token in its HttpOnly cookie rather than in the body. */
const COOKIE = { 'x-refresh-transport': 'cookie' } as const;
/** A refresh this long before the access token expires. */
const RENEW_MARGIN_MS = 60_000;
/** The device token: kept so that guesses from elsewhere never lock this browser out. */
const DEVICE_KEY = 'rtw.device';

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

/**
 * Refreshes one at a time across the browser's tabs: the refresh token is single use, and two
 * tabs spending the same cookie at once would end the session (reuse detection).
 */
async function exclusive<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return navigator.locks.request('rtw-refresh', work) as Promise<T>;
  }
  return work();
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const access = useRef<string | undefined>(undefined);
  const timer = useRef<number | undefined>(undefined);
  const renewing = useRef<Promise<string | undefined> | undefined>(undefined);

  const end = useCallback((reason: 'ended' | 'signedOut') => {
    access.current = undefined;
    window.clearTimeout(timer.current);
    setState({ status: 'signedOut', reason });
  }, []);

  const renew = useCallback((): Promise<string | undefined> => {
    renewing.current ??= exclusive(async () => {
      try {
        const tokens = await unwrap(api.POST('/auth/refresh', { body: {}, headers: COOKIE }));
        keep(tokens);
        return tokens.accessToken;
      } catch {
        return undefined;
      }
    }).finally(() => {
      renewing.current = undefined;
    });
    return renewing.current;
  }, []);

  const keep = useCallback(
    (tokens: Tokens) => {
      access.current = tokens.accessToken;
      if (tokens.deviceToken) localStorage.setItem(DEVICE_KEY, tokens.deviceToken);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(
        () => {
          void renew().then((token) => {
            if (!token) end('ended');
          });
        },
        Math.max(5_000, tokens.expiresIn * 1000 - RENEW_MARGIN_MS),
      );
    },
    [end, renew],
  );

  const begin = useCallback(
    async (tokens: Tokens) => {
      keep(tokens);
      const me = await unwrap(api.GET('/me'));
      setState({ status: 'signedIn', me });
    },
    [keep],
  );

  useEffect(() => {
    setTokenSource({
      accessToken: () => access.current,
      renew: async () => {
        const token = await renew();
        if (!token) end('ended');
        return token;
      },
    });
    // A reload keeps the session: the refresh cookie gives a new access token.
    let cancelled = false;
    void renew().then(async (token) => {
      if (cancelled) return;
      if (!token) return setState({ status: 'signedOut' });
      try {
        const me = await unwrap(api.GET('/me'));
        if (!cancelled) setState({ status: 'signedIn', me });
      } catch {
        if (!cancelled) setState({ status: 'signedOut' });
      }
    });
    return () => {
      cancelled = true;
      setTokenSource(undefined);
      window.clearTimeout(timer.current);
    };
  }, [end, renew]);

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
        end('signedOut');
      },
      update(me) {
        setState({ status: 'signedIn', me });
      },
    }),
    [state, begin, end],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
