import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../core/config/app-config';
import { NotionConnections } from './notion-connections';
import { NotionGateway, type NotionTokenSource } from './notion.gateway';
import { NotionHandle } from './notion.handle';

/** An integration's decrypted token, fetched once and replaced after a refresh. */
class CachedTokens implements NotionTokenSource {
  private token: Promise<string> | null = null;

  constructor(
    readonly integrationId: string,
    private readonly connections: NotionConnections,
  ) {}

  current(): Promise<string> {
    if (!this.token) {
      const pending = this.connections.getValidAccessToken(this.integrationId);
      this.token = pending;
      // A failure (reauth needed, store down) is not kept: the next call asks again.
      pending.catch(() => {
        if (this.token === pending) this.token = null;
      });
    }
    return this.token;
  }

  async refreshAfterUnauthorized(rejected: string): Promise<string> {
    const fresh = await this.connections.refreshAfterUnauthorized(this.integrationId, rejected);
    this.token = Promise.resolve(fresh);
    return fresh;
  }

  async refusedAfterRefresh(refused: string): Promise<void> {
    this.token = null;
    await this.connections.refusedAfterRefresh(this.integrationId, refused);
  }

  forget(): void {
    this.token = null;
  }
}

interface Entry {
  handle: NotionHandle;
  tokens: CachedTokens;
}

/**
 * Hands out a NotionHandle bound to one integration, to services (given the user) and background workers
 * alike. A singleton on purpose: a request-scoped provider over it measured more than 5% on GET /pages/:id
 * (docs/architecture.md, Request scope). Handles and decrypted tokens are kept in a bounded LRU with a TTL
 * and dropped when the integration's tokens change.
 */
@Injectable()
export class NotionClientFactory {
  private readonly cache: LRUCache<string, Entry>;

  constructor(
    config: AppConfig,
    private readonly connections: NotionConnections,
    private readonly gateway: NotionGateway,
  ) {
    this.cache = new LRUCache<string, Entry>({
      max: config.notion.clientCache.size,
      ttl: config.notion.clientCache.ttlSeconds * 1000,
      // A handle a worker still holds must not keep using a token that was replaced or revoked.
      dispose: (entry) => entry.tokens.forget(),
    });
    connections.onChange((integrationId) => this.cache.delete(integrationId));
  }

  /** The user's integration (the default one, or `integrationId` if it is theirs). */
  async forUser(userId: string, integrationId?: string): Promise<NotionHandle> {
    const resolved = await this.connections.resolveForUser(userId, integrationId);
    return this.forIntegration(resolved.integrationId);
  }

  /** For code that already knows the integration (background jobs). Makes no call. */
  forIntegration(integrationId: string): NotionHandle {
    const cached = this.cache.get(integrationId);
    if (cached) return cached.handle;
    const tokens = new CachedTokens(integrationId, this.connections);
    const entry = { tokens, handle: new NotionHandle(this.gateway, tokens) };
    this.cache.set(integrationId, entry);
    return entry.handle;
  }

  /**
   * A handle whose token is read from the vault at its first call, bypassing (and not filling) the cache:
   * for "test connection", which checks what is stored, not what this instance remembers.
   */
  uncached(integrationId: string): NotionHandle {
    return new NotionHandle(this.gateway, new CachedTokens(integrationId, this.connections));
  }

  /**
   * Reads and caches the integration's token now (no Notion call). Workspace provisioning holds a database
   * connection (its advisory lock) across its Notion calls; on the embedded database, with few connections,
   * a token read needing another one could wait behind it, so background work fetches the token first.
   */
  async prefetchToken(integrationId: string): Promise<void> {
    this.forIntegration(integrationId);
    await this.cache.get(integrationId)?.tokens.current();
  }
}
