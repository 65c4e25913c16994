/**
 * The fault suite (`npm run test:faults`): each test starts its own PostgreSQL and redis-server,
 * breaks them on purpose, and never touches the shared services `npm test` uses.
 */
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.fault.ts'],
  globalSetup: undefined,
  reporters: ['default'],
  testTimeout: 300_000,
  maxWorkers: 1,
};
