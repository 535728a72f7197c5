import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppConfig } from '../core/config/app-config';
import { DependencyUnavailableError } from '../core/errors/domain-error';
import { REDIS } from '../core/redis/redis.tokens';
import { NotionRateLimitedError } from './notion.errors';

/** Sleeping is the one thing a test may want to watch; everything else runs on real time. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps each integration within Notion's average rate across every instance: a window of one second
 * holding `ratePerSecond` calls per integration, in Redis (or process memory when there is none). A
 * caller whose turn has not come waits for the window to roll over instead of failing, up to its
 * deadline. A 429 from Notion closes the window for everyone for the time Notion asked.
 */
@Injectable()
export class NotionRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(config: AppConfig, @Inject(REDIS) redis: Redis | null) {
    const options = { keyPrefix: 'rl:notion', points: config.notion.ratePerSecond, duration: 1 };
    this.limiter = redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options);
  }

  /** Resolves when `integrationId` may send one request; NOTION_RATE_LIMITED if that would pass `deadline` (epoch ms). */
  async acquire(integrationId: string, deadline: number): Promise<number> {
    let waited = 0;
    for (;;) {
      const wait = await this.tryTake(integrationId);
      if (wait === 0) return waited;
      // A little jitter so callers queued on several instances do not all come back in the same millisecond.
      const delay = wait + Math.floor(Math.random() * 25);
      if (Date.now() + delay > deadline) throw new NotionRateLimitedError(wait / 1000);
      await sleep(delay);
      waited += delay;
    }
  }

  /**
   * How long until `integrationId` may send a request, without taking a turn or waiting: 0 when its
   * window has room, else the ms until the window rolls over (or a 429 pause ends). For schedulers that
   * would rather give a worker slot back than sleep in it.
   */
  async msBeforeNext(integrationId: string): Promise<number> {
    let state: RateLimiterRes | null;
    try {
      state = await this.limiter.get(integrationId);
    } catch (error) {
      throw new DependencyUnavailableError('rate limit store', error);
    }
    if (!state || state.remainingPoints > 0) return 0;
    return Math.max(1, state.msBeforeNext);
  }

  /** Blocks every caller of `integrationId`, on every instance, for `ms`. */
  async pause(integrationId: string, ms: number): Promise<void> {
    try {
      await this.limiter.block(integrationId, Math.max(1, Math.ceil(ms / 1000)));
    } catch (error) {
      throw new DependencyUnavailableError('rate limit store', error);
    }
  }

  /** 0 when a request was counted, otherwise the ms until the window opens again. */
  private async tryTake(integrationId: string): Promise<number> {
    try {
      await this.limiter.consume(integrationId, 1);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
      throw new DependencyUnavailableError('rate limit store', rejection);
    }
  }
}
