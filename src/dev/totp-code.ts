/** `npm run totp -- <base32 secret>`: the current six-digit code, for trying the demo accounts. */
import { totpCode } from '../modules/identity/totp.js';

const secret = process.argv[2];
if (!secret) {
  process.stderr.write('usage: npm run totp -- <base32 secret>\n');
  process.exit(2);
}
const now = Date.now();
const remaining = 30 - (Math.floor(now / 1000) % 30);
process.stdout.write(`${totpCode(secret, now)}   (valid for ${remaining} more seconds)\n`);
