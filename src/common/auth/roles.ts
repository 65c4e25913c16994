export const ROLES = [
  'admin',
  'hr',
  'physio',
  'occupational_doctor',
  'employee',
  'analyst',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose accounts see clinical data and therefore need a second factor. */
export const CLINICAL_ROLES: readonly Role[] = ['physio', 'occupational_doctor'];
