import { EventEmitter } from 'node:events';
import { Redis, type RedisOptions } from 'ioredis';

export type BullClientType = 'client' | 'subscriber' | 'bclient';

/**
 * Tells the process that Redis answers again after its connection was lost (a restart, an empty
 * Redis, a network cut): what the sweeps hand over can be handed over now rather than at their
 * next tick. Emitted by each command connection that comes back; listeners take the first.
 */
export const redisRecoveries = new EventEmitter();

/**
 * Redis connections for bull. The command connection gives up after a few retries so that callers
 * fail fast while Redis is away; the blocking and subscriber connections must wait indefinitely,
 * as bull requires.
 */
export function createRedisClient(url: string, type: BullClientType): Redis {
  const common: RedisOptions = {
    connectTimeout: 5000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  };
  if (type === 'client') {
    const client = new Redis(url, { ...common, maxRetriesPerRequest: 2 });
    let lost = false;
    client.on('close', () => {
      lost = true;
    });
    client.on('ready', () => {
      if (!lost) return;
      lost = false;
      redisRecoveries.emit('recovered');
    });
    return client;
  }
  return new Redis(url, { ...common, maxRetriesPerRequest: null, enableReadyCheck: false });
}

/** Reads Redis' eviction policy from INFO, which managed services allow when CONFIG is disabled. */
export async function readMaxmemoryPolicy(client: Redis): Promise<string | undefined> {
  const info = await client.info('memory');
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
}

/**
 * bull leaves connections made by a custom `createClient` to their maker: they are tracked here and
 * closed after the queues have closed.
 */
export class RedisConnections {
  private readonly clients = new Set<Redis>();

  constructor(private readonly url: string) {}

  create(type: BullClientType): Redis {
    const client = createRedisClient(this.url, type);
    // Kept until closeAll even when it ends: bull's close ends the blocking connection and then
    // connects the same client again, which must not escape the closing.
    this.clients.add(client);
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(
      [...this.clients].map(async (client) => {
        try {
          await client.quit();
        } catch {
          client.disconnect();
        }
      }),
    );
    this.clients.clear();
  }
}

/** Client states in which a command would wait for a reconnect instead of answering. */
const AWAY = new Set(['reconnecting', 'close', 'end', 'connecting', 'wait']);

export class RedisAwayError extends Error {
  override name = 'RedisAwayError';
}

/**
 * A Redis command a request waits for: refused at once while the client is not connected (a
 * command would otherwise wait for the retry cycle, seconds), and given up after `timeoutMs` when
 * Redis is connected but does not answer. Either way the request learns within a second.
 */
export async function redisAnswer<T>(
  redis: Redis,
  command: () => Promise<T>,
  timeoutMs: number,
): Promise<T> {
  if (AWAY.has(redis.status)) throw new RedisAwayError('Redis is not connected');
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      command(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RedisAwayError('Redis did not answer')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
