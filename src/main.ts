import 'reflect-metadata';
import { handleShutdown, createApiApp, startupFailure } from './bootstrap.js';
import { createLogger } from './common/logging/logger.js';
import { loadConfigOrExit } from './config/config.js';

const config = loadConfigOrExit();
const logger = createLogger({ level: config.logLevel, process: 'api' });

try {
  const app = await createApiApp(config, logger);
  // Signals are handled from before the port opens: a SIGTERM never meets the default action.
  handleShutdown(app, config, logger, { drainQueues: false });
  await app.listen(config.port);
  logger.info({ port: config.port, env: config.env }, 'API listening');
} catch (error) {
  startupFailure('API', error);
}
