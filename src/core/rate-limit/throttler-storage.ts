import type { ThrottlerStorage } from '@nestjs/throttler';
import { unavailableOnError } from '../errors/domain-error';

/**
 * The global throttle's store, with a failure of that store answered like every other outage (503
 * SERVICE_UNAVAILABLE with Retry-After) instead of a 500 on every route.
 */
export class UnavailableAwareThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly inner: ThrottlerStorage) {}

  increment(...args: Parameters<ThrottlerStorage['increment']>): ReturnType<ThrottlerStorage['increment']> {
    return unavailableOnError('rate limit store', () => this.inner.increment(...args));
  }
}
