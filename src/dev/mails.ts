/**
 * `npm run mails -- <address>`: the e-mails the platform kept for an address instead of sending
 * them (SMTP_URL=capture, as in the demo), newest first, with date, subject and body: the way to
 * read an invitation or reminder the demo "sent". Reads the running demo's database (the demo
 * records where it is in `.data/demo.json`); DATABASE_URL wins when set.
 */
import pg from 'pg';
import { databaseName, runningDemo } from './local-services.js';

interface CapturedMail {
  to_address: string;
  subject: string;
  body: string;
  created_at: Date;
}

const RULE = '-'.repeat(72);

async function main(): Promise<number> {
  const address = process.argv[2]?.trim();
  if (!address) {
    process.stderr.write('usage: npm run mails -- <e-mail address>\n');
    return 2;
  }
  const databaseUrl = process.env.DATABASE_URL?.trim() || runningDemo()?.databaseUrl;
  if (!databaseUrl) {
    process.stderr.write(
      'No demo is running (start one with `npm run demo`) and DATABASE_URL is not set.\n',
    );
    return 1;
  }
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  let mails: CapturedMail[];
  try {
    await client.connect();
    ({ rows: mails } = await client.query<CapturedMail>(
      `SELECT to_address, subject, body, created_at
         FROM captured_mail
        WHERE lower(to_address) = lower($1)
        ORDER BY created_at DESC`,
      [address],
    ));
  } catch (error) {
    process.stderr.write(
      `Cannot read the kept e-mails in ${databaseName(databaseUrl)}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  } finally {
    await client.end().catch(() => undefined);
  }

  if (!mails.length) {
    process.stdout.write(`No e-mails to ${address} kept in ${databaseName(databaseUrl)}.\n`);
    return 0;
  }
  const out = [
    `${mails.length} e-mail${mails.length === 1 ? '' : 's'} to ${address}, newest first (kept, not sent):`,
  ];
  for (const mail of mails) {
    out.push(
      RULE,
      `Date:    ${mail.created_at
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')}`,
      `To:      ${mail.to_address}`,
      `Subject: ${mail.subject}`,
      '',
      mail.body.trimEnd(),
    );
  }
  out.push(RULE);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `mails failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
