import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager, type Repository } from 'typeorm';
import { NotFoundError } from '../../core/errors/domain-error';
import type { OAuthAuditEntryEntity } from '../audit/oauth-audit-entry.entity';
import { OAuthAuditLog } from '../audit/oauth-audit.log';
import { IntegrationEvents } from '../integration-events';
import {
  NotionNotConnectedError,
  NotionReauthRequiredError,
  NotionUserBoundElsewhereError,
  OAuthGrantOwnerMismatchError,
} from '../oauth.errors';
import { OAuthProviderError, type OAuthGrant } from '../providers/oauth-provider';
import { OAuthProviderRegistry } from '../providers/oauth-provider.registry';
import { OAuthSecurityService, TokenDecryptError } from '../security/oauth-security.service';
import { OAuthTokenService, binding } from '../tokens/oauth-token.service';
import { OAuthIdentityBindingEntity } from './oauth-identity-binding.entity';
import { OAuthIntegrationEntity } from './oauth-integration.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Upserted =
  | { integration: OAuthIntegrationEntity; reconnected: boolean }
  | { refused: 'owner_changed'; integrationId: string }
  | { refused: 'bound_elsewhere'; boundUserId: string; subjectId: string };

/**
 * A user's connected integrations: listing, choosing the default, testing, disconnecting, storing a new
 * grant. Every method that takes an integration id checks ownership first; another user's id is a 404.
 */
@Injectable()
export class OAuthIntegrationService {
  private readonly logger = new Logger('OAuthIntegrationService');

  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(OAuthIntegrationEntity) private readonly integrations: Repository<OAuthIntegrationEntity>,
    private readonly security: OAuthSecurityService,
    private readonly providers: OAuthProviderRegistry,
    private readonly tokens: OAuthTokenService,
    private readonly audit: OAuthAuditLog,
    private readonly events: IntegrationEvents,
  ) {}

  list(userId: string): Promise<OAuthIntegrationEntity[]> {
    return this.integrations.find({ where: { userId }, order: { connectedAt: 'ASC', id: 'ASC' } });
  }

  /** The Notion bot of an integration (whose edits are the product's own), or null if it is gone. */
  async botIdOf(integrationId: string): Promise<string | null> {
    const row = await this.integrations.findOne({ where: { id: integrationId }, select: { id: true, botId: true } });
    return row?.botId ?? null;
  }

  /** The integration if it is this user's; otherwise the same 404 as an id that does not exist. */
  async requireOwned(userId: string, integrationId: string): Promise<OAuthIntegrationEntity> {
    const row = UUID.test(integrationId) ? await this.integrations.findOneBy({ id: integrationId, userId }) : null;
    if (!row) throw new NotFoundError('Integration');
    return row;
  }

  /**
   * The integration a Notion-bound request should use: the one named (if it is the user's), else the
   * user's default active one. None connected → NOTION_NOT_CONNECTED; only ones needing reauthorisation →
   * NOTION_REAUTH_REQUIRED.
   */
  async resolveActive(userId: string, integrationId?: string): Promise<OAuthIntegrationEntity> {
    if (integrationId !== undefined) return this.requireOwned(userId, integrationId);
    const rows = await this.integrations.find({
      where: { userId, provider: 'notion' },
      order: { isDefault: 'DESC', connectedAt: 'ASC', id: 'ASC' },
    });
    const active = rows.find((r) => r.status === 'active');
    if (active) return active;
    if (rows.some((r) => r.status === 'needs_reauth')) throw new NotionReauthRequiredError();
    throw new NotionNotConnectedError();
  }

  async makeDefault(userId: string, integrationId: string): Promise<OAuthIntegrationEntity> {
    const row = await this.requireOwned(userId, integrationId);
    if (row.status === 'revoked') throw new NotFoundError('Integration');
    await this.dataSource.transaction(async (manager) => {
      await this.lockUsersRows(manager, userId, row.provider);
      // Two statements: the partial unique index on the default is checked row by row.
      await manager.update(OAuthIntegrationEntity, { userId, provider: row.provider, isDefault: true }, { isDefault: false });
      await manager.update(OAuthIntegrationEntity, { id: row.id }, { isDefault: true });
    });
    return this.requireOwned(userId, integrationId);
  }

  /**
   * Revokes the tokens at the provider (an already revoked token is fine; a provider outage is audited and
   * does not keep the user connected), forgets them, and keeps the row as `revoked` for its history.
   */
  async disconnect(userId: string, integrationId: string): Promise<void> {
    const row = await this.requireOwned(userId, integrationId);
    if (row.status === 'revoked') return;
    const provider = this.providers.get(row.provider);
    const audit = { userId, integrationId: row.id, provider: row.provider };
    for (const field of ['refresh', 'access'] as const) {
      const enc = field === 'access' ? row.accessTokenEnc : row.refreshTokenEnc;
      if (!enc) continue;
      let token: string;
      try {
        token = this.security.decrypt(enc, binding(row, field));
      } catch (error) {
        if (!(error instanceof TokenDecryptError)) throw error;
        await this.audit.record({ ...audit, action: 'revoke', outcome: 'failure', reason: `decrypt_${error.reason}` });
        continue;
      }
      try {
        await provider.revoke(token);
        await this.audit.record({ ...audit, action: 'revoke', outcome: 'success', reason: field });
      } catch (error) {
        if (!(error instanceof OAuthProviderError)) throw error;
        this.logger.warn({ integrationId: row.id, code: error.providerCode }, 'Revocation at the provider failed');
        await this.audit.record({ ...audit, action: 'revoke', outcome: 'failure', reason: error.providerCode });
      }
    }
    await this.dataSource.transaction(async (manager) => {
      await this.lockUsersRows(manager, userId, row.provider);
      await manager.update(
        OAuthIntegrationEntity,
        { id: row.id },
        { status: 'revoked', accessTokenEnc: null, refreshTokenEnc: null, keyId: null, isDefault: false },
      );
      if (row.isDefault) await this.promoteDefault(manager, userId, row.provider);
      await this.audit.record({ ...audit, action: 'disconnect', outcome: 'success' }, manager);
    });
    this.events.emitChange(row.id);
  }

  async auditPage(
    userId: string,
    integrationId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: OAuthAuditEntryEntity[]; total: number }> {
    const row = await this.requireOwned(userId, integrationId);
    return this.audit.page(row.id, limit, offset);
  }

  /**
   * Stores the result of a code exchange: a new integration, or (same user, provider and bot) the old one
   * with its tokens replaced in one transaction, since the provider may have killed the previous pair.
   * Refused, with nothing stored: a grant whose provider user is bound to another account (audited for both
   * accounts), and a reconnect by another provider user than the one who made the integration.
   */
  async saveGrant(
    userId: string,
    provider: string,
    grant: OAuthGrant,
  ): Promise<{ integration: OAuthIntegrationEntity; reconnected: boolean }> {
    for (let attempt = 0; ; attempt++) {
      let result: Upserted;
      try {
        result = await this.dataSource.transaction((manager) => this.upsertGrant(manager, userId, provider, grant));
      } catch (error) {
        // Two callbacks for the same bot at once: the loser finds the winner's row on the second pass.
        if (attempt === 0 && isUniqueViolation(error)) continue;
        throw error;
      }
      if ('refused' in result) return this.refuse(userId, provider, result);
      this.events.emitChange(result.integration.id);
      return result;
    }
  }

  private async refuse(userId: string, provider: string, refusal: Exclude<Upserted, { integration: unknown }>): Promise<never> {
    const entry = { provider, action: 'connect' as const, outcome: 'failure' as const };
    if (refusal.refused === 'owner_changed') {
      await this.audit.record({ ...entry, userId, integrationId: refusal.integrationId, reason: 'reconnect_by_other_provider_user' });
      throw new OAuthGrantOwnerMismatchError();
    }
    await this.audit.record({ ...entry, userId, integrationId: null, reason: 'provider_user_bound_elsewhere' });
    // The bound account sees it in the audit of its integration with that provider user, if it still has one.
    const theirs = await this.integrations.findOne({
      where: { userId: refusal.boundUserId, provider, ownerId: refusal.subjectId },
      order: { connectedAt: 'DESC', id: 'DESC' },
    });
    await this.audit.record({
      ...entry,
      userId: refusal.boundUserId,
      integrationId: theirs?.id ?? null,
      reason: 'provider_user_claimed_by_other_account',
    });
    throw new NotionUserBoundElsewhereError();
  }

  private async upsertGrant(
    manager: EntityManager,
    userId: string,
    provider: string,
    grant: OAuthGrant,
  ): Promise<Upserted> {
    const rows = await this.lockUsersRows(manager, userId, provider);
    const existing = rows.find((r) => r.botId === grant.account.botId);
    const a = grant.account;
    const subjectId = a.owner.type === 'user' ? a.owner.id : null;
    if (existing?.ownerType === 'user' && existing.ownerId && existing.ownerId !== subjectId) {
      return { refused: 'owner_changed', integrationId: existing.id };
    }
    if (subjectId) {
      const boundUserId = await this.bind(manager, provider, subjectId, userId);
      if (boundUserId !== userId) return { refused: 'bound_elsewhere', boundUserId, subjectId };
    }
    const id = existing?.id ?? randomUUID();
    const hasDefault = rows.some((r) => r.isDefault && r.id !== id);
    const values: Partial<OAuthIntegrationEntity> = {
      workspaceId: a.workspaceId,
      workspaceName: a.workspaceName?.slice(0, 200) ?? null,
      workspaceIcon: a.workspaceIcon && a.workspaceIcon.length <= 2000 ? a.workspaceIcon : null,
      ownerType: a.owner.type,
      ownerId: a.owner.id,
      ownerName: a.owner.name?.slice(0, 200) ?? null,
      ownerEmail: a.owner.email?.slice(0, 254) ?? null,
      status: 'active',
      isDefault: existing?.isDefault || !hasDefault,
      accessTokenEnc: this.security.encrypt(grant.accessToken, { integrationId: id, userId, field: 'access' }),
      refreshTokenEnc: grant.refreshToken
        ? this.security.encrypt(grant.refreshToken, { integrationId: id, userId, field: 'refresh' })
        : null,
      keyId: this.security.activeKeyId,
      connectedAt: new Date(),
    };
    if (existing) {
      await manager.update(OAuthIntegrationEntity, { id }, values);
    } else {
      await manager.insert(OAuthIntegrationEntity, { id, userId, provider, botId: a.botId, ...values });
    }
    await this.audit.record(
      { userId, integrationId: id, provider, action: existing ? 'reconnect' : 'connect', outcome: 'success' },
      manager,
    );
    const integration = await manager.findOneByOrFail(OAuthIntegrationEntity, { id });
    return { integration, reconnected: Boolean(existing) };
  }

  /**
   * Binds a provider user to this account unless another account holds them; returns the account they are
   * bound to. A concurrent first grant for another account waits on the primary key, then reads the winner.
   */
  private async bind(manager: EntityManager, provider: string, subjectId: string, userId: string): Promise<string> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(OAuthIdentityBindingEntity)
      .values({ provider, subjectId, userId })
      .orIgnore()
      .execute();
    const binding = await manager.findOneByOrFail(OAuthIdentityBindingEntity, { provider, subjectId });
    return binding.userId;
  }

  /** Locks the user's rows of one provider: default changes and connects of one user run one at a time. */
  private lockUsersRows(manager: EntityManager, userId: string, provider: string): Promise<OAuthIntegrationEntity[]> {
    return manager.find(OAuthIntegrationEntity, {
      where: { userId, provider },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  private async promoteDefault(manager: EntityManager, userId: string, provider: string): Promise<void> {
    const next = await manager.findOne(OAuthIntegrationEntity, {
      where: { userId, provider, status: 'active' },
      order: { connectedAt: 'ASC', id: 'ASC' },
    });
    if (next) await manager.update(OAuthIntegrationEntity, { id: next.id }, { isDefault: true });
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}
