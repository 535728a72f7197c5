import Redis from 'ioredis';
import type { AppConfig } from '../../../src/core/config/app-config';
import { ConfiguredNotionEndpoint } from '../../../src/oauth/providers/configured-notion.endpoint';
import { NotionClientFactory } from '../../../src/notion/notion-client.factory';
import { NotionGateway } from '../../../src/notion/notion.gateway';
import { NotionMetrics } from '../../../src/notion/notion.metrics';
import { NotionRateLimiter } from '../../../src/notion/notion-rate.limiter';
import { startNotionSandbox, type NotionSandbox, type NotionSandboxOptions } from '../../../src/sandbox/notion';
import { testConfig } from '../../support/test-config';
import { SandboxNotionConnections } from './sandbox-notion-connections';

/** A sandbox with one workspace, one person and the assistant's public integration, plus our connections over it. */
export interface NotionWorld {
  sandbox: NotionSandbox;
  connections: SandboxNotionConnections;
  workspaceId: string;
  personId: string;
  /** The assistant's public integration in the sandbox: what NOTION_CLIENT_ID/SECRET name. */
  clientEnv: Record<string, string>;
  /** Connects a new user of ours (a fresh sandbox person in the workspace); returns both ids. */
  connectUser(label?: string): { userId: string; integrationId: string };
  close(): Promise<void>;
}

export async function startNotionWorld(options: NotionSandboxOptions = {}): Promise<NotionWorld> {
  const sandbox = await startNotionSandbox({ rateLimit: false, ...options });
  const c = sandbox.control;
  const personId = c.createPerson({ name: 'Ada', email: 'ada@sandbox.localhost' }).id;
  const workspaceId = c.createWorkspace({ name: 'Ada’s workspace', memberIds: [personId] }).id;
  const app = c.createIntegration({ name: 'Personal Assistant', kind: 'public', redirectUris: ['http://localhost:3000/cb'] });
  const connections = new SandboxNotionConnections(sandbox, app);
  return {
    sandbox,
    connections,
    workspaceId,
    personId,
    clientEnv: { NOTION_API_BASE_URL: sandbox.url, NOTION_CLIENT_ID: app.clientId, NOTION_CLIENT_SECRET: app.clientSecret },
    connectUser(label = 'user') {
      // Each user of ours is a sandbox person with their own workspace, so their bots never share a token.
      const person = c.createPerson({ name: label, email: `${label}-${crypto.randomUUID()}@sandbox.localhost` }).id;
      const workspace = c.createWorkspace({ name: `${label}'s workspace`, memberIds: [person] }).id;
      const userId = crypto.randomUUID();
      const integrationId = connections.connect(userId, { workspaceId: workspace, personId: person });
      return { userId, integrationId };
    },
    close: () => sandbox.close(),
  };
}

/** A gateway + factory as one instance of the service would have them, on the run's Redis (or memory). */
export interface GatewayInstance {
  config: AppConfig;
  gateway: NotionGateway;
  metrics: NotionMetrics;
  factory: NotionClientFactory;
  close(): Promise<void>;
}

export function gatewayInstance(world: NotionWorld, env: Record<string, string> = {}, sharedMemoryLimiter?: NotionRateLimiter): GatewayInstance {
  const config = testConfig({ ...world.clientEnv, NOTION_RETRY_BASE_DELAY_MS: '10', ...env });
  const redis = config.redis.url ? new Redis(config.redis.url, { keyPrefix: config.redis.keyPrefix, lazyConnect: false }) : null;
  const metrics = new NotionMetrics();
  const limiter = !redis && sharedMemoryLimiter ? sharedMemoryLimiter : new NotionRateLimiter(config, redis);
  const gateway = new NotionGateway(config, new ConfiguredNotionEndpoint(config), limiter, metrics);
  const factory = new NotionClientFactory(config, world.connections, gateway);
  return {
    config,
    gateway,
    metrics,
    factory,
    close: async () => {
      await redis?.quit();
    },
  };
}

export const text = (content: string) => [{ type: 'text' as const, text: { content } }];
