import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { McpClientEntity, McpGrantEntity, McpTokenEntity, type McpTokenKind } from './mcp-auth.entities';

export interface NewToken {
  kind: McpTokenKind;
  tokenHash: string;
  grantId: string;
  expiresAt: Date;
  codeChallenge?: string;
  redirectUri?: string;
}

/** A live token with the grant it belongs to. */
export interface TokenWithGrant {
  token: McpTokenEntity;
  grant: McpGrantEntity;
}

/** What consuming a single-use code or refresh token found. */
export type Consumed = { ok: true; token: McpTokenEntity; grant: McpGrantEntity } | { ok: false; replayedGrantId: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** last_used_at is written at most this often per grant, so /mcp calls do not each cost a write. */
const TOUCH_EVERY_MS = 60_000;

/** The MCP authorization server's storage. Tokens are looked up by hash, grants always with their owner. */
@Injectable()
export class McpAuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  createClient(client: Omit<McpClientEntity, 'clientId' | 'createdAt'>): Promise<McpClientEntity> {
    const repo = this.db.getRepository(McpClientEntity);
    return repo.save(repo.create(client));
  }

  async findClient(clientId: string): Promise<McpClientEntity | null> {
    if (!UUID.test(clientId)) return null;
    return this.db.getRepository(McpClientEntity).findOneBy({ clientId });
  }

  /** The person's live grant to the client, made or updated: approving a client again reuses its grant. */
  async upsertGrant(userId: string, clientId: string, scopes: string[], resource: string): Promise<McpGrantEntity> {
    const repo = this.db.getRepository(McpGrantEntity);
    await repo
      .createQueryBuilder()
      .insert()
      .values({ userId, clientId, scopes, resource })
      .orIgnore()
      .execute();
    const grant = await repo.findOneByOrFail({ userId, clientId, revokedAt: IsNull() });
    if (grant.resource !== resource || grant.scopes.join(' ') !== scopes.join(' ')) {
      await repo.update({ id: grant.id }, { scopes, resource });
      return { ...grant, scopes, resource };
    }
    return grant;
  }

  async insertToken(token: NewToken): Promise<void> {
    await this.db.getRepository(McpTokenEntity).insert({ ...token, codeChallenge: token.codeChallenge ?? null, redirectUri: token.redirectUri ?? null });
  }

  /** An unexpired token of `kind` whose grant is live (and, when given, belongs to `clientId`). */
  async findLive(kind: McpTokenKind, tokenHash: string, clientId?: string): Promise<TokenWithGrant | null> {
    const token = await this.db.getRepository(McpTokenEntity).findOneBy({ tokenHash, kind });
    if (!token || token.consumedAt || token.expiresAt.getTime() <= Date.now()) return null;
    const grant = await this.liveGrant(token.grantId);
    if (!grant || (clientId !== undefined && grant.clientId !== clientId)) return null;
    return { token, grant };
  }

  /**
   * Uses a single-use code or refresh token: exactly one caller wins. A token presented again after it was
   * used names its grant (`replayedGrantId`), which the caller revokes: a replay means it leaked.
   */
  async consume(kind: 'code' | 'refresh', tokenHash: string, clientId: string): Promise<Consumed> {
    const result = await this.db
      .createQueryBuilder()
      .update(McpTokenEntity)
      .set({ consumedAt: () => 'now()' })
      .where('token_hash = :tokenHash AND kind = :kind AND consumed_at IS NULL AND expires_at > now()', { tokenHash, kind })
      .returning('*')
      .execute();
    const token = await this.db.getRepository(McpTokenEntity).findOneBy({ tokenHash, kind });
    if (!token) return { ok: false, replayedGrantId: null };
    const grant = await this.liveGrant(token.grantId);
    if (!result.affected) return { ok: false, replayedGrantId: token.consumedAt && grant?.clientId === clientId ? token.grantId : null };
    if (!grant || grant.clientId !== clientId) return { ok: false, replayedGrantId: null };
    return { ok: true, token, grant };
  }

  async findGrantOfToken(tokenHash: string): Promise<McpGrantEntity | null> {
    const token = await this.db.getRepository(McpTokenEntity).findOneBy({ tokenHash });
    return token ? this.liveGrant(token.grantId) : null;
  }

  async touch(grant: McpGrantEntity): Promise<void> {
    if (grant.lastUsedAt && Date.now() - grant.lastUsedAt.getTime() < TOUCH_EVERY_MS) return;
    await this.db.getRepository(McpGrantEntity).update({ id: grant.id }, { lastUsedAt: () => 'now()' });
  }

  /** Ends a grant and deletes its codes and tokens; false when it was not live (or not `userId`'s). */
  async revokeGrant(grantId: string, userId?: string): Promise<McpGrantEntity | null> {
    if (!UUID.test(grantId)) return null;
    return this.db.transaction(async (manager) => {
      const grants = manager.getRepository(McpGrantEntity);
      const grant = await grants.findOne({ where: { id: grantId, revokedAt: IsNull(), ...(userId ? { userId } : {}) }, lock: { mode: 'pessimistic_write' } });
      if (!grant) return null;
      await grants.update({ id: grantId }, { revokedAt: () => 'now()' });
      await manager.getRepository(McpTokenEntity).delete({ grantId });
      return grant;
    });
  }

  /** The person's live grants with their clients' names, most recently used first. */
  async listGrants(userId: string): Promise<Array<McpGrantEntity & { clientName: string }>> {
    const rows: Array<{ id: string; client_id: string; client_name: string; scopes: string[]; resource: string; created_at: Date; last_used_at: Date | null }> =
      await this.db.query(
        `SELECT g.id, g.client_id, c.client_name, g.scopes, g.resource, g.created_at, g.last_used_at
           FROM mcp_grants g JOIN mcp_clients c ON c.client_id = g.client_id
          WHERE g.user_id = $1 AND g.revoked_at IS NULL
          ORDER BY g.last_used_at DESC NULLS LAST, g.created_at DESC`,
        [userId],
      );
    return rows.map((row) => ({
      id: row.id,
      userId,
      clientId: row.client_id,
      clientName: row.client_name,
      scopes: row.scopes,
      resource: row.resource,
      createdAt: new Date(row.created_at),
      lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
      revokedAt: null,
    }));
  }

  private liveGrant(id: string): Promise<McpGrantEntity | null> {
    return this.db.getRepository(McpGrantEntity).findOneBy({ id, revokedAt: IsNull() });
  }
}
