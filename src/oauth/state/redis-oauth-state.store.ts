import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { unavailableOnError } from '../../core/errors/domain-error';
import { OAuthStateStore, type OAuthStateRecord } from './oauth-state.store';

export class RedisOAuthStateStore extends OAuthStateStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async save(state: string, record: OAuthStateRecord, ttlSeconds: number): Promise<void> {
    await unavailableOnError('OAuth state store', () =>
      this.redis.set(key(state), JSON.stringify(record), 'EX', Math.max(1, Math.ceil(ttlSeconds))),
    );
  }

  async peek(state: string): Promise<OAuthStateRecord | null> {
    const raw = await unavailableOnError('OAuth state store', () => this.redis.get(key(state)));
    return raw ? (JSON.parse(raw) as OAuthStateRecord) : null;
  }

  async consume(state: string): Promise<OAuthStateRecord | null> {
    const raw = await unavailableOnError('OAuth state store', () => this.redis.getdel(key(state)));
    return raw ? (JSON.parse(raw) as OAuthStateRecord) : null;
  }
}

function key(state: string): string {
  return `oauth:state:${createHash('sha256').update(state).digest('hex')}`;
}
