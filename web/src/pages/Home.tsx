import { Navigate } from 'react-router';
import { useMe } from '../auth/session';
import { FIRST_SCREEN } from '../first-screen';

/** Each role starts where its work is. */
export function HomePage() {
  const me = useMe();
  return <Navigate to={FIRST_SCREEN[me.role] ?? '/inbox'} replace />;
}
