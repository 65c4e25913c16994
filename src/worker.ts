import 'reflect-metadata';
import { createWorkerApp, handleShutdown, startupFailure } from './bootstrap.js';
import { createLogger } from './common/logging/logger.js';
import { loadConfigOrExit } from './config/config.js';

const config = loadConfigOrExit();
const logger = createLogger({ level: config.logLevel, process: 'worker' });

try {
  const app = await createWorkerApp(config, logger);
  await app.listen(config.workerPort);
  handleShutdown(app, config, logger, { drainQueues: true });
  logger.info({ port: config.workerPort, env: config.env }, 'worker running');
} catch (error) {
  startupFailure('Worker', error);
}
