/* eslint-disable no-console -- a benchmark prints its figures */
// `npm run bench:notion`: what the gateway costs on top of the bare SDK, and how it behaves at Notion's rate.
// Runs the Notion sandbox in this process; the limiter uses Redis when REDIS_URL is set, else memory.
// Figures are printed beside the bare-SDK baseline of the same run, so machines compare as ratios; the
// gateway's own metrics (NotionMetrics) are printed as read by this benchmark.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Client } from '@notionhq/client';
import Redis from 'ioredis';
import { NOTION_VERSION } from '../src/oauth/providers/notion-endpoint';
import { startNotionSandbox } from '../src/sandbox/notion';
import { gatewayHandle } from './support/notion-handle';
import { runBench } from './support/run-bench';
import { timed } from './support/timed';

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const unlimited = await startNotionSandbox({ rateLimit: false });
  const limited = await startNotionSandbox({ rateLimit: { requestsPerSecond: 3, burst: 10 } });
  const redisUrl = process.env.REDIS_URL;
  const redis = redisUrl ? new Redis(redisUrl, { keyPrefix: `pa_bench:${Date.now()}:` }) : null;

  const setup = (sandbox: typeof unlimited, perSecond: string) => gatewayHandle(sandbox, { perSecond, redis, integrationKey: `${Date.now()}-${perSecond}` });

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

runBench(main);
