import 'reflect-metadata';
import { createWorkerApp, handleShutdown, startupFailure } from './bootstrap.js';
import { createLogger } from './common/logging/logger.js';
import { loadConfigOrExit } from './config/config.js';

const config = loadConfigOrExit();
const logger = createLogger({ level: config.logLevel, process: 'worker' });

try {
  const app = await createWorkerApp(config, logger);
  // Signals are handled from before the port opens: a SIGTERM never meets the default action.
  handleShutdown(app, config, logger, { drainQueues: true });
  await app.listen(config.workerPort);
  logger.info({ port: config.workerPort, env: config.env }, 'worker running');
} catch (error) {
  startupFailure('Worker', error);
}
