import type Redis from 'ioredis';
import { loadConfig } from '../../src/core/config/app-config';
import { NotionClientFactory } from '../../src/notion/notion-client.factory';
import { NotionConnections } from '../../src/notion/notion-connections';
import { NotionGateway } from '../../src/notion/notion.gateway';
import type { NotionHandle } from '../../src/notion/notion.handle';
import { NotionMetrics } from '../../src/notion/notion.metrics';
import { NotionRateLimiter } from '../../src/notion/notion-rate.limiter';
import { ConfiguredNotionEndpoint } from '../../src/oauth/providers/configured-notion.endpoint';
import type { NotionSandbox } from '../../src/sandbox/notion';

/** One token for every integration: the benches that drive the gateway have no users and no database. */
class FixedConnections extends NotionConnections {
  constructor(private readonly token: string) {
    super();
  }
  resolveForUser(): Promise<{ integrationId: string }> {
    return Promise.resolve({ integrationId: '00000000-0000-4000-8000-000000000001' });
  }
  getValidAccessToken(): Promise<string> {
    return Promise.resolve(this.token);
  }
  refreshAfterUnauthorized(): Promise<string> {
    return Promise.resolve(this.token);
  }
  refusedAfterRefresh(): Promise<void> {
    return Promise.resolve();
  }
  onChange(): void {}
}

/** A person with a workspace of their own in the sandbox. */
export function benchWorkspace(sandbox: NotionSandbox): { personId: string; workspaceId: string } {
  const personId = sandbox.control.createPerson({ name: 'Bench', email: 'bench@sandbox.localhost' }).id;
  return { personId, workspaceId: sandbox.control.createWorkspace({ name: 'Bench', memberIds: [personId] }).id };
}

/**
 * The product's Notion handle (gateway, limiter at `perSecond`, metrics) for a public integration installed in a
 * fresh workspace of the sandbox, built without the application around it.
 */
export function gatewayHandle(
  sandbox: NotionSandbox,
  options: { perSecond: string; redis?: Redis | null; integrationKey: string },
): { token: string; metrics: NotionMetrics; handle: NotionHandle } {
  const c = sandbox.control;
  const { personId, workspaceId } = benchWorkspace(sandbox);
  const app = c.createIntegration({ name: 'Bench', kind: 'public', redirectUris: ['http://localhost/cb'] });
  const token = String(c.issueToken({ integrationId: app.id, workspaceId, personId }).access_token);
  const config = loadConfig({
    NOTION_API_BASE_URL: sandbox.url,
    NOTION_CLIENT_ID: app.clientId,
    NOTION_CLIENT_SECRET: app.clientSecret,
    NOTION_RATE_LIMIT_PER_SECOND: options.perSecond,
    LOG_LEVEL: 'silent',
  });
  const metrics = new NotionMetrics();
  const gateway = new NotionGateway(config, new ConfiguredNotionEndpoint(config), new NotionRateLimiter(config, options.redis ?? null), metrics);
  const handle = new NotionClientFactory(config, new FixedConnections(token), gateway).forIntegration(options.integrationKey);
  return { token, metrics, handle };
}
