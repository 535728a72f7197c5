import { Client } from '@notionhq/client';
import Redis from 'ioredis';
import type { AppConfig } from '../../../src/core/config/app-config';
import { NotionClientFactory } from '../../../src/notion/notion-client.factory';
import { NotionGateway } from '../../../src/notion/notion.gateway';
import { NotionMetrics } from '../../../src/notion/notion.metrics';
import { NotionRateLimiter } from '../../../src/notion/notion-rate.limiter';
import { ConfiguredNotionEndpoint } from '../../../src/oauth/providers/configured-notion.endpoint';
import { NOTION_VERSION } from '../../../src/oauth/providers/notion-endpoint';
import { testConfig } from '../../support/test-config';
import { connectWorkspace, newPerson, type OAuthWorld, type Person } from '../../oauth/support/oauth-world';
import type { NotionTestApp } from './notion-app';

/** A signed-in user of ours who connected their own sandbox workspace through the real connect flow. */
export interface ConnectedUser extends Person {
  integrationId: string;
}

/**
 * Signs a new user up and connects them (consent page, callback, token vault), sharing their seeded
 * page or `pageId`. The connect flow talks to the sandbox's OAuth endpoints: clear its request log
 * afterwards before counting Notion calls.
 */
export async function connectUser(t: NotionTestApp, world: OAuthWorld, label = 'user', options: { pageId?: string } = {}): Promise<ConnectedUser> {
  const person = await newPerson(t, world, label);
  const integrationId = await connectWorkspace(t, world, person, options);
  return { ...person, integrationId };
}

/** A Notion client of the test's own, with the token our vault holds for the integration (to look or meddle). */
export async function directClient(t: NotionTestApp, world: OAuthWorld, integrationId: string): Promise<Client> {
  const auth = await t.tokens.getValidAccessToken(integrationId);
  return new Client({ baseUrl: world.sandbox.url, auth, notionVersion: NOTION_VERSION, retry: false, logger: () => undefined });
}

/** Revokes a token at the sandbox, as a user removing the connection in Notion would (the refresh token dies with it). */
export async function revokeAtNotion(world: OAuthWorld, accessToken: string): Promise<void> {
  const client = new Client({ baseUrl: world.sandbox.url, notionVersion: NOTION_VERSION, retry: false, logger: () => undefined });
  await client.oauth.revoke({ client_id: world.publicApp.clientId as string, client_secret: world.publicApp.clientSecret as string, token: accessToken });
}

/**
 * Another gateway + factory as one more instance of the service would have them (own limiter on the
 * run's Redis, or memory; own config), over the app's real NotionConnections and token vault.
 */
export interface GatewayInstance {
  config: AppConfig;
  gateway: NotionGateway;
  metrics: NotionMetrics;
  factory: NotionClientFactory;
  close(): Promise<void>;
}

export function gatewayInstance(t: NotionTestApp, world: OAuthWorld, env: Record<string, string> = {}): GatewayInstance {
  const config = testConfig({ ...world.env, NOTION_RETRY_BASE_DELAY_MS: '10', ...env });
  const redis = config.redis.url ? new Redis(config.redis.url, { keyPrefix: config.redis.keyPrefix, lazyConnect: false }) : null;
  const metrics = new NotionMetrics();
  const limiter = new NotionRateLimiter(config, redis);
  const gateway = new NotionGateway(config, new ConfiguredNotionEndpoint(config), limiter, metrics);
  const factory = new NotionClientFactory(config, t.connections, gateway);
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
