import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { Keyv } from 'keyv';
import { CacheableMemory } from 'cacheable';
import { REDIS } from '../redis/redis.tokens';
import { RedisKeyvStore } from './redis-keyv.store';

/**
 * The application cache (`CACHE_MANAGER`, cache-manager over Keyv), chosen like every other store: on the
 * shared Redis client when there is one (so every instance sees one cache, and an invalidation on one
 * reaches all), else an LRU in this process (one instance only, like the rest of the memory stores).
 * Reads that fail (Redis down) are misses, so callers fall back to the source; writes and deletes throw.
 * What is cached, and why it is never stale: users.service.ts (the guard's user row) and
 * pages/page-content.cache.ts (page content by last_edited_time).
 */
@Module({
  imports: [
    NestCacheModule.registerAsync({
      isGlobal: true,
      inject: [REDIS],
      useFactory: (redis: Redis | null) => ({
        ttl: 60_000,
        stores: [
          new Keyv({
            store: redis ? new RedisKeyvStore(redis) : new CacheableMemory({ lruSize: 10_000 }),
            namespace: 'cache',
            throwOnErrors: true,
          }),
        ],
      }),
    }),
  ],
})
export class CacheModule {}
