import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from './auth/session';
import { Shell } from './layout/Shell';
import { SignInPage } from './pages/SignIn';
import { HomePage } from './pages/Home';
import { NotFoundPage } from './pages/NotFound';
import { Loading } from './ui/states';

// The HR officer's first screen comes with the application; the others load when opened.
import EmployerDashboard from './hr/EmployerDashboard';

const ForgotPasswordPage = lazy(() => import('./pages/ForgotPassword'));
const AcceptInvitationPage = lazy(() =>
  import('./pages/PasswordWithLink').then((m) => ({ default: m.AcceptInvitationPage })),
);
const ResetPasswordPage = lazy(() =>
  import('./pages/PasswordWithLink').then((m) => ({ default: m.ResetPasswordPage })),
);
const SecondFactorSetupPage = lazy(() => import('./pages/SecondFactorSetup'));
const Employees = lazy(() => import('./hr/Employees'));
const EmployeeImports = lazy(() => import('./hr/EmployeeImports'));
const EpisodePage = lazy(() => import('./hr/EpisodePage'));
const Inbox = lazy(() => import('./pages/Inbox'));
const Reports = lazy(() => import('./hr/Reports'));
const Caseload = lazy(() => import('./clinical/Caseload'));
const ReviewQueue = lazy(() => import('./clinical/ReviewQueue'));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** Screens behind a sign-in: a visitor is sent to sign in and brought back afterwards. */
function Protected() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signedOut') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (state.me.secondFactorSetupRequired) return <Navigate to="/second-factor" replace />;
  return (
    <Shell>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </Shell>
  );
}

export const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignInPage /> },
    {
      path: '/forgot-password',
      element: (
        <Lazy>
          <ForgotPasswordPage />
        </Lazy>
      ),
    },
    {
      path: '/invitation',
      element: (
        <Lazy>
          <AcceptInvitationPage />
        </Lazy>
      ),
    },
    {
      path: '/reset-password',
      element: (
        <Lazy>
          <ResetPasswordPage />
        </Lazy>
      ),
    },
    {
      path: '/second-factor',
      element: (
        <Lazy>
          <SecondFactorSetupPage />
        </Lazy>
      ),
    },
    {
      element: <Protected />,
      children: [
        { index: true, element: <HomePage /> },
        { path: 'dashboard', element: <EmployerDashboard /> },
        { path: 'employees', element: <Employees /> },
        { path: 'imports', element: <EmployeeImports /> },
        { path: 'episodes/:id', element: <EpisodePage /> },
        { path: 'inbox', element: <Inbox /> },
        { path: 'reports', element: <Reports /> },
        { path: 'caseload', element: <Caseload /> },
        { path: 'review', element: <ReviewQueue /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/app' },
);
