import { api, type Schemas, setTokenSource, unwrap } from '../api/client';

export type Me = Schemas['MeDto'];
export type Tokens = Schemas['TokensDto'];

/** Asks the API for the refresh token in its HttpOnly cookie rather than in the body. */
export const COOKIE = { 'x-refresh-transport': 'cookie' } as const;
/** A refresh this long before the access token expires. */
const RENEW_MARGIN_MS = 60_000;
/** The device token: kept so that guesses from elsewhere never lock this browser out. */
export const DEVICE_KEY = 'rtw.device';

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

// The tokens live here, outside React, so that the first requests start before the application
// has even loaded: the access token in memory only, the refresh token in its HttpOnly cookie.
let access: string | undefined;
let renewal: number | undefined;
let renewing: Promise<string | undefined> | undefined;
let restoring: Promise<Me | undefined> | undefined;
let restored: { me: Me | undefined } | undefined;
/** Told when the session ends without the user signing out (a refused refresh). */
let onEnded: (() => void) | undefined;

export function onSessionEnded(listener: (() => void) | undefined): void {
  onEnded = listener;
}

/** Keeps a new access token and plans its renewal shortly before it expires. */
export function keep(tokens: Tokens): void {
  access = tokens.accessToken;
  if (tokens.deviceToken) localStorage.setItem(DEVICE_KEY, tokens.deviceToken);
  window.clearTimeout(renewal);
  renewal = window.setTimeout(
    () => void renewOrEnd(),
    Math.max(5_000, tokens.expiresIn * 1000 - RENEW_MARGIN_MS),
  );
}

export function forget(): void {
  access = undefined;
  window.clearTimeout(renewal);
}

/** A new access token from the refresh cookie, or undefined when the API refuses it. */
function renew(): Promise<string | undefined> {
  renewing ??= exclusive(() => unwrap(api.POST('/auth/refresh', { body: {}, headers: COOKIE })))
    .then(
      (tokens) => {
        keep(tokens);
        return tokens.accessToken;
      },
      () => undefined,
    )
    .finally(() => {
      renewing = undefined;
    });
  return renewing;
}

async function renewOrEnd(): Promise<string | undefined> {
  const token = await renew();
  if (!token) {
    forget();
    onEnded?.();
  }
  return token;
}

setTokenSource({ accessToken: () => access, renew: renewOrEnd });

/**
 * A reload keeps the session: the refresh cookie gives a new access token, and that token the
 * account. Started once, as the script starts (main.tsx), so that both round trips overlap the
 * first render instead of following it.
 */
export function restoreSession(): Promise<Me | undefined> {
  restoring ??= renew()
    .then((token) => (token ? unwrap(api.GET('/me')).catch(() => undefined) : undefined))
    .then((me) => {
      restored = { me };
      return me;
    });
  return restoring;
}

/** The outcome of restoreSession when it has already come: the first render can show it. */
export function restoredSession(): { me: Me | undefined } | undefined {
  return restored;
}
