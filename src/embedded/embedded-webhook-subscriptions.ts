import { type SubscriptionState, WebhookSubscriptions } from '../notes/changes/webhook-subscriptions';
import type { EmbeddedNotionEndpoint } from './embedded-notion.endpoint';

/**
 * The embedded sandbox stands for Notion's integration settings too: the app subscribes its own integration
 * to every event, and pastes back the verification token the sandbox sends, as an operator does with real
 * Notion. Bound by the composition root (src/notion-endpoint.module.ts) when no NOTION_CLIENT_ID is set.
 */
export class EmbeddedWebhookSubscriptions extends WebhookSubscriptions {
  constructor(private readonly endpoint: EmbeddedNotionEndpoint) {
    super();
  }

  async subscribe(url: string): Promise<SubscriptionState> {
    const { sandbox, integrationId } = await this.endpoint.registration();
    const existing = sandbox.webhooks.listSubscriptions(integrationId).find((s) => s.url === url);
    const subscription = sandbox.webhooks.ensureSubscription({ integrationId, url });
    if (existing?.status === 'pending') sandbox.webhooks.resendVerification(subscription.id);
    return subscription.status === 'active' ? 'verified' : 'pending';
  }

  async verify(url: string, token: string): Promise<boolean> {
    const { sandbox, integrationId } = await this.endpoint.registration();
    const subscription = sandbox.webhooks.listSubscriptions(integrationId).find((s) => s.url === url);
    if (!subscription) return false;
    sandbox.webhooks.verifySubscription(subscription.id, token);
    return true;
  }
}
