import type Redis from 'ioredis';
import type { KeyvStoreAdapter, StoredData } from 'keyv';

type Listener = (...args: unknown[]) => void;

/**
 * A Keyv store over the service's one shared ioredis client (its key prefix, timeouts and reconnects),
 * instead of @keyv/redis, which would open a second connection with none of those settings. Keyv hands it
 * serialized strings and a TTL in milliseconds. It never closes the client: the Redis module owns it.
 */
export class RedisKeyvStore implements KeyvStoreAdapter {
  readonly opts = { dialect: 'redis' };
  namespace?: string;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(private readonly redis: Redis) {}

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const value = await this.redis.get(key);
    return (value ?? undefined) as StoredData<Value> | undefined;
  }

  async set(key: string, value: string, ttl?: number): Promise<void> {
    if (ttl && ttl > 0) await this.redis.set(key, value, 'PX', Math.ceil(ttl));
    else await this.redis.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(key)) > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    return keys.length > 0 && (await this.redis.del(...keys)) > 0;
  }

  /** Only this cache's keys (Keyv's namespace), scanned; never the sessions or limits beside them. */
  async clear(): Promise<void> {
    // Without a namespace the pattern would match the sessions and limits too.
    if (!this.namespace) throw new Error('RedisKeyvStore.clear needs a Keyv namespace');
    const prefix = this.redis.options.keyPrefix ?? '';
    const pattern = `${prefix}${this.namespace}:*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      // SCAN returns full keys; the client adds its prefix to DEL's arguments, so strip it.
      if (keys.length > 0) await this.redis.del(...keys.map((key) => key.slice(prefix.length)));
    } while (cursor !== '0');
  }

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
}
