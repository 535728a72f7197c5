/**
 * Notion allows an average of 3 requests per second per integration with short bursts. A token
 * bucket per key — the pipeline uses the installation (bot), so every token of it shares one —
 * reproduces that: it holds `burst` requests and refills at `requestsPerSecond`.
 */
export interface RateLimitOptions {
  requestsPerSecond: number;
  burst: number;
  /** Fixed `Retry-After` in seconds; by default the time until a request fits again, rounded up. */
  retryAfterSeconds?: number;
}

export const NOTION_RATE_LIMIT: RateLimitOptions = { requestsPerSecond: 3, burst: 10 };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: RateLimitOptions | null,
    private readonly now: () => number,
  ) {}

  take(key: string): RateDecision {
    if (!this.options || this.options.requestsPerSecond <= 0) return { allowed: true };
    const { requestsPerSecond, burst } = this.options;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * requestsPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / requestsPerSecond));
    return { allowed: false, retryAfterSeconds: this.options.retryAfterSeconds ?? wait };
  }

  reset(): void {
    this.buckets.clear();
  }
}
