import { timingSafeEqual, createHash } from 'node:crypto';
import { ControlError } from '../control/control';
import { Clock } from '../core/clock';
import { newId, newSecret } from '../core/ids';
import { ClockScheduler } from '../core/scheduler';
import { LATEST_VERSION, PREVIOUS_VERSION } from '../core/version';
import { WebhookSubscription } from '../store/model';
import { SandboxStore } from '../store/store';
import { Change, EVENT_TYPES } from './change';
import { DeliveryLogEntry, DeliverySender, DeliverySettings } from './delivery';
import { WebhookDispatcher } from './dispatcher';
import { WEBHOOK_FAULT_KINDS, WebhookFault, WebhookFaultSpec, WebhookFaults } from './webhook-faults';

export interface WebhookOptions extends Partial<DeliverySettings> {
  /** Content and property updates to one entity within this window become one event. Default 3000 ms; 0 sends each at once. */
  aggregationWindowMs?: number;
}

export const WEBHOOK_DEFAULTS = { aggregationWindowMs: 3000, maxAttempts: 8, retryBaseMs: 1000, timeoutMs: 10_000 };

export interface SubscriptionInput {
  integrationId: string;
  url: string;
  /** Event types wanted; omitted or empty: all the sandbox produces. */
  eventTypes?: string[];
  /** `2026-03-11` (default) or `2025-09-03`. */
  apiVersion?: string;
}

/** A subscription as the control API shows it: never its verification token. */
export type SubscriptionView = Omit<WebhookSubscription, 'verificationToken'>;

/**
 * Webhook subscriptions of integrations and their deliveries (the "Webhooks" tab of an
 * integration's settings, plus what a test needs to watch and steer delivery).
 */
export class SandboxWebhooks {
  private readonly scheduler: ClockScheduler;
  private readonly sender: DeliverySender;
  private readonly dispatcher: WebhookDispatcher;
  private readonly faultList = new WebhookFaults();

  constructor(
    private readonly store: SandboxStore,
    private readonly clock: Clock,
    options: WebhookOptions = {},
  ) {
    const settings = { ...WEBHOOK_DEFAULTS, ...options };
    for (const [name, value] of Object.entries(settings)) {
      if (!Number.isFinite(value) || value < 0) throw new Error(`webhooks.${name} must be a number ≥ 0`);
    }
    if (settings.maxAttempts < 1) throw new Error('webhooks.maxAttempts must be at least 1');
    this.scheduler = new ClockScheduler(clock);
    this.sender = new DeliverySender(store, clock, this.scheduler, settings);
    this.dispatcher = new WebhookDispatcher(store, clock, this.scheduler, this.sender, this.faultList, settings.aggregationWindowMs);
  }

  /** Changes from a write (API or person), in the order they happened. */
  accept(changes: Change[]): void {
    this.dispatcher.accept(changes);
  }

  /** Creates a pending subscription and POSTs `{"verification_token": …}` to its URL. */
  createSubscription(input: SubscriptionInput): SubscriptionView {
    const integration = this.store.state.integrations[input?.integrationId];
    if (!integration) throw new ControlError(404, `unknown integration ${input?.integrationId}`);
    const subscription: WebhookSubscription = {
      id: newId(),
      integrationId: integration.id,
      url: checkUrl(input.url),
      eventTypes: checkEventTypes(input.eventTypes),
      apiVersion: checkVersion(input.apiVersion),
      verificationToken: newSecret('secret_', 32),
      status: 'pending',
      createdAt: this.clock.isoNow(),
    };
    this.store.state.webhookSubscriptions[subscription.id] = subscription;
    this.store.changed();
    this.sender.sendVerification(subscription);
    return view(subscription);
  }

  /**
   * Finds the integration's subscription to `url` and sets its event types, or creates it (then
   * the verification token goes out): for an embedding app that registers itself at every boot.
   */
  ensureSubscription(input: SubscriptionInput): SubscriptionView {
    const existing = Object.values(this.store.state.webhookSubscriptions).find((s) => s.integrationId === input?.integrationId && s.url === input.url);
    if (!existing) return this.createSubscription(input);
    existing.eventTypes = checkEventTypes(input.eventTypes);
    if (input.apiVersion !== undefined) existing.apiVersion = checkVersion(input.apiVersion);
    this.store.changed();
    return view(existing);
  }

  listSubscriptions(integrationId?: string): SubscriptionView[] {
    return Object.values(this.store.state.webhookSubscriptions)
      .filter((s) => !integrationId || s.integrationId === integrationId)
      .map(view);
  }

  /** What a person does by pasting the token the URL received into the integration's settings. */
  verifySubscription(id: string, verificationToken: string): SubscriptionView {
    const subscription = this.require(id);
    if (!sameSecret(String(verificationToken ?? ''), subscription.verificationToken)) throw new ControlError(400, 'verification token does not match');
    subscription.status = 'active';
    this.store.changed();
    return view(subscription);
  }

  /** "Resend token": the same token, POSTed again. */
  resendVerification(id: string): SubscriptionView {
    const subscription = this.require(id);
    this.sender.sendVerification(subscription);
    return view(subscription);
  }

  /** Event types may change at any time; the URL only before verification, as on Notion. */
  updateSubscription(id: string, input: { url?: string; eventTypes?: string[] }): SubscriptionView {
    const subscription = this.require(id);
    const url = input?.url === undefined ? undefined : checkUrl(input.url);
    const eventTypes = input?.eventTypes === undefined ? undefined : checkEventTypes(input.eventTypes);
    if (url !== undefined && url !== subscription.url && subscription.status === 'active') throw new ControlError(409, 'the URL of a verified subscription cannot change');
    if (url !== undefined) subscription.url = url;
    if (eventTypes !== undefined) subscription.eventTypes = eventTypes;
    this.store.changed();
    return view(subscription);
  }

  deleteSubscription(id: string): void {
    this.require(id);
    delete this.store.state.webhookSubscriptions[id];
    this.store.changed();
  }

  /** Every attempt, oldest first: `{time, eventId, subscriptionId, type, attempt, status, error, durationMs, fault}`. */
  deliveries(): DeliveryLogEntry[] {
    return this.sender.entries();
  }

  clearDeliveries(): void {
    this.sender.clearLog();
  }

  injectFault(spec: WebhookFaultSpec): WebhookFault {
    if (!spec || !WEBHOOK_FAULT_KINDS.includes(spec.kind)) throw new ControlError(400, `kind must be one of ${WEBHOOK_FAULT_KINDS.join(', ')}`);
    if (spec.probability !== undefined && !(spec.probability > 0 && spec.probability <= 1)) throw new ControlError(400, 'probability must be in (0, 1]');
    if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) throw new ControlError(400, 'times must be a positive integer');
    return this.faultList.add(spec);
  }

  faults(): WebhookFault[] {
    return this.faultList.list();
  }

  clearFaults(): void {
    this.faultList.clear();
  }

  /** Sends every aggregated event now instead of at the end of its window. */
  flush(): void {
    this.dispatcher.flush();
  }

  /**
   * Resolves once nothing is due: no delivery in flight, no event or retry whose time has come
   * on the sandbox clock (later ones keep waiting; `advanceClock` brings them forward).
   */
  async settled(): Promise<void> {
    for (let round = 0; round < 10_000; round += 1) {
      this.scheduler.runDue();
      if (this.sender.busy()) {
        await this.sender.drain();
        continue;
      }
      if (this.dispatcher.releaseHeld()) continue;
      await new Promise((resolve) => setImmediate(resolve));
      if (!this.sender.busy() && !this.scheduler.hasDue()) return;
    }
  }

  /** Forgets waiting events, retries, held deliveries, the log and the faults (subscriptions live in the state). */
  reset(): void {
    this.dispatcher.clear();
    this.sender.cancelRetries();
    this.sender.clearLog();
    this.faultList.clear();
  }

  async close(): Promise<void> {
    this.dispatcher.clear();
    this.scheduler.stop();
    await this.sender.close();
  }

  private require(id: string): WebhookSubscription {
    const subscription = this.store.state.webhookSubscriptions[id];
    if (!subscription) throw new ControlError(404, `unknown subscription ${id}`);
    return subscription;
  }
}

function view(subscription: WebhookSubscription): SubscriptionView {
  const { verificationToken: _hidden, ...rest } = subscription;
  return { ...rest, eventTypes: [...rest.eventTypes] };
}

function checkUrl(raw: unknown): string {
  if (typeof raw !== 'string' || !URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new ControlError(400, 'url must be an absolute http(s) URL');
  return raw;
}

function checkEventTypes(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ControlError(400, 'eventTypes must be a list');
  const unknown = raw.filter((type) => !(EVENT_TYPES as readonly unknown[]).includes(type));
  if (unknown.length) throw new ControlError(400, `unknown event types: ${unknown.map(String).join(', ')} (the sandbox produces ${EVENT_TYPES.join(', ')})`);
  return [...new Set(raw as string[])];
}

function checkVersion(raw: unknown): string {
  if (raw === undefined) return LATEST_VERSION;
  if (raw !== LATEST_VERSION && raw !== PREVIOUS_VERSION) throw new ControlError(400, `apiVersion must be ${LATEST_VERSION} or ${PREVIOUS_VERSION}`);
  return raw;
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
