import { Injectable } from '@nestjs/common';
import { IntegrationEvents } from '../oauth/integration-events';
import { OAuthIntegrationService } from '../oauth/integrations/oauth-integration.service';
import { OAuthTokenService } from '../oauth/tokens/oauth-token.service';
import { NotionConnections } from './notion-connections';

/** NotionConnections over the OAuth module: integrations, the encrypted token vault and its change events. */
@Injectable()
export class OAuthNotionConnections extends NotionConnections {
  constructor(
    private readonly integrations: OAuthIntegrationService,
    private readonly tokens: OAuthTokenService,
    private readonly events: IntegrationEvents,
  ) {
    super();
  }

  async resolveForUser(userId: string, integrationId?: string): Promise<{ integrationId: string }> {
    const integration = await this.integrations.resolveActive(userId, integrationId);
    return { integrationId: integration.id };
  }

  getValidAccessToken(integrationId: string): Promise<string> {
    return this.tokens.getValidAccessToken(integrationId);
  }

  refreshAfterUnauthorized(integrationId: string, rejectedAccessToken: string): Promise<string> {
    return this.tokens.refreshAfterUnauthorized(integrationId, rejectedAccessToken);
  }

  refusedAfterRefresh(integrationId: string, refusedAccessToken: string): Promise<void> {
    return this.tokens.refusedAfterRefresh(integrationId, refusedAccessToken);
  }

  onChange(listener: (integrationId: string) => void): void {
    this.events.onChange(listener);
  }
}
