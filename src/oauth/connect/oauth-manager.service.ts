import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import type { RateLimiter } from '../../core/rate-limit/rate-limiter';
import { RateLimiterFactory } from '../../core/rate-limit/rate-limiter.factory';
import { OAuthAuditLog } from '../audit/oauth-audit.log';
import { OAuthIntegrationService } from '../integrations/oauth-integration.service';
import { OAuthClock } from '../oauth-clock';
import { OAuthGrantOwnerMismatchError, OAuthStateInvalidError } from '../oauth.errors';
import { OAuthProviderError } from '../providers/oauth-provider';
import { OAuthProviderRegistry } from '../providers/oauth-provider.registry';
import { OAuthStateStore } from '../state/oauth-state.store';

/** How long a user has between "Connect" and the provider's redirect back. */
export const STATE_TTL_SECONDS = 600;

export interface CallbackParams {
  code?: string;
  state?: string;
  error?: string;
}

/** Notices the /app page knows how to word; the callback never reflects provider text into the page. */
export type ConnectNotice = 'connected' | 'reconnected' | 'cancelled' | 'failed';

/**
 * The connect flow (the guide's OAuthManager): a random, single-use, 10-minute `state` bound to the session
 * that asked, the redirect to the provider, and the callback that checks it all before exchanging the code.
 */
@Injectable()
export class OAuthManager {
  private readonly logger = new Logger('OAuthManager');
  private readonly connectLimiter: RateLimiter;

  constructor(
    private readonly providers: OAuthProviderRegistry,
    private readonly states: OAuthStateStore,
    private readonly integrations: OAuthIntegrationService,
    private readonly audit: OAuthAuditLog,
    private readonly clock: OAuthClock,
    limiters: RateLimiterFactory,
  ) {
    this.connectLimiter = limiters.create({ name: 'oauth:connect', points: 30, windowSeconds: 600 });
  }

  /** Returns the provider's authorize URL for this user and session. */
  async start(user: AuthenticatedUser, sessionId: string, providerId: string): Promise<string> {
    const provider = this.providers.get(providerId);
    await this.connectLimiter.consume(user.id);
    const state = randomBytes(32).toString('base64url');
    await this.states.save(
      state,
      { provider: provider.id, userId: user.id, sessionId, expiresAt: this.clock.now() + STATE_TTL_SECONDS * 1000 },
      STATE_TTL_SECONDS,
    );
    return provider.authorizeUrl(state, { id: user.id, name: user.name, email: user.email });
  }

  /**
   * Checks the state before anything else (throws OAUTH_STATE_INVALID), exchanges the code, checks who
   * granted it, and stores the integration; returns where to send the browser. A cancelled consent, a failed
   * exchange or a refused grant stores nothing.
   */
  async complete(
    user: AuthenticatedUser,
    sessionId: string,
    providerId: string,
    params: CallbackParams,
  ): Promise<{ notice: ConnectNotice; integrationId?: string }> {
    const provider = this.providers.get(providerId);
    await this.claimState(user, sessionId, provider.id, params.state);
    if (params.error !== undefined) {
      // The user said no (or the provider refused): nothing to store.
      return { notice: params.error === 'access_denied' ? 'cancelled' : 'failed' };
    }
    if (!params.code) return { notice: 'failed' };

    let grant;
    try {
      grant = await provider.exchangeCode(params.code);
    } catch (error) {
      if (!(error instanceof OAuthProviderError)) throw error;
      this.logger.warn({ provider: provider.id, kind: error.kind, providerCode: error.providerCode }, 'Code exchange failed');
      await this.audit.record({ ...this.failure(user, provider.id), reason: error.providerCode });
      return { notice: 'failed' };
    }
    const expected = await provider.expectedOwnerId({ id: user.id, name: user.name, email: user.email });
    if (expected !== null && grant.account.owner.id !== expected) {
      // A code someone else approved (stolen, replayed under this session's own state). Its tokens are
      // dropped, not revoked: revoking could end the rightful owner's own connection to that workspace.
      await this.audit.record({ ...this.failure(user, provider.id), reason: 'grant_owner_mismatch' });
      throw new OAuthGrantOwnerMismatchError();
    }
    const { integration, reconnected } = await this.integrations.saveGrant(user.id, provider.id, grant);
    return { notice: reconnected ? 'reconnected' : 'connected', integrationId: integration.id };
  }

  /**
   * Uses up the state only once it is known to be this session's, for this provider, and live: presenting
   * someone else's state (or a made-up one) is refused and leaves it for its owner's own callback.
   */
  private async claimState(user: AuthenticatedUser, sessionId: string, providerId: string, state: string | undefined): Promise<void> {
    const record = state ? await this.states.peek(state) : null;
    const valid =
      record !== null &&
      record.provider === providerId &&
      record.userId === user.id &&
      record.sessionId === sessionId &&
      record.expiresAt > this.clock.now();
    if (!valid) throw new OAuthStateInvalidError();
    // Single use: of two callbacks racing with one state, only one gets it back.
    const claimed = await this.states.consume(state as string);
    if (claimed === null || claimed.sessionId !== sessionId) throw new OAuthStateInvalidError();
  }

  private failure(user: AuthenticatedUser, provider: string) {
    return { userId: user.id, integrationId: null, provider, action: 'connect' as const, outcome: 'failure' as const };
  }
}

/** The /app address for a callback outcome. */
export function appLocation(result: { notice: ConnectNotice; integrationId?: string }): string {
  const query = new URLSearchParams({ notice: result.notice });
  if (result.integrationId) query.set('integration', result.integrationId);
  return `/app?${query}`;
}
