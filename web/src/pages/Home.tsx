import { Navigate } from 'react-router';
import { useMe } from '../auth/session';

/** Each role starts where its work is. */
export function HomePage() {
  const me = useMe();
  return <Navigate to={me.role === 'hr' ? '/dashboard' : '/inbox'} replace />;
}
