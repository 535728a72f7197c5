import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../../core/config/app-config';
import { unavailableOnError } from '../../core/errors/domain-error';
import { REDIS } from '../../core/redis/redis.tokens';
import { SessionStore, type SessionRecord } from './session-store';

/**
 * Sessions in Redis (the client adds the configured key prefix):
 * - `session:<tokenHash>`: the record as JSON, expiring with the session;
 * - `user-sessions:<userId>`: a hash of sessionId → tokenHash, to list and revoke a user's sessions.
 *   Entries whose session has expired are pruned when the index is read.
 */
@Injectable()
export class RedisSessionStore extends SessionStore {
  private readonly maxIndexTtlMs: number;

  constructor(@Inject(REDIS) private readonly redis: Redis, config: AppConfig) {
    super();
    this.maxIndexTtlMs = config.session.absoluteTimeoutSeconds * 1000;
  }

  async save(record: SessionRecord, ttlMs: number): Promise<void> {
    return unavailableOnError('session store', async () => {
      const index = userKey(record.userId);
      await this.redis
        .multi()
        .set(sessionKey(record.tokenHash), JSON.stringify(record), 'PX', Math.ceil(ttlMs))
        .hset(index, record.id, record.tokenHash)
        // No session of the user outlives the newest one's absolute timeout, so neither does the index.
        .pexpire(index, this.maxIndexTtlMs)
        .exec()
        .then(failOnError);
    });
  }

  async findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    return unavailableOnError('session store', async () => {
      const json = await this.redis.get(sessionKey(tokenHash));
      return json ? (JSON.parse(json) as SessionRecord) : null;
    });
  }

  async touch(record: SessionRecord, ttlMs: number): Promise<void> {
    return unavailableOnError('session store', async () => {
      // One write, no read: XX leaves a session that was revoked meanwhile revoked.
      await this.redis.set(sessionKey(record.tokenHash), JSON.stringify(record), 'PX', Math.ceil(ttlMs), 'XX');
    });
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    return unavailableOnError('session store', async () => {
      const entries = Object.entries(await this.redis.hgetall(userKey(userId)));
      if (entries.length === 0) return [];
      const values = await this.redis.mget(...entries.map(([, tokenHash]) => sessionKey(tokenHash)));
      const stale = entries.filter((_, i) => values[i] === null).map(([sessionId]) => sessionId);
      if (stale.length > 0) await this.redis.hdel(userKey(userId), ...stale);
      return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as SessionRecord);
    });
  }

  async delete(userId: string, sessionId: string): Promise<boolean> {
    return unavailableOnError('session store', async () => {
      const tokenHash = await this.redis.hget(userKey(userId), sessionId);
      if (!tokenHash) return false;
      const results = await this.redis.multi().del(sessionKey(tokenHash)).hdel(userKey(userId), sessionId).exec().then(failOnError);
      return results[0] === 1;
    });
  }

  async deleteAllByUser(userId: string): Promise<number> {
    return unavailableOnError('session store', async () => {
      const entries = Object.entries(await this.redis.hgetall(userKey(userId)));
      if (entries.length === 0) return 0;
      // Only the entries read here: a session created meanwhile by a concurrent sign-in stays listed.
      const results = await this.redis
        .multi()
        .del(...entries.map(([, tokenHash]) => sessionKey(tokenHash)))
        .hdel(userKey(userId), ...entries.map(([sessionId]) => sessionId))
        .exec()
        .then(failOnError);
      return Number(results[0]);
    });
  }
}

function sessionKey(tokenHash: string): string {
  return `session:${tokenHash}`;
}

function userKey(userId: string): string {
  return `user-sessions:${userId}`;
}

function failOnError(results: [Error | null, unknown][] | null): unknown[] {
  if (!results) throw new Error('Redis transaction aborted');
  for (const [error] of results) if (error) throw error;
  return results.map(([, value]) => value);
}
