import { BullModule } from '@nestjs/bull';
import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppLogger } from '../logging/logger.js';
import { APP_LOGGER } from '../logging/logging.module.js';
import { JobEnqueueService } from './job-enqueue.service.js';
import { QueueName } from './queue-names.js';
import { readMaxmemoryPolicy, RedisConnections } from './redis-client.js';

const REDIS_CONNECTIONS = Symbol('REDIS_CONNECTIONS');
/** A Redis command connection for work other than queues (login throttling). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * Redis must never evict keys: an evicted job is a lost reminder. Development and tests get a
 * warning; production refuses to start.
 */
@Injectable()
export class RedisPolicyCheck implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly jobs: JobEnqueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let policy: string | undefined;
    try {
      policy = await readMaxmemoryPolicy(this.jobs.queue(QueueName.Maintenance).client);
    } catch {
      this.logger.warn(
        { check: 'redis_maxmemory_policy' },
        'could not read the Redis eviction policy',
      );
      return;
    }
    if (policy === 'noeviction') return;
    if (this.config.env === 'production') {
      throw new Error(`Redis maxmemory-policy is ${policy ?? 'unknown'}; set it to noeviction`);
    }
    this.logger.warn(
      { check: 'redis_maxmemory_policy', policy },
      'Redis maxmemory-policy should be noeviction',
    );
  }
}

/** Closes the queues (waiting for active jobs), then the Redis connections they used. */
@Injectable()
export class QueueShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CONNECTIONS) private readonly connections: RedisConnections,
    private readonly jobs: JobEnqueueService,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.jobs.allQueues().map((queue) => queue.close()));
    await this.connections.closeAll();
  }
}

@Global()
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig): DynamicModule {
    const connections = new RedisConnections(config.redisUrl);
    return {
      module: QueueModule,
      imports: [
        BullModule.forRoot({
          prefix: config.bullPrefix,
          createClient: (type) => connections.create(type),
        }),
        BullModule.registerQueue(
          ...Object.values(QueueName).map((name) => ({
            name,
            // A job whose worker died (or stopped while bull had already fetched it) is taken over
            // once its lock lapses. Jobs are idempotent, so being taken over a few times in a row
            // (rolling restarts) must not fail one.
            settings: {
              lockDuration: config.jobs.lockMs,
              stalledInterval: config.jobs.lockMs,
              maxStalledCount: 5,
            },
          })),
        ),
      ],
      providers: [
        { provide: REDIS_CONNECTIONS, useValue: connections },
        { provide: REDIS_CLIENT, useFactory: () => connections.create('client') },
        JobEnqueueService,
        RedisPolicyCheck,
        QueueShutdown,
      ],
      exports: [BullModule, JobEnqueueService, REDIS_CLIENT],
    };
  }
}
