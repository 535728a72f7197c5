import { type SubscriptionState, WebhookSubscriptions } from './webhook-subscriptions';

/**
 * Real Notion: the operator creates the subscription in the integration's settings (Webhooks tab) and pastes
 * the token from GET /webhooks/notion/verification-token into Notion's "Verify" dialog. Nothing for the app to do.
 */
export class ManualWebhookSubscriptions extends WebhookSubscriptions {
  subscribe(): Promise<SubscriptionState> {
    return Promise.resolve('manual');
  }

  verify(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
