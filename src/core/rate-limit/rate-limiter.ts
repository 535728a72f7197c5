import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DependencyUnavailableError, RateLimitedError, unavailableOnError } from '../errors/domain-error';

/** A fixed-window limit on one kind of action, counted per key (an email, an IP, a user id...). */
export class RateLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  /** Counts `points` against `key`; throws RateLimitedError (with Retry-After) once the window is used up. */
  async consume(key: string, points = 1): Promise<void> {
    try {
      await this.limiter.consume(key, points);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new RateLimitedError(rejection.msBeforeNext / 1000);
      throw new DependencyUnavailableError('rate limit store', rejection);
    }
  }

  /** Forgets what `key` has used, e.g. after a successful sign-in. */
  async reset(key: string): Promise<void> {
    await unavailableOnError('rate limit store', () => this.limiter.delete(key));
  }
}
