import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Module } from '@nestjs/common';
import KeyvRedis, { Keyv } from '@keyv/redis';
import { CacheableMemory } from 'cacheable';
import { AppConfig } from '../config/app-config';

/** The application cache: Redis through Keyv when REDIS_URL is set, an LRU in memory otherwise. */
@Module({
  imports: [
    NestCacheModule.registerAsync({
      isGlobal: true,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ttl: 60_000,
        stores: [
          config.redis.url
            ? new Keyv({ store: new KeyvRedis(config.redis.url, { namespace: `${config.redis.keyPrefix}cache` }) })
            : new Keyv({ store: new CacheableMemory({ lruSize: 10_000 }) }),
        ],
      }),
    }),
  ],
})
export class CacheModule {}
