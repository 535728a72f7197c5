import { Injectable, Logger } from '@nestjs/common';
import { verifyWebhookSignature } from '@notionhq/client';
import { AppConfig } from '../../core/config/app-config';
import { MalformedJsonError, ValidationFailedError } from '../../core/errors/domain-error';
import { assertJsonDepth } from '../../core/http/json-body';
import { WebhookSignatureInvalidError } from './notion-change.errors';
import { WebhookEventRouter } from './webhook-event.router';
import { WebhookInboxRepository } from './webhook-inbox.repository';
import { WebhookVerificationTokenStore } from './webhook-verification-token.store';
import { NotionWebhookWorker } from './notion-webhook.worker';
import { WebhookSubscriptions } from './webhook-subscriptions';

export const WEBHOOK_PATH = '/webhooks/notion';
const MAX_ID_LENGTH = 64;
const RELOAD_AFTER_MS = 1_000;

export type WebhookReceipt = { received: 'verification_token' | 'event' | 'duplicate' | 'unknown_workspace' };

/**
 * `POST /webhooks/notion`: the subscription handshake, and every event. An event is kept only when its
 * `X-Notion-Signature` is the HMAC of the raw body under the verification token (the SDK's constant-time
 * check; the token a newer handshake replaced is accepted too, see WebhookVerificationTokenStore); then it goes into the inbox once per id, and the answer is 200 at once: the work happens off
 * the request (NotionWebhookWorker).
 *
 * An event of a workspace no active integration here is connected to is answered 200 (Notion does not retry
 * it) and not kept. Such events are worth nothing here, and with real Notion they never stop: a person who
 * disconnects here but leaves the integration installed keeps their workspace sending. Kept, a burst of them
 * stood in the inbox (worked in event-time order) in front of connected workspaces' events until worked
 * through; dropped, they delay nobody and cost one indexed lookup, not an insert, claim, routing and purge.
 * Working the inbox per workspace in turns, as the note outbox does, would bound the delay but still store
 * and work them all, with a claim that ranks the whole backlog each time.
 *
 * An event arriving just before a connect commits is dropped too. That matters little: Notion sends an event
 * after its change (and aggregation window), so it is about the time before the connect, like any edit made
 * while nobody here was connected, which webhooks never report; kept, it was worked at once (the intake kicks
 * the worker) and found no integration either, unless a backlog happened to hold it past the connect. Such an
 * edit is still read before the product next writes that note (its last editor is not the bot): merged, never
 * overwritten (docs/notes.md, How changes are heard).
 */
@Injectable()
export class NotionWebhookService {
  private readonly logger = new Logger('NotionWebhook');

  constructor(
    private readonly config: AppConfig,
    private readonly tokens: WebhookVerificationTokenStore,
    private readonly inbox: WebhookInboxRepository,
    private readonly router: WebhookEventRouter,
    private readonly worker: NotionWebhookWorker,
    private readonly subscriptions: WebhookSubscriptions,
  ) {}

  async receive(raw: Buffer, signature: string | undefined): Promise<WebhookReceipt> {
    const body = parse(raw);
    if (isHandshake(body)) return this.handshake(body.verification_token, raw, signature);
    let signed = await this.signedWithAny(raw, signature, await this.tokens.signingTokens());
    // A handshake another instance just stored: read the tokens again, at most once a second per instance.
    if (!signed && this.tokens.staleFor(RELOAD_AFTER_MS)) signed = await this.signedWithAny(raw, signature, await this.tokens.signingTokens(0));
    if (!signed) throw new WebhookSignatureInvalidError();
    const id = typeof body.id === 'string' ? body.id : '';
    const type = typeof body.type === 'string' ? body.type : '';
    if (!id || id.length > MAX_ID_LENGTH || !type || type.length > MAX_ID_LENGTH) {
      throw new ValidationFailedError([{ field: !id || id.length > MAX_ID_LENGTH ? 'id' : 'type', messages: ['must be a string of 1 to 64 characters'] }]);
    }
    if (!(await this.router.workspaceConnected(body))) return { received: 'unknown_workspace' };
    const fresh = await this.inbox.insert(id, type, body);
    if (fresh) this.worker.kick();
    return { received: fresh ? 'event' : 'duplicate' };
  }

  /**
   * Notion's first request to a new subscription carries the token to paste back into the integration's
   * settings. It is kept (encrypted) unless it is the one already known (a resend, signed with it).
   */
  private async handshake(token: string, raw: Buffer, signature: string | undefined): Promise<WebhookReceipt> {
    const known = await this.tokens.current();
    const resend = known !== null && known.token === token && (await this.signedWithAny(raw, signature, [known.token]));
    if (!resend) await this.tokens.receive(token);
    if (this.config.notes.changes.webhooksEnabled) {
      // Where the app stands in for the operator (the embedded sandbox), it pastes the token back itself.
      await this.subscriptions
        .verify(`${this.config.http.publicUrl}${WEBHOOK_PATH}`, token)
        .catch((error: Error) => this.logger.warn({ reason: error.message }, 'The webhook subscription could not be verified'));
    }
    return { received: 'verification_token' };
  }

  /** Checks the signature against every token (each check constant-time; all are tried, whatever matched). */
  private async signedWithAny(raw: Buffer, signature: string | undefined, tokens: string[]): Promise<boolean> {
    const results = await Promise.all(tokens.map((verificationToken) => verifyWebhookSignature({ body: raw, signature, verificationToken })));
    return results.includes(true);
  }
}

function parse(raw: Buffer): Record<string, unknown> {
  assertJsonDepth(raw);
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new MalformedJsonError();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationFailedError([{ field: 'body', messages: ['must be a JSON object'] }]);
  }
  return value as Record<string, unknown>;
}

/** `{"verification_token": "…"}` and nothing that makes it an event. */
function isHandshake(body: Record<string, unknown>): body is { verification_token: string } {
  return typeof body.verification_token === 'string' && body.verification_token.length > 0 && body.verification_token.length <= 512 && body.type === undefined;
}
