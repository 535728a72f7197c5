import { Route } from '../http/types';
import { SandboxWebhooks, SubscriptionInput } from '../webhooks/webhooks';
import { WebhookFaultSpec } from '../webhooks/webhook-faults';
import { ControlAction, action } from './control.routes';

/** `/__sandbox/webhooks/…`: subscriptions, verification, the delivery log and delivery faults. */
export function webhookControlRoutes(webhooks: SandboxWebhooks): Route[] {
  const as = <T>(body: Record<string, unknown>): T => body as unknown as T;
  const route = (method: string, template: string, status: number, run: ControlAction): Route => ({ kind: 'control', method, template, handle: action(status, run) });
  const base = '/__sandbox/webhooks';
  return [
    route('GET', `${base}/subscriptions`, 200, () => ({ results: webhooks.listSubscriptions() })),
    route('POST', `${base}/subscriptions`, 201, (b) => webhooks.createSubscription(as<SubscriptionInput>(b))),
    route('POST', `${base}/subscriptions/ensure`, 200, (b) => webhooks.ensureSubscription(as<SubscriptionInput>(b))),
    route('PATCH', `${base}/subscriptions/{subscription_id}`, 200, (b, p) => webhooks.updateSubscription(p.subscription_id, as(b))),
    route('DELETE', `${base}/subscriptions/{subscription_id}`, 200, (_b, p) => webhooks.deleteSubscription(p.subscription_id)),
    route('POST', `${base}/subscriptions/{subscription_id}/verify`, 200, (b, p) => webhooks.verifySubscription(p.subscription_id, String(b.verificationToken ?? ''))),
    route('POST', `${base}/subscriptions/{subscription_id}/resend-token`, 200, (_b, p) => webhooks.resendVerification(p.subscription_id)),
    route('GET', `${base}/deliveries`, 200, () => ({ results: webhooks.deliveries() })),
    route('DELETE', `${base}/deliveries`, 200, () => webhooks.clearDeliveries()),
    route('POST', `${base}/flush`, 200, () => webhooks.flush()),
    route('GET', `${base}/faults`, 200, () => ({ results: webhooks.faults() })),
    route('POST', `${base}/faults`, 201, (b) => webhooks.injectFault(as<WebhookFaultSpec>(b))),
    route('DELETE', `${base}/faults`, 200, () => webhooks.clearFaults()),
  ];
}
