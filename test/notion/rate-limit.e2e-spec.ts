import { Logger } from '@nestjs/common';
import { bearer } from '../support/auth';
import { itWith } from '../support/requirements';
import { OAuthWorld, startOAuthWorld } from '../oauth/support/oauth-world';
import { NotionTestApp, bootNotionApp } from './support/notion-app';
import { GatewayInstance, connectUser, gatewayInstance } from './support/notion-world';

/**
 * The per-integration limiter against a sandbox that limits like Notion (3 requests/s, burst 10): one
 * instance's calls, including "test connection" over HTTP, wait for their turn; and several instances
 * share the turns through Redis. Tokens come from the app's real vault.
 */
describe('NotionGateway rate limit', () => {
  let world: OAuthWorld;
  let t: NotionTestApp;
  const instances: GatewayInstance[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    world = await startOAuthWorld({ rateLimit: { requestsPerSecond: 3, burst: 10 } });
    t = await bootNotionApp(world, { env: { NOTION_RATE_LIMIT_PER_SECOND: '3' } });
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.close()));
    await world?.close();
  });

  /** The sandbox's counters of the tokens that made requests since the log was last cleared. */
  const usedTokens = () => world.sandbox.control.tokenCounters().filter((c) => c.requests > 0);

  it('GET /integrations/:id/status goes through the gateway: concurrent checks queue for their turn, none is refused, each is counted', async () => {
    const user = await connectUser(t, world, 'status');
    world.sandbox.control.clearRequestLog();
    const before = t.metrics.snapshot();
    const checks = 15;

    const answers = await Promise.all(
      Array.from({ length: checks }, () => t.http().get(`/integrations/${user.integrationId}/status`).set(...bearer(user.token))),
    );

    expect(answers.map((r) => r.status)).toEqual(Array(checks).fill(200));
    expect(usedTokens()).toEqual([expect.objectContaining({ requests: checks, rateLimited: 0 })]);
    const after = t.metrics.snapshot();
    expect(after.byOperation['users.me'] - (before.byOperation['users.me'] ?? 0)).toBe(checks);
    expect(after.attempts - before.attempts).toBe(checks);
    // More checks than the burst: some had to wait for the limiter (a second SDK client would not have).
    expect(after.limiterWaitMs).toBeGreaterThan(before.limiterWaitMs);
  });

  itWith('redis', 'three instances sharing the limiter through Redis keep one integration within the sandbox rate: every call succeeds and none is refused with 429', async () => {
    // Each instance has its own limiter over the run's Redis, as separate processes would.
    instances.push(...[0, 1, 2].map(() => gatewayInstance(t, world, { NOTION_RATE_LIMIT_PER_SECOND: '3' })));
    const { integrationId } = await connectUser(t, world);
    world.sandbox.control.clearRequestLog();
    const perInstance = 7;

    const results = await Promise.all(
      instances.flatMap((instance) =>
        Array.from({ length: perInstance }, () => instance.factory.forIntegration(integrationId).me()),
      ),
    );

    expect(results).toHaveLength(3 * perInstance);
    expect(usedTokens()).toEqual([expect.objectContaining({ requests: 3 * perInstance, rateLimited: 0 })]);
    // The calls did queue: more of them than the burst allows at once had to wait for their turn.
    const waited = instances.reduce((sum, i) => sum + i.metrics.snapshot().limiterWaitMs, 0);
    expect(waited).toBeGreaterThan(0);
    expect(instances.map((i) => i.metrics.snapshot().rateLimited)).toEqual([0, 0, 0]);
  });
});
