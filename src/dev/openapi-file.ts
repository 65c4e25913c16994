/**
 * Writes the committed `openapi.json` from the controllers (`npm run openapi`), or with `--check`
 * fails when the committed file is stale (`npm run openapi:check`). Needs no database or Redis.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { ApiModule } from '../api.module.js';
import { createLogger } from '../common/logging/logger.js';
import { loadConfig } from '../config/config.js';
import { buildOpenApiDocument } from '../openapi.js';

export const OPENAPI_FILE = 'openapi.json';

export async function renderOpenApi(): Promise<string> {
  const config = loadConfig({ NODE_ENV: 'test' });
  const logger = createLogger({ level: 'silent', process: 'tool' });
  // Preview mode builds the module graph without instantiating providers: no connections.
  const app = await NestFactory.create(ApiModule.forRoot(config, logger), {
    preview: true,
    logger: false,
  });
  const document = buildOpenApiDocument(app);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const rendered = await renderOpenApi();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(OPENAPI_FILE, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (committed !== rendered) {
      process.stderr.write(
        `${OPENAPI_FILE} is stale: run \`npm run openapi\` and commit the result.\n`,
      );
      process.exit(1);
    }
    process.stdout.write(`${OPENAPI_FILE} is up to date\n`);
  } else {
    writeFileSync(OPENAPI_FILE, rendered);
    process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
  }
  process.exit(0);
}
