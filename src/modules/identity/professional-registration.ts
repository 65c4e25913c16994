import type { Role } from '../../common/auth/roles.js';
import type { RegistrationScheme } from './entities/user.entity.js';

/**
 * Professional registration numbers of clinicians, checked for form before an account carries
 * one (the register itself is public: the lead practitioner checks the person against it).
 *
 * - BIG (the Netherlands, Wet BIG): the BIG number, 11 digits.
 * - RIZIV/INAMI (Belgium): 11 digits, written `1-23456-78-901`: a profession digit (1 doctor,
 *   5 physiotherapist), five more digits of the person's number, two check digits and a
 *   three-digit qualification code. The check digits are 97 minus the first six digits modulo 97,
 *   or, for numbers issued since the RIZIV's note of 2012, 89 minus them modulo 89.
 */
export interface Registration {
  scheme: RegistrationScheme;
  number: string;
}

const RIZIV_PROFESSION: Partial<Record<Role, string>> = { occupational_doctor: '1', physio: '5' };
const RIZIV_PROFESSION_NAME: Record<string, string> = {
  '1': 'a doctor',
  '5': 'a physiotherapist',
};

/** The number as stored: digits only (separators of the written form dropped). */
export function registrationDigits(number: string): string {
  return number.replace(/[\s.\-/]/g, '');
}

/** What is wrong with a registration for an account of this role, or undefined. */
export function registrationProblem(role: Role, registration: Registration): string | undefined {
  const digits = registrationDigits(registration.number);
  if (!/^\d{11}$/.test(digits)) {
    return registration.scheme === 'big'
      ? 'a BIG number has 11 digits'
      : 'a RIZIV/INAMI number has 11 digits (1-23456-78-901)';
  }
  if (registration.scheme === 'riziv') {
    const person = Number(digits.slice(0, 6));
    const check = Number(digits.slice(6, 8));
    if (check !== 97 - (person % 97) && check !== 89 - (person % 89)) {
      return 'the check digits of this RIZIV/INAMI number do not match: check it for a typing error';
    }
    const expected = RIZIV_PROFESSION[role];
    if (expected && digits[0] !== expected) {
      return `this RIZIV/INAMI number is not one of ${RIZIV_PROFESSION_NAME[expected]} (it must start with ${expected})`;
    }
  }
  return undefined;
}

/** The number as people write it: `BIG 12345678901`, `RIZIV 1-23456-78-901`. */
export function formatRegistration(scheme: RegistrationScheme, number: string): string {
  if (scheme === 'big') return `BIG ${number}`;
  return `RIZIV ${number[0]}-${number.slice(1, 6)}-${number.slice(6, 8)}-${number.slice(8)}`;
}
