/**
 * Passwords: at least 12 characters (long passphrases welcome, up to 256), not a commonly used
 * password, not one character repeated, not the e-mail address.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// Frequently breached passwords of 12 characters or more (lowercased). Short ones are refused by
// length already.
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789123',
  '1234567891011',
  '111111111111',
  '000000000000',
  '123123123123',
  'qwertyuiopas',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwerty123456',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'zaq12wsxcde3',
  'asdfghjkl123',
  'password1234',
  'password12345',
  'password123!',
  'passwordpassword',
  'welcome12345',
  'welcome123456',
  'iloveyou1234',
  'letmein12345',
  'administrator',
  'administrator1',
  'adminadmin123',
  'changeme1234',
  'changemenow!',
  'monkey123456',
  'football1234',
  'baseball1234',
  'superman1234',
  'princess1234',
  'sunshine1234',
  'trustno11234',
  'abcdefghijkl',
  'abcd12345678',
  'abc123456789',
  'azertyuiop12',
  'azerty123456',
  'wachtwoord12',
  'wachtwoord123',
  'wachtwoord1234',
  'motdepasse123',
  'motdepasse1234',
  'welkom123456',
  'bienvenue123',
  'zomer2024!!!',
  'winter2024!!',
  'summer2024!!',
  'lente2025!!!',
  'p@ssw0rd1234',
  'p@ssword1234',
  'passw0rd1234',
  'correcthorsebatterystaple',
  'thequickbrownfox',
  'iloveyou12345',
  'mypassword123',
]);

export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'is a commonly used password; choose another';
  if (new Set(lower).size <= 2) return 'is too repetitive; choose another';
  const localPart = email?.split('@')[0]?.toLowerCase();
  if (localPart && localPart.length >= 4 && lower.includes(localPart))
    return 'must not contain your e-mail address';
  return undefined;
}
