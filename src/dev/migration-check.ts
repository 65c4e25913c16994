/**
 * `npm run migration:check`: applies every migration to a fresh throwaway database and fails when
 * the entities would still need schema changes (the check `migration:generate --check` makes).
 */
import { randomBytes } from 'node:crypto';
import { schemaDrift, runMigrations } from '../database/migrate.js';
import {
  dropTestDatabase,
  ensureDatabase,
  resolvePostgres,
  withDatabase,
} from './local-services.js';

const postgres = await resolvePostgres({ log: (line) => process.stderr.write(`${line}\n`) });
const database = `rtw_migcheck_test_${randomBytes(4).toString('hex')}`;
let code = 0;
try {
  await ensureDatabase(postgres.adminUrl, database);
  const url = withDatabase(postgres.adminUrl, database);
  const applied = await runMigrations(url);
  const drift = await schemaDrift(url);
  if (drift.length) {
    process.stderr.write(
      `Entities and migrations disagree; a migration is missing for:\n${drift.map((q) => `  ${q}`).join('\n')}\n`,
    );
    code = 1;
  } else {
    process.stdout.write(`migrations match the entities (${applied.length} applied)\n`);
  }
} finally {
  await dropTestDatabase(postgres.adminUrl, database);
  await postgres.stop();
}
process.exit(code);
