import { Injectable, Logger } from '@nestjs/common';
import { Client } from '@notionhq/client';
import { AppConfig } from '../core/config/app-config';
import { NOTION_VERSION, NotionEndpoint } from '../oauth/providers/notion-endpoint';
import { NotionRateLimitedError, NotionReauthRequiredError } from './notion.errors';
import { classifyNotionError } from './notion-error.mapper';
import { NotionMetrics } from './notion.metrics';
import { NotionRateLimiter, sleep } from './notion-rate.limiter';

/** Where a call gets its access token, and a fresh one after Notion answered 401. */
export interface NotionTokenSource {
  readonly integrationId: string;
  current(): Promise<string>;
  refreshAfterUnauthorized(rejected: string): Promise<string>;
  /** Notion refused the token the refresh gave too: the grant is gone (the vault marks it for reauth). */
  refusedAfterRefresh(refused: string): Promise<void>;
}

export interface NotionOperation {
  /** e.g. `pages.create`; logged and counted. */
  name: string;
  /** Writes are never retried after a failure that may have happened after Notion applied them. */
  write: boolean;
}

export type NotionRequest<T> = (client: Client, auth: string) => Promise<T>;

/**
 * The one door to Notion: every call made with a user's access token comes through here (only the OAuth
 * provider's token exchange, made with the client credentials, does not). One shared SDK client
 * (per-call `auth`, SDK retries off so that nothing is retried twice); every call waits for its
 * integration's turn in the shared limiter, is counted in NotionMetrics, is retried here when that is
 * safe, and fails with a domain error that carries nothing of Notion's body but a sanitised message.
 *
 * Retries: 429 → wait `Retry-After` (closing the limiter for the integration on every instance), then
 * again, reads and writes alike (Notion did not run the request); 5xx, 409, timeouts and network
 * failures → bounded, jittered exponential back-off for reads only; 401 → one token refresh and one
 * retry, and a refusal of the refreshed token is reported to the vault (the grant is gone) and answered
 * NOTION_REAUTH_REQUIRED. Waiting for turns and `Retry-After` together never goes past
 * NOTION_RATE_LIMIT_MAX_WAIT_MS.
 */
@Injectable()
export class NotionGateway {
  private readonly logger = new Logger('NotionGateway');
  private client: Promise<Client> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly endpoint: NotionEndpoint,
    private readonly limiter: NotionRateLimiter,
    readonly metrics: NotionMetrics,
  ) {}

  /** Built on first use: with the embedded default the API base URL is known only once the sandbox listens. */
  private sdk(): Promise<Client> {
    this.client ??= this.endpoint.settings().then(
      ({ apiBaseUrl }) =>
        new Client({
          baseUrl: apiBaseUrl,
          notionVersion: NOTION_VERSION,
          timeoutMs: this.config.notion.timeoutMs,
          retry: false,
          // The SDK would log request details itself; the gateway logs every call, sanitised.
          logger: () => undefined,
        }),
    );
    this.client.catch(() => (this.client = null));
    return this.client;
  }

  async execute<T>(tokens: NotionTokenSource, operation: NotionOperation, request: NotionRequest<T>): Promise<T> {
    const { integrationId } = tokens;
    const deadline = Date.now() + this.config.notion.maxRateWaitMs;
    this.metrics.call(operation.name);
    const client = await this.sdk();
    let token = await tokens.current();
    let refreshed = false;
    let transientFailures = 0;
    for (let attempt = 1; ; attempt += 1) {
      this.metrics.waited(await this.limiter.acquire(integrationId, deadline));
      const started = Date.now();
      try {
        const result = await request(client, token);
        this.record(integrationId, operation, 200, started, attempt);
        return result;
      } catch (error) {
        const failure = classifyNotionError(error);
        this.record(integrationId, operation, failure?.status ?? -1, started, attempt, failure?.code);
        if (!failure) throw error;
        if (failure.status === 401) {
          if (refreshed) {
            await tokens.refusedAfterRefresh(token);
            throw this.fail(new NotionReauthRequiredError());
          }
          refreshed = true;
          this.metrics.refreshed();
          token = await tokens.refreshAfterUnauthorized(token);
          continue;
        }
        if (failure.status === 429) {
          const waitMs = failure.retryAfterMs ?? 1000;
          await this.limiter.pause(integrationId, waitMs);
          if (Date.now() + waitMs > deadline) throw this.fail(new NotionRateLimitedError(waitMs / 1000));
          continue;
        }
        if (failure.transient && !operation.write && transientFailures < this.config.notion.readRetries) {
          transientFailures += 1;
          await sleep(this.backoff(transientFailures, failure.retryAfterMs));
          continue;
        }
        throw this.fail(failure.domain);
      }
    }
  }

  /** Exponential from NOTION_RETRY_BASE_DELAY_MS with full jitter, capped at 10 s; honours Retry-After when given. */
  private backoff(failures: number, retryAfterMs: number | null): number {
    if (retryAfterMs !== null) return Math.min(retryAfterMs, 10_000);
    const ceiling = Math.min(10_000, this.config.notion.retryBaseDelayMs * 2 ** (failures - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private fail<E extends Error>(error: E): E {
    this.metrics.failed();
    return error;
  }

  private record(integrationId: string, operation: NotionOperation, status: number, started: number, attempt: number, code?: string): void {
    const durationMs = Date.now() - started;
    this.metrics.attempt({ integrationId, operation: operation.name, status, durationMs, attempt });
    const line = { integrationId, operation: operation.name, status, durationMs, attempt, ...(code ? { notionCode: code } : {}) };
    if (status >= 200 && status < 300) this.logger.log(line, 'Notion call');
    else this.logger.warn(line, 'Notion call failed');
  }
}
