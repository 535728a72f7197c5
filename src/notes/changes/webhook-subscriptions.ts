/** What asking for a subscription did: an operator's job here (real Notion), or subscribed and verified or not yet. */
export type SubscriptionState = 'manual' | 'pending' | 'verified';

/**
 * Subscribing this app to Notion's webhooks and pasting back the verification token Notion sends: with real
 * Notion an operator does both in the integration's settings (the app keeps the token and shows it to them,
 * see docs/notes.md); the embedded sandbox stands for those settings, so there the app does them itself.
 * Which of the two is the composition root's choice (src/notion-endpoint.module.ts), as for NotionEndpoint:
 * the notes module does not know the embedded sandbox (a lint rule keeps it so).
 */
export abstract class WebhookSubscriptions {
  /** Subscribes the app's integration to every event at `url` (once; a pending one gets its token sent again). */
  abstract subscribe(url: string): Promise<SubscriptionState>;

  /** Pastes the verification token `url` received into its subscription, as the operator would; false when none here can. */
  abstract verify(url: string, token: string): Promise<boolean>;
}
