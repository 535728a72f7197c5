import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../../core/config/app-config';
import { KickableLoop } from '../../core/scheduling/kickable-loop';
import { NotionChangeSink } from './notion-change';
import { WebhookEventRouter } from './webhook-event.router';
import { WebhookInboxRepository } from './webhook-inbox.repository';
import { WebhookSubscriptions } from './webhook-subscriptions';

const BATCH = 50;
const LEASE_MS = 60_000;
const POLL_MS = 5_000;
const MAX_ATTEMPTS = 8;
const RETRY_BASE_MS = 1_000;
/** Processed events are kept this long, so that a late redelivery of one is still recognised. */
const KEEP_DAYS = 3;
const PURGE_EVERY_MS = 3_600_000;

/**
 * Works the webhook inbox on every instance, like the note outbox: claims due events (SKIP LOCKED, leased),
 * at once when one arrived here (kicked) and every few seconds for the rest (another instance's, or a
 * retry), routes each to the integrations it concerns and hands the signals to the sink. A failure is
 * retried with back-off, then the event is set aside with its outcome. With webhooks on it also subscribes the
 * app at boot where the app does that itself (WebhookSubscriptions: the embedded sandbox), as an operator would
 * in Notion's settings.
 */
@Injectable()
export class NotionWebhookWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('NotionWebhook');
  readonly id = `webhooks-${randomUUID()}`;
  private readonly loop = new KickableLoop(() => this.round(), () => POLL_MS);
  private purgeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly inbox: WebhookInboxRepository,
    private readonly router: WebhookEventRouter,
    private readonly sink: NotionChangeSink,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Events are worked where webhooks are on (deliveries to an instance with them off wait in the inbox).
    if (!this.config.notes.sync.worker || !this.config.notes.changes.webhooksEnabled) return;
    this.purgeTimer = setInterval(() => void this.inbox.purge(KEEP_DAYS).catch(() => undefined), PURGE_EVERY_MS);
    this.purgeTimer.unref();
    this.loop.start();
    // Where the app subscribes itself (the embedded sandbox, which sends the verification token once, at
    // once), it does so when it can receive that token; with real Notion the operator does it (a no-op here).
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server?.listening) await this.subscribe();
    else server?.once('listening', () => void this.subscribe());
  }

  private async subscribe(): Promise<void> {
    const url = `${this.config.http.publicUrl}/webhooks/notion`;
    try {
      const state = await this.subscriptions.subscribe(url);
      if (state !== 'manual') this.logger.log({ url, verified: state === 'verified' }, 'Subscribed to Notion\'s webhooks');
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, 'Could not subscribe to Notion\'s webhooks');
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.loop.running) return;
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await this.loop.stop();
    await this.inbox.release(this.id).catch(() => undefined);
  }

  /** Works the inbox now (or right after the round under way). */
  kick(): void {
    this.loop.kick();
  }

  /** Works a batch; true when it was full (more are likely waiting). */
  private async round(): Promise<boolean> {
    let claimed;
    try {
      claimed = await this.inbox.claim(this.id, BATCH, LEASE_MS);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not claim webhook events');
      return false;
    }
    for (const event of claimed) {
      try {
        const routed = await this.router.route(event.payload);
        if (routed.signals.length > 0) await this.sink.signal(routed.signals);
        await this.inbox.done(event.id, routed.outcome);
      } catch (error) {
        const last = event.attempts + 1 >= MAX_ATTEMPTS;
        this.logger.warn({ eventId: event.id, type: event.type, attempt: event.attempts + 1, reason: (error as Error).message }, 'A webhook event could not be worked');
        await (last ? this.inbox.done(event.id, 'failed') : this.inbox.retryLater(event.id, RETRY_BASE_MS * 2 ** event.attempts)).catch(() => undefined);
      }
    }
    return claimed.length === BATCH;
  }
}
