import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, type Repository } from 'typeorm';
import { TokenKeyring } from '../security/token-keyring';
import { OAuthIntegrationEntity } from './oauth-integration.entity';

/** A connected integration as others see it: its bot, and the provider user who installed it. */
export interface IntegrationIdentity {
  id: string;
  botId: string;
  ownerId: string | null;
}

/**
 * What other modules may know of integrations across users (for background work, not requests): who an
 * integration belongs to, which are active, and which this instance can work for. Other modules ask here
 * instead of reading the OAuth tables, and never see the keyring.
 */
@Injectable()
export class IntegrationDirectory {
  constructor(
    @InjectRepository(OAuthIntegrationEntity) private readonly integrations: Repository<OAuthIntegrationEntity>,
    private readonly keyring: TokenKeyring,
  ) {}

  /** The user the integration belongs to, or null if it is gone. */
  async userOf(integrationId: string): Promise<string | null> {
    const row = await this.integrations.findOne({ where: { id: integrationId }, select: { id: true, userId: true } });
    return row?.userId ?? null;
  }

  /** The active Notion integrations connected to this Notion workspace. */
  async activeInWorkspace(workspaceId: string): Promise<IntegrationIdentity[]> {
    const rows = await this.integrations.find({
      where: { provider: 'notion', status: 'active', workspaceId },
      select: { id: true, botId: true, ownerId: true },
    });
    return rows.map((r) => ({ id: r.id, botId: r.botId, ownerId: r.ownerId }));
  }

  /**
   * Of these integrations, the active ones; with `readableHere`, only those whose tokens are encrypted under
   * a key of this instance's keyring.
   */
  async activeAmong(ids: string[], options: { readableHere?: boolean } = {}): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.integrations.find({
      where: { id: In(ids), status: 'active', ...(options.readableHere ? { keyId: In(this.keyIds()) } : {}) },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /**
   * Whether this instance can work for the integration as just read (active, its tokens under a key of this
   * instance's keyring): for a request that has the row already, no round trip.
   */
  workableHere(integration: Pick<OAuthIntegrationEntity, 'status' | 'keyId'>): boolean {
    return integration.status === 'active' && integration.keyId !== null && this.keyIds().includes(integration.keyId);
  }

  /**
   * Of these integrations, those whose tokens are encrypted under a key this instance's keyring lacks (during a
   * rolling key rotation): this instance cannot work for them. Read afresh on every call: a stale answer would
   * let this instance take work for an integration just re-encrypted elsewhere, and its failure to decrypt
   * the tokens would mark the integration for reauthorisation.
   */
  async unreadableAmong(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.integrations.find({ where: { id: In(ids), keyId: Not(In(this.keyIds())) }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /**
   * The integrations whose tokens are encrypted under a key this instance's keyring lacks (during a rolling
   * key rotation): this instance cannot work for them. A hint for leaving work out (unreadableAmong is the
   * check). Cheap whatever the number of integrations: the keys in use are few, and only rows under an
   * unknown one are read.
   */
  async unreadableHere(): Promise<string[]> {
    const known = new Set(this.keyIds());
    const unknown = (await this.keyIdsInUse()).filter((kid) => !known.has(kid));
    if (unknown.length === 0) return [];
    const rows = await this.integrations.find({ where: { keyId: In(unknown) }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** The distinct key ids of stored tokens: a walk of the key_id index, one probe per key in use. */
  private async keyIdsInUse(): Promise<string[]> {
    const rows: Array<{ kid: string }> = await this.integrations.query(
      `WITH RECURSIVE kids AS (
         SELECT min(key_id) AS kid FROM oauth_integrations
         UNION ALL
         SELECT (SELECT min(key_id) FROM oauth_integrations WHERE key_id > kids.kid) FROM kids WHERE kids.kid IS NOT NULL
       )
       SELECT kid FROM kids WHERE kid IS NOT NULL`,
    );
    return rows.map((r) => r.kid);
  }

  private keyIds(): string[] {
    return this.keyring.keys.map((k) => k.kid);
  }
}
