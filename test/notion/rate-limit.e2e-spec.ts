import { Logger } from '@nestjs/common';
import { NotionRateLimiter } from '../../src/notion/notion-rate.limiter';
import { has } from '../support/requirements';
import { testConfig } from '../support/test-config';
import { OAuthWorld, startOAuthWorld } from '../oauth/support/oauth-world';
import { NotionTestApp, bootNotionApp } from './support/notion-app';
import { GatewayInstance, connectUser, gatewayInstance } from './support/notion-world';

/**
 * Three instances of the service (three gateways, one shared limiter store) hammer one integration
 * against a sandbox that limits like Notion (3 requests/s, burst 10). Without the shared limiter the
 * sandbox would refuse most of them; with it, none is refused. Tokens come from the app's real vault.
 */
describe('NotionGateway rate limit across instances', () => {
  let world: OAuthWorld;
  let t: NotionTestApp;
  let instances: GatewayInstance[];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    world = await startOAuthWorld({ rateLimit: { requestsPerSecond: 3, burst: 10 } });
    t = await bootNotionApp(world);
    // With Redis (as in CI) each instance has its own limiter over the shared store. A run without Redis
    // has nothing to share between processes, so there the three gateways share one in-memory limiter.
    const memory = has('redis') ? undefined : new NotionRateLimiter(testConfig(), null);
    instances = [0, 1, 2].map(() => gatewayInstance(t, world, { NOTION_RATE_LIMIT_PER_SECOND: '3' }, memory));
  });

  afterAll(async () => {
    await Promise.all((instances ?? []).map((i) => i.close()));
    await world?.close();
  });

  it('keeps one integration within the sandbox rate: every call succeeds and none is refused with 429', async () => {
    const { integrationId } = await connectUser(t, world);
    const perInstance = 7;

    const results = await Promise.all(
      instances.flatMap((instance) =>
        Array.from({ length: perInstance }, () => instance.factory.forIntegration(integrationId).me()),
      ),
    );

    expect(results).toHaveLength(3 * perInstance);
    const counters = world.sandbox.control.tokenCounters().filter((c) => c.requests > 0);
    expect(counters).toHaveLength(1);
    expect(counters[0]).toMatchObject({ requests: 3 * perInstance, rateLimited: 0 });
    // The calls did queue: more of them than the burst allows at once had to wait for their turn.
    const waited = instances.reduce((sum, i) => sum + i.metrics.snapshot().limiterWaitMs, 0);
    expect(waited).toBeGreaterThan(0);
    expect(instances.map((i) => i.metrics.snapshot().rateLimited)).toEqual([0, 0, 0]);
  });
});
