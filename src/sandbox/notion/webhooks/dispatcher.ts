import { Clock } from '../core/clock';
import { newId } from '../core/ids';
import { ClockScheduler } from '../core/scheduler';
import { Author } from '../person/person-access';
import { BotAccess } from '../store/access';
import { WebhookSubscription } from '../store/model';
import { SandboxStore } from '../store/store';
import { AGGREGATED, Change } from './change';
import { DeliverySender } from './delivery';
import { Delivery, WebhookEvent, eventFromChange, mergeChange } from './webhook-event';
import { WebhookFaults } from './webhook-faults';

/**
 * Turns changes into deliveries: aggregated types wait out the aggregation window (one event per
 * entity, all authors and blocks gathered), the others leave at once — always off the request
 * path. When an event leaves, it goes to every verified subscription that wants its type and
 * whose integration can see the entity, each with its own event id.
 */
export class WebhookDispatcher {
  private readonly open = new Map<string, { event: WebhookEvent; task: number }>();
  private readonly immediate = new Set<number>();
  /** Deliveries a `reorder` fault holds back, per subscription. */
  private readonly held = new Map<string, Delivery[]>();

  constructor(
    private readonly store: SandboxStore,
    private readonly clock: Clock,
    private readonly scheduler: ClockScheduler,
    private readonly sender: DeliverySender,
    readonly faults: WebhookFaults,
    private readonly aggregationWindowMs: number,
  ) {}

  accept(changes: Change[]): void {
    // Nothing to do (and nothing to cost) while no subscription exists.
    if (changes.length === 0 || Object.keys(this.store.state.webhookSubscriptions).length === 0) return;
    for (const change of changes) {
      if (AGGREGATED.has(change.type) && this.aggregationWindowMs > 0) {
        const key = `${change.type} ${change.entity.id}`;
        const pending = this.open.get(key);
        if (pending) {
          mergeChange(pending.event, change);
          continue;
        }
        const event = eventFromChange(change);
        const task = this.scheduler.at(change.at + this.aggregationWindowMs, () => {
          this.open.delete(key);
          this.route(event);
        });
        this.open.set(key, { event, task });
        continue;
      }
      const event = eventFromChange(change);
      const task = this.scheduler.at(this.clock.now(), () => {
        this.immediate.delete(task);
        this.route(event);
      });
      this.immediate.add(task);
    }
  }

  /** Closes every open aggregation window now. */
  flush(): void {
    // What left already (created, deleted…) goes first, as it would have without the flush.
    this.scheduler.runDue();
    const pending = [...this.open.values()].sort((a, b) => a.event.at - b.event.at);
    this.open.clear();
    for (const { event, task } of pending) {
      this.scheduler.cancel(task);
      this.route(event);
    }
  }

  /** Whether anything is waiting to go out now (held-back deliveries included, which this releases). */
  releaseHeld(): boolean {
    if (this.held.size === 0) return false;
    const held = [...this.held.values()].flat();
    this.held.clear();
    for (const delivery of held) this.sender.send(delivery, 'reorder');
    return true;
  }

  /** Forgets open windows, waiting events and held deliveries (reset). */
  clear(): void {
    for (const { task } of this.open.values()) this.scheduler.cancel(task);
    for (const task of this.immediate) this.scheduler.cancel(task);
    this.open.clear();
    this.immediate.clear();
    this.held.clear();
  }

  private route(event: WebhookEvent): void {
    for (const subscription of Object.values(this.store.state.webhookSubscriptions)) {
      if (subscription.status !== 'active') continue;
      if (subscription.eventTypes.length > 0 && !subscription.eventTypes.includes(event.type)) continue;
      const accessibleBy = this.audience(subscription, event);
      if (!accessibleBy) continue;
      const integration = this.store.state.integrations[subscription.integrationId];
      const delivery: Delivery = {
        eventId: newId(),
        subscriptionId: subscription.id,
        event,
        accessibleBy: integration?.kind === 'public' ? accessibleBy : null,
        attempt: 1,
      };
      this.dispatch(delivery);
    }
  }

  private dispatch(delivery: Delivery): void {
    const fault = this.faults.take(delivery.event.type, delivery.subscriptionId);
    if (fault === 'reorder') {
      const list = this.held.get(delivery.subscriptionId) ?? [];
      list.push(delivery);
      this.held.set(delivery.subscriptionId, list);
      return;
    }
    this.sender.send(delivery);
    if (fault === 'duplicate') this.sender.send(delivery, 'duplicate');
    const held = this.held.get(delivery.subscriptionId);
    if (held) {
      this.held.delete(delivery.subscriptionId);
      for (const late of held) this.sender.send(late, 'reorder');
    }
  }

  /**
   * The integration's installations in the event's workspace that can see the entity, with the
   * people who installed them (`accessible_by`); null when none can, so nothing is sent.
   */
  private audience(subscription: WebhookSubscription, event: WebhookEvent): Author[] | null {
    const integration = this.store.state.integrations[subscription.integrationId];
    if (!integration) return null;
    const audience: Author[] = [];
    for (const bot of Object.values(this.store.state.bots)) {
      if (bot.integrationId !== integration.id || bot.workspaceId !== event.workspaceId) continue;
      if (!new BotAccess(this.store, bot, integration).canSee(event.entity.id)) continue;
      audience.push({ id: bot.id, type: 'bot' });
      if (bot.ownerPersonId && !audience.some((a) => a.id === bot.ownerPersonId)) audience.push({ id: bot.ownerPersonId, type: 'person' });
    }
    return audience.length > 0 ? audience : null;
  }
}
