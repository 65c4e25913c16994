import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '../config/config.js';
import { dataSourceOptions } from './data-source-options.js';

/** The DataSource the TypeORM CLI loads (`-d dist/src/database/data-source.js`). */
const config = loadConfigOrExit();
export default new DataSource(
  dataSourceOptions(config.databaseUrl, { applicationName: 'rtw-cli', poolSize: 2 }),
);
