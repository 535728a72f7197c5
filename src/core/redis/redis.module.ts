import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from './redis.tokens';

async function createRedis(config: AppConfig): Promise<Redis | null> {
  const logger = new Logger('Redis');
  if (!config.redis.url) {
    logger.warn(
      'REDIS_URL is not set: sessions, caches and rate limits live in this process; this instance cannot be scaled out.',
    );
    return null;
  }
  const client = new Redis(config.redis.url, {
    keyPrefix: config.redis.keyPrefix,
    // Fail fast while disconnected instead of queueing: readiness turns 503 and callers get an error now.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: config.redis.connectTimeoutMs,
    // A Redis that accepts bytes and answers none (a partition, a frozen host) fails the command in time,
    // and the silent connection is dropped and reopened, so the commands after it fail at once (offline)
    // instead of each waiting out its own timeout, and the client recovers when Redis answers again.
    commandTimeout: config.redis.commandTimeoutMs,
    socketTimeout: config.redis.commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
  });
  let down = false;
  client.on('error', (err: Error) => {
    if (!down) logger.warn({ err: { message: err.message } }, 'Redis connection error');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.log('Redis connection restored');
    down = false;
  });
  // Give the first connection a moment so a fresh instance is ready at once; never block boot on Redis:
  // readiness reports it down and ioredis keeps reconnecting.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, config.redis.connectTimeoutMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return client;
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

@Global()
@Module({
  providers: [{ provide: REDIS, inject: [AppConfig], useFactory: createRedis }, RedisLifecycle],
  exports: [REDIS],
})
export class RedisModule {}
