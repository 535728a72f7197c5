import { Clock } from '../core/clock';
import { ClockScheduler } from '../core/scheduler';
import { WebhookSubscription } from '../store/model';
import { SandboxStore } from '../store/store';
import { Delivery, payloadOf, signature } from './webhook-event';

export interface DeliverySettings {
  /** Attempts in all, the first included (Notion: up to 8). */
  maxAttempts: number;
  /** Wait before the first retry; each further retry waits twice as long (sandbox clock). */
  retryBaseMs: number;
  /** A receiver that has not answered by then counts as failed (sandbox clock). */
  timeoutMs: number;
}

/** One attempt, as the control API's delivery log shows it. */
export interface DeliveryLogEntry {
  time: string;
  eventId: string | null;
  subscriptionId: string;
  /** The event type, or `verification` for the handshake. */
  type: string;
  attempt: number;
  /** The receiver's HTTP status, or null when there was none (timeout, connection refused). */
  status: number | null;
  error: string | null;
  durationMs: number;
  /** Set when a fault made this a duplicate or a held-back delivery. */
  fault: string | null;
}

const LOG_LIMIT = 1000;

/**
 * Sends signed deliveries off the request path: POST JSON with `X-Notion-Signature`, any 2xx is
 * success; a non-2xx answer, a timeout or a network error is retried with exponential back-off
 * and a rising `attempt_number`, up to `maxAttempts`.
 */
export class DeliverySender {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private readonly retries = new Set<number>();
  private log: DeliveryLogEntry[] = [];
  private closed = false;

  constructor(
    private readonly store: SandboxStore,
    private readonly clock: Clock,
    private readonly scheduler: ClockScheduler,
    private readonly settings: DeliverySettings,
  ) {}

  send(delivery: Delivery, fault: string | null = null): void {
    const subscription = this.store.state.webhookSubscriptions[delivery.subscriptionId];
    if (!subscription || this.closed) return;
    const body = JSON.stringify(payloadOf(this.store, delivery, subscription));
    this.track(
      this.post(subscription, body).then((outcome) => {
        this.record(subscription, delivery.eventId, delivery.event.type, delivery.attempt, outcome, fault);
        if (outcome.ok || this.closed || delivery.attempt >= this.settings.maxAttempts) return;
        const wait = this.settings.retryBaseMs * 2 ** (delivery.attempt - 1);
        const id = this.scheduler.at(this.clock.now() + wait, () => {
          this.retries.delete(id);
          this.send({ ...delivery, attempt: delivery.attempt + 1 });
        });
        this.retries.add(id);
      }),
    );
  }

  /** The handshake: `{"verification_token": "…"}`, signed like every delivery, sent once. */
  sendVerification(subscription: WebhookSubscription): void {
    if (this.closed) return;
    const body = JSON.stringify({ verification_token: subscription.verificationToken });
    this.track(this.post(subscription, body).then((outcome) => this.record(subscription, null, 'verification', 1, outcome, null)));
  }

  busy(): boolean {
    return this.inFlight.size > 0;
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  entries(): DeliveryLogEntry[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  clearLog(): void {
    this.log = [];
  }

  /** Forgets waiting retries (reset). */
  cancelRetries(): void {
    for (const id of this.retries) this.scheduler.cancel(id);
    this.retries.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancelRetries();
    for (const controller of this.controllers) controller.abort();
    await this.drain();
  }

  private track(work: Promise<void>): void {
    const tracked = work.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async post(subscription: WebhookSubscription, body: string): Promise<{ ok: boolean; status: number | null; error: string | null; durationMs: number }> {
    const started = Date.now();
    const controller = new AbortController();
    this.controllers.add(controller);
    let timedOut = false;
    const timeout = this.scheduler.at(this.clock.now() + this.settings.timeoutMs, () => {
      timedOut = true;
      controller.abort();
    });
    try {
      const response = await fetch(subscription.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'notion-api', 'x-notion-signature': signature(body, subscription.verificationToken) },
        body,
        redirect: 'manual',
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return { ok, status: response.status, error: ok ? null : `HTTP ${response.status}`, durationMs: Date.now() - started };
    } catch (error) {
      const reason = timedOut ? 'timeout' : this.closed ? 'sandbox closed' : `network error: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`;
      return { ok: false, status: null, error: reason, durationMs: Date.now() - started };
    } finally {
      this.scheduler.cancel(timeout);
      this.controllers.delete(controller);
    }
  }

  private record(subscription: WebhookSubscription, eventId: string | null, type: string, attempt: number, outcome: { status: number | null; error: string | null; durationMs: number }, fault: string | null): void {
    this.log.push({
      time: new Date(this.clock.now()).toISOString(),
      eventId,
      subscriptionId: subscription.id,
      type,
      attempt,
      status: outcome.status,
      error: outcome.error,
      durationMs: outcome.durationMs,
      fault,
    });
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }
}
