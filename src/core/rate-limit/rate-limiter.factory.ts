import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { REDIS } from '../redis/redis.tokens';
import { RateLimiter } from './rate-limiter';

export interface RateLimitOptions {
  /** Names the limit in its keys, e.g. `login:email`. Unique per kind of action. */
  name: string;
  /** Actions allowed per key and window. */
  points: number;
  windowSeconds: number;
}

/**
 * Makes rate limiters shared by every instance through Redis when it is configured (the client already
 * carries the service's key prefix), or kept in process memory otherwise. Same behaviour either way.
 */
@Injectable()
export class RateLimiterFactory {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  create(options: RateLimitOptions): RateLimiter {
    const common = { keyPrefix: `rl:${options.name}`, points: options.points, duration: options.windowSeconds };
    return new RateLimiter(
      this.redis ? new RateLimiterRedis({ ...common, storeClient: this.redis }) : new RateLimiterMemory(common),
    );
  }
}
