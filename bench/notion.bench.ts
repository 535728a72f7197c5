/* eslint-disable no-console -- a benchmark prints its figures */
// `npm run bench:notion`: what the gateway costs on top of the bare SDK, and how it behaves at Notion's rate.
// Runs the Notion sandbox in this process; the limiter uses Redis when REDIS_URL is set, else memory.
// Figures are printed beside the bare-SDK baseline of the same run, so machines compare as ratios; the
// gateway's own metrics (NotionMetrics) are printed as read by this benchmark.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Client } from '@notionhq/client';
import Redis from 'ioredis';
import { loadConfig } from '../src/core/config/app-config';
import { NotionClientFactory } from '../src/notion/notion-client.factory';
import { NotionConnections } from '../src/notion/notion-connections';
import { ConfiguredNotionEndpoint } from '../src/oauth/providers/configured-notion.endpoint';
import { NotionGateway } from '../src/notion/notion.gateway';
import { NOTION_VERSION } from '../src/oauth/providers/notion-endpoint';
import { NotionMetrics } from '../src/notion/notion.metrics';
import { NotionRateLimiter } from '../src/notion/notion-rate.limiter';
import { startNotionSandbox } from '../src/sandbox/notion';

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

async function timed(calls: number, concurrency: number, call: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        await call();
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const unlimited = await startNotionSandbox({ rateLimit: false });
  const limited = await startNotionSandbox({ rateLimit: { requestsPerSecond: 3, burst: 10 } });
  const redisUrl = process.env.REDIS_URL;
  const redis = redisUrl ? new Redis(redisUrl, { keyPrefix: `pa_bench:${Date.now()}:` }) : null;

  const setup = (sandbox: typeof unlimited, perSecond: string) => {
    const c = sandbox.control;
    const person = c.createPerson({ name: 'Bench', email: 'bench@sandbox.localhost' }).id;
    const workspaceId = c.createWorkspace({ name: 'Bench', memberIds: [person] }).id;
    const app = c.createIntegration({ name: 'Bench', kind: 'public', redirectUris: ['http://localhost/cb'] });
    const token = String(c.issueToken({ integrationId: app.id, workspaceId, personId: person }).access_token);
    const config = loadConfig({ NOTION_API_BASE_URL: sandbox.url, NOTION_CLIENT_ID: app.clientId, NOTION_CLIENT_SECRET: app.clientSecret, NOTION_RATE_LIMIT_PER_SECOND: perSecond, LOG_LEVEL: 'silent' });
    const metrics = new NotionMetrics();
    const gateway = new NotionGateway(config, new ConfiguredNotionEndpoint(config), new NotionRateLimiter(config, redis), metrics);
    const factory = new NotionClientFactory(config, new FixedConnections(token), gateway);
    return { token, metrics, handle: factory.forIntegration(`${Date.now()}-${perSecond}`) };
  };

  // Fewer calls than the limiter's 100 per second, so this measures the gateway's own cost, not its waiting.
  const calls = 90;
  const fast = setup(unlimited, '100');
  const bare = new Client({ baseUrl: unlimited.url, auth: fast.token, notionVersion: NOTION_VERSION, retry: false, logger: () => undefined });
  // Warm up both paths.
  await timed(20, 4, () => bare.users.me({}));
  await timed(20, 4, () => fast.handle.me());
  fast.metrics.reset();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  // Bare, gateway, bare again: the better bare run is the baseline, so warm-up order does not flatter the gateway.
  const bareFirst = await timed(calls, 1, () => bare.users.me({}));
  const gatewayMs = await timed(calls, 1, () => fast.handle.me());
  const bareMs = Math.min(bareFirst, await timed(calls, 1, () => bare.users.me({})));
  console.log(`sequential users.me x${calls}: bare SDK ${(bareMs / calls).toFixed(2)} ms/call, gateway ${(gatewayMs / calls).toFixed(2)} ms/call (ratio ${(gatewayMs / bareMs).toFixed(2)}; limiter: ${redis ? 'redis' : 'memory'})`);

  const slow = setup(limited, '3');
  const burst = 30;
  const burstMs = await timed(burst, burst, () => slow.handle.me());
  const counters = limited.control.tokenCounters().find((t) => t.requests > 0);
  console.log(`${burst} concurrent calls at Notion's rate (3/s, burst 10): ${(burstMs / 1000).toFixed(1)} s, ${counters?.rateLimited ?? 0} refused with 429`);
  console.log('gateway metrics (rate-limited run):', JSON.stringify(slow.metrics.snapshot()));

  await redis?.quit();
  await unlimited.close();
  await limited.close();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
