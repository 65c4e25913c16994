import { QueueHeartbeat } from '../modules/maintenance/entities/queue-heartbeat.entity.js';
import { Organisation } from '../modules/organisations/entities/organisation.entity.js';

/** Every entity of the platform. Listed explicitly so app, CLI and tests load the same set. */
export const ENTITIES = [Organisation, QueueHeartbeat];
