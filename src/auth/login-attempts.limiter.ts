import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import type { RateLimiter } from '../core/rate-limit/rate-limiter';
import { normalizedEmail } from './users/email';
import { RateLimiterFactory } from '../core/rate-limit/rate-limiter.factory';

/**
 * Caps sign-in attempts per email (against guessing one account's password) and per client IP (against
 * trying many accounts). Every attempt counts, before the password is checked; a successful sign-in clears
 * the email's count, so a user signing in on several devices is not locked out.
 */
@Injectable()
export class LoginAttemptsLimiter {
  private readonly perEmail: RateLimiter;
  private readonly perIp: RateLimiter;

  constructor(factory: RateLimiterFactory, config: AppConfig) {
    const windowSeconds = config.login.windowSeconds;
    this.perEmail = factory.create({ name: 'login:email', points: config.login.maxAttemptsPerEmail, windowSeconds });
    this.perIp = factory.create({ name: 'login:ip', points: config.login.maxAttemptsPerIp, windowSeconds });
  }

  /** Throws RateLimitedError when either limit is used up. */
  async consume(email: string, ip: string | null): Promise<void> {
    await this.perIp.consume(ip ?? 'unknown');
    await this.perEmail.consume(emailKey(email));
  }

  async succeeded(email: string): Promise<void> {
    await this.perEmail.reset(emailKey(email));
  }
}

/** Keys carry a digest, not the address: the limiter store holds no personal data. */
function emailKey(email: string): string {
  return createHash('sha256').update(normalizedEmail(email)).digest('hex').slice(0, 32);
}
