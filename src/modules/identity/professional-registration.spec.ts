import { describe, expect, it } from '@jest/globals';
import {
  formatRegistration,
  registrationDigits,
  registrationProblem,
} from './professional-registration.js';

describe('professional registration numbers', () => {
  it('accepts an 11-digit BIG number and refuses other lengths', () => {
    expect(registrationProblem('physio', { scheme: 'big', number: '19012345601' })).toBeUndefined();
    expect(registrationProblem('physio', { scheme: 'big', number: '1901234560' })).toBe(
      'a BIG number has 11 digits',
    );
  });

  it('checks the RIZIV/INAMI check digits, old (97) and new (89) rule', () => {
    // 123456 mod 97 = 72 -> 25; 108290 mod 97 = 38 -> 59; 101857 mod 89 = 41 -> 48.
    expect(
      registrationProblem('occupational_doctor', { scheme: 'riziv', number: '1-23456-25-580' }),
    ).toBeUndefined();
    expect(
      registrationProblem('occupational_doctor', { scheme: 'riziv', number: '10829059000' }),
    ).toBeUndefined();
    expect(
      registrationProblem('occupational_doctor', { scheme: 'riziv', number: '101.85748.004' }),
    ).toBeUndefined();
    expect(
      registrationProblem('occupational_doctor', { scheme: 'riziv', number: '12345626580' }),
    ).toBe('the check digits of this RIZIV/INAMI number do not match: check it for a typing error');
  });

  it('requires the profession digit of the role: 1 for a doctor, 5 for a physiotherapist', () => {
    expect(
      registrationProblem('physio', { scheme: 'riziv', number: '54321087000' }),
    ).toBeUndefined();
    expect(registrationProblem('physio', { scheme: 'riziv', number: '12345625580' })).toBe(
      'this RIZIV/INAMI number is not one of a physiotherapist (it must start with 5)',
    );
    expect(
      registrationProblem('occupational_doctor', { scheme: 'riziv', number: '54321087000' }),
    ).toBe('this RIZIV/INAMI number is not one of a doctor (it must start with 1)');
  });

  it('stores digits and shows the number as the register writes it', () => {
    expect(registrationDigits('1-23456-25-580')).toBe('12345625580');
    expect(formatRegistration('riziv', '12345625580')).toBe('RIZIV 1-23456-25-580');
    expect(formatRegistration('big', '19012345601')).toBe('BIG 19012345601');
  });
});
