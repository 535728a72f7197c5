import { Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { NotFoundError, unavailableOnError } from '../../core/errors/domain-error';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-token';
import type { ApiKeyEntity } from './api-key.entity';
import { TooManyApiKeysError } from './api-keys.errors';
import { ApiKeysRepository } from './api-keys.repository';

/** Last use is written at most this often per key. */
export const TOUCH_INTERVAL_MS = 60_000;
export const MAX_KEYS_PER_USER = 25;
const DAY_MS = 86_400_000;

export interface NewApiKey {
  /** The only time the key exists outside the client. */
  key: string;
  record: ApiKeyEntity;
}

/** Who a key authenticates. */
export interface ApiKeyPrincipal {
  keyId: string;
  userId: string;
}

/** Named, revocable, optionally expiring API keys for agents. Every method takes the user it acts for. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly clock: Clock,
  ) {}

  async create(userId: string, input: { name: string; expiresInDays?: number }): Promise<NewApiKey> {
    if ((await this.keys.countByUser(userId)) >= MAX_KEYS_PER_USER) throw new TooManyApiKeysError(MAX_KEYS_PER_USER);
    const now = this.clock.now();
    const key = generateApiKey();
    const record = await this.keys.create({
      userId,
      name: input.name,
      tokenHash: hashApiKey(key),
      lastFour: key.slice(-4),
      createdAt: new Date(now),
      expiresAt: input.expiresInDays === undefined ? null : new Date(now + input.expiresInDays * DAY_MS),
    });
    return { key, record };
  }

  list(userId: string): Promise<ApiKeyEntity[]> {
    return this.keys.listByUser(userId);
  }

  /** Another user's key id is "not found", exactly like an unknown one. */
  async revoke(userId: string, id: string): Promise<void> {
    if (!(await this.keys.delete(userId, id))) throw new NotFoundError('API key');
  }

  /** The owner of a live key, or null for an unknown, revoked or expired one. Records the use (throttled). */
  async authenticate(key: string): Promise<ApiKeyPrincipal | null> {
    if (!looksLikeApiKey(key)) return null;
    return unavailableOnError('database', () => this.lookUp(key));
  }

  private async lookUp(key: string): Promise<ApiKeyPrincipal | null> {
    const record = await this.keys.findByTokenHash(hashApiKey(key));
    if (!record) return null;
    const now = this.clock.now();
    if (record.expiresAt && record.expiresAt.getTime() <= now) return null;
    if (!record.lastUsedAt || now - record.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
      await this.keys.touch(record.id, new Date(now), new Date(now - TOUCH_INTERVAL_MS + 1));
    }
    return { keyId: record.id, userId: record.userId };
  }
}
