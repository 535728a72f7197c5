import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { NotFoundError } from '../../core/errors/domain-error';
import { OAuthAuditLog } from '../audit/oauth-audit.log';
import { IntegrationEvents } from '../integration-events';
import { OAuthIntegrationEntity } from '../integrations/oauth-integration.entity';
import { NotionReauthRequiredError, OAuthExchangeFailedError } from '../oauth.errors';
import { OAuthProviderError } from '../providers/oauth-provider';
import { OAuthProviderRegistry } from '../providers/oauth-provider.registry';
import { OAuthSecurityService, TokenDecryptError, type TokenBinding } from '../security/oauth-security.service';

type RefreshOutcome =
  | { kind: 'token'; token: string; refreshed: boolean }
  | { kind: 'reauth' }
  | { kind: 'failed'; error: OAuthProviderError };

/** last_used_at is a hint for the user, not a ledger: write it at most once a minute per integration. */
const LAST_USED_RESOLUTION = "interval '1 minute'";

/**
 * The token vault: hands out decrypted access tokens and refreshes them when the provider refused one.
 *
 * Refresh is single-flight twice over: concurrent callers in this process share one promise per
 * integration, and across instances a row lock (`SELECT … FOR UPDATE`) serialises refreshes; whoever gets
 * the lock second re-reads the row and, finding a token other than the one that was refused, returns it
 * without spending the (rotating, single-use) refresh token again. The new pair is written in the same
 * transaction that held the lock.
 */
@Injectable()
export class OAuthTokenService {
  private readonly logger = new Logger('OAuthTokenService');
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(OAuthIntegrationEntity) private readonly integrations: Repository<OAuthIntegrationEntity>,
    private readonly security: OAuthSecurityService,
    private readonly providers: OAuthProviderRegistry,
    private readonly audit: OAuthAuditLog,
    private readonly events: IntegrationEvents,
  ) {}

  /** The decrypted access token; NOTION_REAUTH_REQUIRED at once when the integration cannot be used. */
  async getValidAccessToken(integrationId: string): Promise<string> {
    return (await this.usableToken(integrationId)).token;
  }

  /**
   * Called after the provider answered 401 to `rejectedAccessToken`: returns a working access token,
   * refreshing at most once across every caller and instance. `invalid_grant` marks the integration
   * `needs_reauth` (audited) and throws NOTION_REAUTH_REQUIRED.
   */
  refreshAfterUnauthorized(integrationId: string, rejectedAccessToken: string): Promise<string> {
    const running = this.inflight.get(integrationId);
    if (running) return running;
    const refresh = this.refreshUnderLock(integrationId, rejectedAccessToken).finally(() =>
      this.inflight.delete(integrationId),
    );
    this.inflight.set(integrationId, refresh);
    return refresh;
  }

  /**
   * Called when the provider refused `refusedAccessToken` right after a refresh produced it: the grant is
   * gone, so the integration needs re-authorising (audited). A row whose token changed meanwhile (a
   * reconnect, another refresh) is left alone: the refusal was about a token it no longer holds.
   */
  async refusedAfterRefresh(integrationId: string, refusedAccessToken: string): Promise<void> {
    const marked = await this.dataSource.transaction(async (manager) => {
      const row = await this.lockRow(manager, integrationId);
      if (row.status !== 'active' || !row.accessTokenEnc || !this.holds(row, refusedAccessToken)) return false;
      await this.markNeedsReauth(manager, row, 'reauth_required', 'unauthorized_after_refresh');
      return true;
    });
    if (marked) this.events.emitChange(integrationId);
  }

  /** Whether the row's access token is `token` (a row that no longer decrypts holds nothing usable). */
  private holds(row: OAuthIntegrationEntity, token: string): boolean {
    try {
      return this.security.decrypt(row.accessTokenEnc as string, binding(row, 'access')) === token;
    } catch (error) {
      if (error instanceof TokenDecryptError) return false;
      throw error;
    }
  }

  private async refreshUnderLock(integrationId: string, rejected: string): Promise<string> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<RefreshOutcome> => {
      const row = await this.lockRow(manager, integrationId);
      if (row.status !== 'active' || !row.accessTokenEnc) return { kind: 'reauth' };
      let current: string;
      let refreshToken: string | null;
      try {
        current = this.security.decrypt(row.accessTokenEnc, binding(row, 'access'));
        refreshToken = row.refreshTokenEnc ? this.security.decrypt(row.refreshTokenEnc, binding(row, 'refresh')) : null;
      } catch (error) {
        if (!(error instanceof TokenDecryptError)) throw error;
        await this.markNeedsReauth(manager, row, 'decrypt_failed', error.reason);
        return { kind: 'reauth' };
      }
      // Another caller (here or on another instance) refreshed while we waited for the lock.
      if (current !== rejected) return { kind: 'token', token: current, refreshed: false };
      if (!refreshToken) {
        await this.markNeedsReauth(manager, row, 'reauth_required', 'no_refresh_token');
        return { kind: 'reauth' };
      }
      const provider = this.providers.get(row.provider);
      let pair;
      try {
        pair = await provider.refresh(refreshToken);
      } catch (error) {
        if (!(error instanceof OAuthProviderError)) throw error;
        if (error.kind !== 'invalid_grant') return { kind: 'failed', error };
        await this.audit.record(
          { userId: row.userId, integrationId: row.id, provider: row.provider, action: 'refresh_failed', outcome: 'failure', reason: error.providerCode },
          manager,
        );
        await this.markNeedsReauth(manager, row, 'reauth_required', error.providerCode);
        return { kind: 'reauth' };
      }
      await manager.update(OAuthIntegrationEntity, { id: row.id }, {
        accessTokenEnc: this.security.encrypt(pair.accessToken, binding(row, 'access')),
        // A provider that does not rotate may omit the refresh token: keep the one we have.
        refreshTokenEnc: this.security.encrypt(pair.refreshToken ?? refreshToken, binding(row, 'refresh')),
        keyId: this.security.activeKeyId,
      });
      await this.audit.record(
        { userId: row.userId, integrationId: row.id, provider: row.provider, action: 'refresh', outcome: 'success' },
        manager,
      );
      return { kind: 'token', token: pair.accessToken, refreshed: true };
    });

    if (outcome.kind === 'reauth') {
      this.events.emitChange(integrationId);
      throw new NotionReauthRequiredError();
    }
    if (outcome.kind === 'failed') {
      const row = await this.integrations.findOneBy({ id: integrationId });
      if (row) {
        await this.audit.record({
          userId: row.userId,
          integrationId,
          provider: row.provider,
          action: 'refresh_failed',
          outcome: 'failure',
          reason: outcome.error.providerCode,
        });
      }
      this.logger.warn({ integrationId, kind: outcome.error.kind, code: outcome.error.providerCode }, 'Token refresh failed');
      throw new OAuthExchangeFailedError('token refresh', outcome.error);
    }
    if (outcome.refreshed) this.events.emitChange(integrationId);
    return outcome.token;
  }

  private async lockRow(manager: EntityManager, integrationId: string): Promise<OAuthIntegrationEntity> {
    const row = await manager.findOne(OAuthIntegrationEntity, {
      where: { id: integrationId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) throw new NotFoundError('Integration');
    return row;
  }

  private async usableToken(integrationId: string): Promise<{ row: OAuthIntegrationEntity; token: string }> {
    const row = await this.integrations.findOneBy({ id: integrationId });
    if (!row) throw new NotFoundError('Integration');
    if (row.status !== 'active' || !row.accessTokenEnc) throw new NotionReauthRequiredError();
    let token: string;
    try {
      token = this.security.decrypt(row.accessTokenEnc, binding(row, 'access'));
    } catch (error) {
      if (!(error instanceof TokenDecryptError)) throw error;
      await this.dataSource.transaction((manager) => this.markNeedsReauth(manager, row, 'decrypt_failed', error.reason));
      this.events.emitChange(row.id);
      throw new NotionReauthRequiredError();
    }
    await this.dataSource.query(
      `UPDATE "oauth_integrations" SET "last_used_at" = now()
        WHERE "id" = $1 AND ("last_used_at" IS NULL OR "last_used_at" < now() - ${LAST_USED_RESOLUTION})`,
      [row.id],
    );
    return { row, token };
  }

  /** Stops every further use (and refresh) until the user reconnects; the tokens stay for the record. */
  private async markNeedsReauth(
    manager: EntityManager,
    row: OAuthIntegrationEntity,
    action: 'decrypt_failed' | 'reauth_required',
    reason: string,
  ): Promise<void> {
    await manager.update(OAuthIntegrationEntity, { id: row.id }, { status: 'needs_reauth' });
    await this.audit.record(
      { userId: row.userId, integrationId: row.id, provider: row.provider, action, outcome: 'failure', reason },
      manager,
    );
    if (action === 'decrypt_failed') {
      await this.audit.record(
        { userId: row.userId, integrationId: row.id, provider: row.provider, action: 'reauth_required', outcome: 'failure', reason },
        manager,
      );
    }
  }
}

export function binding(row: Pick<OAuthIntegrationEntity, 'id' | 'userId'>, field: TokenBinding['field']): TokenBinding {
  return { integrationId: row.id, userId: row.userId, field };
}
