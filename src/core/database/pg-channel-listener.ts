import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

export interface PgChannelListenerOptions {
  url: string;
  channel: string;
  /** Names the connection in pg_stat_activity (which instance listens). */
  applicationName: string;
  connectTimeoutMs: number;
  onNotify: (payload: string) => void;
  /** After every (re)connection: whatever was sent while nobody listened is lost, so look for it now. */
  onListening: () => void;
}

/**
 * LISTENs on one Postgres channel over a connection of its own (a pooled one would be handed to other
 * queries, and its LISTEN with it). A dropped connection is opened again with back-off, for as long as the
 * listener runs. Notifications are hints: what they announce must also be found without them.
 */
export class PgChannelListener {
  private readonly logger = new Logger('PgChannelListener');
  private client: Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = RETRY_MIN_MS;
  private stopped = true;

  constructor(private readonly options: PgChannelListenerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const { url, channel, applicationName, connectTimeoutMs, onNotify, onListening } = this.options;
    // keepAlive: a connection that died silently (a network partition) is noticed and replaced.
    const client = new Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    });
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client));
    try {
      await client.connect();
      const [{ version }] = (await client.query<{ version: string }>('SELECT version()')).rows;
      if (version.includes('PGlite')) {
        // PGlite runs one session: a notification comes back on the connection that sent it, never reaching
        // this one. Its database serves a single instance, whose own writes wake it in process.
        await this.stop();
        return;
      }
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      this.dropped(client, error);
      return;
    }
    if (this.client !== client) return;
    this.retryMs = RETRY_MIN_MS;
    onListening();
  }

  private dropped(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn({ channel: this.options.channel, reason: error instanceof Error ? error.message : 'connection ended', retryInMs: this.retryMs }, 'Lost the LISTEN connection; opening another');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }
}
