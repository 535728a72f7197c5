import { Injectable } from '@nestjs/common';
import type { OAuthIntegrationEntity } from '../../oauth/integrations/oauth-integration.entity';
import { OAuthIntegrationService } from '../../oauth/integrations/oauth-integration.service';
import { NotionClientFactory } from '../notion-client.factory';
import { NotionReauthRequiredError } from '../notion.errors';

export interface ConnectionCheck {
  integration: OAuthIntegrationEntity;
  workspaceName: string | null;
}

/**
 * "Test connection": Notion's cheapest authenticated call (`users.me`) with one of the user's
 * integrations, made through the gateway like every other call (limited, counted, retried, refreshed
 * once after a 401, errors mapped). It lives beside the gateway rather than in the OAuth module because
 * the OAuth module must not depend on the Notion layer (the Notion layer depends on it for tokens).
 */
@Injectable()
export class ConnectionCheckService {
  constructor(
    private readonly integrations: OAuthIntegrationService,
    private readonly notion: NotionClientFactory,
  ) {}

  async check(userId: string, integrationId: string): Promise<ConnectionCheck> {
    const row = await this.integrations.requireOwned(userId, integrationId);
    // Answered from the row (as the vault would), with no Notion call, whatever this instance still caches.
    if (row.status !== 'active') throw new NotionReauthRequiredError();
    // The check is of what is stored now, so the token is read from the vault, not this instance's cache.
    const me = await this.notion.uncached(row.id).me();
    const bot = me.type === 'bot' ? (me.bot as { workspace_name?: string | null }) : {};
    // Read again: a refresh during the call changed the row (and the user sees that it did).
    return { integration: await this.integrations.requireOwned(userId, integrationId), workspaceName: bot.workspace_name ?? null };
  }
}
