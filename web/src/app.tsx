import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import './i18n';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiProblem } from './api/problem';
import { SessionProvider } from './auth/session';
import { type EarlyAnswer, seedFirstScreen } from './first-screen';
import { router } from './routes';
import { cssVariables, theme } from './theme';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal is an answer, not a hiccup: only failures to reach the API are tried again.
      retry: (count, error) =>
        count < 2 && (!(error instanceof ApiProblem) || error.status >= 500 || error.status === 0),
      staleTime: 15_000,
      refetchOnWindowFocus: true,
    },
  },
});

/** Renders the application; the session and the first screen's data may already be back. */
export function start(firstScreen: Promise<EarlyAnswer[]>): void {
  void firstScreen.then((answers) => seedFirstScreen(queries, answers));
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
        <Notifications position="top-right" />
        <QueryClientProvider client={queries}>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
}
