export const ROLES = [
  'admin',
  'hr',
  'physio',
  'occupational_doctor',
  'employee',
  'analyst',
  'manager',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose accounts see clinical data: they carry a professional registration. */
export const CLINICAL_ROLES: readonly Role[] = ['physio', 'occupational_doctor'];

/**
 * Roles that sign in with a second factor: the clinicians, and the managers who invite them (an
 * account that can create a clinical identity is worth as much to an attacker as one).
 */
export const SECOND_FACTOR_ROLES: readonly Role[] = [...CLINICAL_ROLES, 'manager'];
