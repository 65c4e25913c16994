// Fails when src/api/schema.d.ts is not what openapi.json gives: the web application's types of
// the API are generated, never edited, and never behind the API (`npm run openapi` refreshes both).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const committed = 'src/api/schema.d.ts';
const dir = mkdtempSync(join(tmpdir(), 'rtw-api-types-'));
const fresh = join(dir, 'schema.d.ts');
try {
  execFileSync(
    process.execPath,
    [
      'node_modules/openapi-typescript/bin/cli.js',
      '../openapi.json',
      '--default-non-nullable',
      'false',
      '-o',
      fresh,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    process.stderr.write(
      `${committed} is out of date with openapi.json: run \`npm run openapi\`\n`,
    );
    process.exitCode = 1;
  } else {
    process.stdout.write(`${committed} is up to date\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
