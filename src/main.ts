import 'reflect-metadata';
import { handleShutdown, createApiApp, startupFailure } from './bootstrap.js';
import { createLogger } from './common/logging/logger.js';
import { loadConfigOrExit } from './config/config.js';

const config = loadConfigOrExit();
const logger = createLogger({ level: config.logLevel, process: 'api' });

try {
  const app = await createApiApp(config, logger);
  await app.listen(config.port);
  handleShutdown(app, config, logger, { drainQueues: false });
  logger.info({ port: config.port, env: config.env }, 'API listening');
} catch (error) {
  startupFailure('API', error);
}
