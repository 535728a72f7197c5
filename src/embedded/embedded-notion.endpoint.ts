import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { NotionEndpoint, type NotionEndpointSettings } from '../oauth/providers/notion-endpoint';
import type { ConnectingUser } from '../oauth/providers/oauth-provider';
// The one place in the product that may reach the sandbox, and only through its index.
import { startNotionSandbox, type NotionSandbox } from '../sandbox/notion';

const CONSENT_TICKET_TTL_SECONDS = 600;
const INTEGRATION_NAME = 'Personal Assistant';

interface Started {
  sandbox: NotionSandbox;
  settings: NotionEndpointSettings;
  /** The sandbox's id of this app's public integration (its webhook subscriptions belong to it). */
  integrationId: string;
}

/**
 * The embedded default (no NOTION_CLIENT_ID): runs the Notion sandbox in this process, its state kept in
 * DATA_DIR, registers a public integration whose redirect URI is this app's callback, and gives every user
 * who connects a sandbox person and workspace of their own. The consent page they see is reached with a
 * single-use ticket for that person, so it shows only them.
 *
 * It listens on a fixed port (NOTION_SANDBOX_PORT, default PORT + 1), so that Notion URLs stored earlier keep
 * working across restarts, on 127.0.0.1 (NOTION_SANDBOX_HOST): the consent page is for the browser on this
 * machine only. In a container whose sandbox port is published, it listens on 0.0.0.0 instead, and the app
 * itself still calls it over loopback.
 */
@Injectable()
export class EmbeddedNotionEndpoint extends NotionEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EmbeddedNotion');
  private starting: Promise<Started> | null = null;

  constructor(private readonly config: AppConfig) {
    super();
  }

  async settings(): Promise<NotionEndpointSettings> {
    this.starting ??= this.start();
    return (await this.starting).settings;
  }

  /** The running sandbox (started on demand); for the product's own diagnostics and tests. */
  async sandbox(): Promise<NotionSandbox> {
    this.starting ??= this.start();
    return (await this.starting).sandbox;
  }

  /** The running sandbox and the id of this app's public integration in it (whose webhook subscriptions are the app's). */
  async registration(): Promise<{ sandbox: NotionSandbox; integrationId: string }> {
    const { sandbox, integrationId } = await (this.starting ??= this.start());
    return { sandbox, integrationId };
  }

  async onApplicationBootstrap(): Promise<void> {
    // Tests that never connect do not pay for a sandbox; a real start shows its address at boot.
    if (this.config.usesEmbeddedNotion && this.config.env !== 'test') await this.settings();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.starting) return;
    const started = await this.starting.catch(() => null);
    await started?.sandbox.close();
  }

  private async start(): Promise<Started> {
    const dir = path.join(this.config.dataDir, 'notion-sandbox');
    mkdirSync(dir, { recursive: true });
    const client = loadOrCreateClient(path.join(dir, 'client.json'));
    const port = this.config.notion.sandboxPort;
    const browserHost = new URL(this.config.http.publicUrl).hostname;
    const sandbox = await startNotionSandbox({
      port,
      host: this.config.notion.sandboxHost,
      snapshotFile: path.join(dir, 'state.json'),
      // Page URLs name the address the user's browser reaches (known up front unless the port is picked).
      ...(port !== 0 ? { publicUrl: `http://${browserHost}:${port}` } : {}),
    });
    const control = sandbox.control;
    const integration = control.ensurePublicIntegration({
      name: INTEGRATION_NAME,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUris: [this.config.notion.redirectUri],
    });
    const authorizeBaseUrl = `http://${browserHost}:${sandbox.port}`;
    this.logger.log(
      `NOTION_CLIENT_ID is not set: Notion sandbox (embedded) at ${authorizeBaseUrl}, state in ${dir}. ` +
        'Set NOTION_CLIENT_ID and NOTION_CLIENT_SECRET to connect real Notion.',
    );
    return {
      sandbox,
      integrationId: integration.id,
      settings: {
        // Listening on every interface, the app still calls it over loopback.
        apiBaseUrl: ['0.0.0.0', '::'].includes(this.config.notion.sandboxHost) ? `http://127.0.0.1:${sandbox.port}` : sandbox.url,
        authorizeBaseUrl,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        redirectUri: this.config.notion.redirectUri,
        authorizeParams: (user: ConnectingUser) => {
          const { personId } = control.ensurePerson({ externalId: user.id, name: user.name, email: user.email });
          return Promise.resolve({ sandbox_ticket: control.issueConsentTicket(personId, CONSENT_TICKET_TTL_SECONDS) });
        },
        // Each account has exactly one sandbox person: a grant by anyone else is a code that was not theirs.
        expectedOwnerId: (user: ConnectingUser) =>
          Promise.resolve(control.ensurePerson({ externalId: user.id, name: user.name, email: user.email }).personId),
      },
    };
  }
}

/** The app's client credentials at its own sandbox, made once and kept with the sandbox's state. */
function loadOrCreateClient(file: string): { clientId: string; clientSecret: string } {
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { clientId?: unknown; clientSecret?: unknown };
    if (typeof saved.clientId === 'string' && typeof saved.clientSecret === 'string') {
      return { clientId: saved.clientId, clientSecret: saved.clientSecret };
    }
  }
  const created = { clientId: randomUUID(), clientSecret: `secret_${randomBytes(24).toString('base64url')}` };
  writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}
