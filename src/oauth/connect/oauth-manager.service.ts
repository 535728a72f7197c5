import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import type { RateLimiter } from '../../core/rate-limit/rate-limiter';
import { RateLimiterFactory } from '../../core/rate-limit/rate-limiter.factory';
import { OAuthAuditLog } from '../audit/oauth-audit.log';
import { OAuthIntegrationService } from '../integrations/oauth-integration.service';
import { OAuthClock } from '../oauth-clock';
import { OAuthStateInvalidError } from '../oauth.errors';
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
   * Checks the state (throws OAUTH_STATE_INVALID), exchanges the code and stores the integration; returns
   * where to send the browser. A cancelled consent or a failed exchange stores nothing.
   */
  async complete(
    user: AuthenticatedUser,
    sessionId: string,
    providerId: string,
    params: CallbackParams,
  ): Promise<{ notice: ConnectNotice; integrationId?: string }> {
    const provider = this.providers.get(providerId);
    const record = params.state ? await this.states.consume(params.state) : null;
    if (params.error !== undefined) {
      // The user said no (or the provider refused): nothing to store, whatever the state.
      return { notice: params.error === 'access_denied' ? 'cancelled' : 'failed' };
    }
    const valid =
      record !== null &&
      record.provider === provider.id &&
      record.userId === user.id &&
      record.sessionId === sessionId &&
      record.expiresAt > this.clock.now();
    if (!valid) throw new OAuthStateInvalidError();
    if (!params.code) return { notice: 'failed' };

    let grant;
    try {
      grant = await provider.exchangeCode(params.code);
    } catch (error) {
      if (!(error instanceof OAuthProviderError)) throw error;
      this.logger.warn({ provider: provider.id, kind: error.kind, code: error.providerCode }, 'Code exchange failed');
      await this.audit.record({
        userId: user.id,
        integrationId: null,
        provider: provider.id,
        action: 'connect',
        outcome: 'failure',
        reason: error.providerCode,
      });
      return { notice: 'failed' };
    }
    const { integration, reconnected } = await this.integrations.saveGrant(user.id, provider.id, grant);
    return { notice: reconnected ? 'reconnected' : 'connected', integrationId: integration.id };
  }
}

/** The /app address for a callback outcome. */
export function appLocation(result: { notice: ConnectNotice; integrationId?: string }): string {
  const query = new URLSearchParams({ notice: result.notice });
  if (result.integrationId) query.set('integration', result.integrationId);
  return `/app?${query}`;
}
