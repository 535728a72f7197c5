import { NotionSandbox, SubscriptionView } from '../../../src/sandbox/notion';
import { WebhookContract } from './webhook-contract';
import { WebhookReceiver } from './webhook-receiver';

/**
 * Long enough that no real timer fires during a test, however slow the machine: the tests move the
 * sandbox clock (advanceClock) to close windows, time out receivers and bring retries forward.
 */
export const CLOCK_DRIVEN = { aggregationWindowMs: 60_000, retryBaseMs: 60_000, timeoutMs: 60_000 };

/** A control or API answer as the tests read it. */
export interface Body {
  [key: string]: unknown;
  id: string;
  results: Body[];
  data_sources: Body[];
  properties: Record<string, Body>;
}

/** Waits (briefly, in real time) for something that arrives over HTTP. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('condition not met in time');
}

/** Closes open aggregation windows and waits for what is then due. */
export async function deliver(sandbox: NotionSandbox): Promise<void> {
  sandbox.webhooks.flush();
  await sandbox.webhooks.settled();
}

/** Creates a subscription, takes the token its URL received and pastes it back, as a person would. */
export async function subscribe(sandbox: NotionSandbox, integrationId: string, r: WebhookReceiver, eventTypes?: string[]): Promise<SubscriptionView & { token: string }> {
  const subscription = sandbox.webhooks.createSubscription({ integrationId, url: r.url, eventTypes });
  await sandbox.webhooks.settled();
  const token = r.verificationToken();
  sandbox.webhooks.verifySubscription(subscription.id, token);
  r.clear();
  return { ...subscription, token };
}

/** `/__sandbox/…` over HTTP. */
export function controlApi(sandbox: NotionSandbox) {
  return async (method: string, route: string, body?: unknown): Promise<{ status: number; body: Body }> => {
    const response = await fetch(`${sandbox.url}/__sandbox${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${String(sandbox.controlToken)}` } });
    return { status: response.status, body: (await response.json()) as Body };
  };
}

/** Holds every delivered event of the receivers to Notion's webhook schemas; returns how many were checked. */
export function checkDelivered(receivers: WebhookReceiver[], contract: WebhookContract): number {
  let checked = 0;
  for (const r of receivers) {
    for (const delivery of r.events()) {
      expect(contract.check(delivery.body)).toEqual([]);
      checked += 1;
    }
  }
  return checked;
}
