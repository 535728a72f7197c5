import { Client } from '@notionhq/client';
import { NotFoundError } from '../../../src/core/errors/domain-error';
import { NotionNotConnectedError, NotionReauthRequiredError } from '../../../src/notion/notion.errors';
import { NotionConnections } from '../../../src/notion/notion-connections';
import type { GrantInput, IntegrationInfo, NotionSandbox } from '../../../src/sandbox/notion';

interface Connection {
  userId: string;
  grant: GrantInput;
  accessToken: string;
  needsReauth: boolean;
}

/**
 * NotionConnections for tests, until the OAuth module's adapter is wired: integrations live in memory,
 * their tokens are real ones issued by the sandbox (what a finished OAuth consent would have stored).
 */
export class SandboxNotionConnections extends NotionConnections {
  private readonly connections = new Map<string, Connection>();
  private readonly listeners: Array<(integrationId: string) => void> = [];
  private readonly refreshing = new Map<string, Promise<string>>();
  /** What the tests look at. */
  readonly stats = { tokenReads: 0, refreshes: 0 };
  /** When set, a refresh hands out this token instead of a fresh one (to model a refresh that does not help). */
  refreshOverride: string | null = null;

  constructor(
    private readonly sandbox: NotionSandbox,
    private readonly app: IntegrationInfo,
  ) {
    super();
  }

  /** A person's consent, as the OAuth callback would record it; returns our integration id. */
  connect(userId: string, grant: Omit<GrantInput, 'integrationId'>, integrationId: string = crypto.randomUUID()): string {
    const full = { ...grant, integrationId: this.app.id };
    this.connections.set(integrationId, { userId, grant: full, accessToken: this.issue(full), needsReauth: false });
    return integrationId;
  }

  accessTokenOf(integrationId: string): string {
    return this.require(integrationId).accessToken;
  }

  /** Revokes the current token at the sandbox (Notion then answers 401), as a user's disconnect in Notion would. */
  async revokeAtNotion(integrationId: string): Promise<void> {
    const client = new Client({ baseUrl: this.sandbox.url, notionVersion: '2026-03-11', retry: false, logger: () => undefined });
    await client.oauth.revoke({ client_id: this.app.clientId, client_secret: this.app.clientSecret, token: this.require(integrationId).accessToken });
  }

  disconnect(integrationId: string): void {
    this.connections.delete(integrationId);
    this.emit(integrationId);
  }

  resolveForUser(userId: string, integrationId?: string): Promise<{ integrationId: string }> {
    if (integrationId) {
      const connection = this.connections.get(integrationId);
      if (!connection || connection.userId !== userId) return Promise.reject(new NotFoundError('Notion connection'));
      return Promise.resolve({ integrationId });
    }
    const own = [...this.connections.entries()].find(([, c]) => c.userId === userId && !c.needsReauth);
    return own ? Promise.resolve({ integrationId: own[0] }) : Promise.reject(new NotionNotConnectedError());
  }

  getValidAccessToken(integrationId: string): Promise<string> {
    this.stats.tokenReads += 1;
    const connection = this.connections.get(integrationId);
    if (!connection) return Promise.reject(new NotionNotConnectedError());
    if (connection.needsReauth) return Promise.reject(new NotionReauthRequiredError());
    return Promise.resolve(connection.accessToken);
  }

  refreshAfterUnauthorized(integrationId: string, rejectedAccessToken: string): Promise<string> {
    const running = this.refreshing.get(integrationId);
    if (running) return running;
    const work = (async () => {
      const connection = this.require(integrationId);
      // Someone refreshed already: the token to retry with is the current one.
      if (connection.accessToken !== rejectedAccessToken) return connection.accessToken;
      this.stats.refreshes += 1;
      connection.accessToken = this.refreshOverride ?? this.issue(connection.grant);
      this.emit(integrationId);
      return connection.accessToken;
    })().finally(() => this.refreshing.delete(integrationId));
    this.refreshing.set(integrationId, work);
    return work;
  }

  onChange(listener: (integrationId: string) => void): void {
    this.listeners.push(listener);
  }

  private issue(grant: GrantInput): string {
    return String(this.sandbox.control.issueToken(grant).access_token);
  }

  private emit(integrationId: string): void {
    for (const listener of this.listeners) listener(integrationId);
  }

  private require(integrationId: string): Connection {
    const connection = this.connections.get(integrationId);
    if (!connection) throw new Error(`no connection ${integrationId}`);
    return connection;
  }
}
