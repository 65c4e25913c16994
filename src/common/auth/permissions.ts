import type { Role } from './roles.js';

/**
 * What a route lets its caller do. Every route declares exactly one permission, or is `@Public()`;
 * the committed route snapshot (test/e2e/__snapshots__) shows every change of access as a diff.
 */
export enum Permission {
  /** Read and change one's own account: profile, password, sessions. */
  OwnAccount = 'own-account',
}

export const ROLE_PERMISSIONS: { readonly [R in Role]: readonly Permission[] } = {
  admin: [Permission.OwnAccount],
  hr: [Permission.OwnAccount],
  physio: [Permission.OwnAccount],
  occupational_doctor: [Permission.OwnAccount],
  employee: [Permission.OwnAccount],
  analyst: [Permission.OwnAccount],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
