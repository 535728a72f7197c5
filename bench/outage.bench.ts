// `npm run bench:outage`: how long a request waits when PostgreSQL or Redis hangs (connections open, no bytes),
// and how long the service takes to answer again once the dependency does. Boots the real application in
// this process (DATABASE_URL / REDIS_URL when set, otherwise the embedded database and memory stores, then
// Redis is not measured) behind a TCP proxy that can blackhole, the one the tests use.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.factory';
import { loadConfig, type AppConfig } from '../src/core/config/app-config';
import { resolveDatabase } from '../src/core/database/embedded-postgres';
import { TcpProxy, throughProxy } from '../test/support/tcp-proxy';
import { listen, percentile, signedIn } from './support/bench-app';
import { benchEnv } from './support/bench-env';
import { runBench } from './support/run-bench';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 10);

interface Sample {
  status: number;
  retryAfter: string | null;
  ms: number;
}

async function timedGet(url: string, headers: Record<string, string> = {}): Promise<Sample> {
  const started = performance.now();
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ms: performance.now() - started };
}

async function measure(dependency: 'PostgreSQL' | 'Redis', config: AppConfig, proxy: TcpProxy): Promise<string[]> {
  const app: INestApplication = await createApp(config);
  const origin = await listen(app);
  try {
    const { token } = await signedIn({ origin }, 'bench-outage');
    const auth = { authorization: `Bearer ${token}` };

    const rows: string[] = [];
    for (const [route, headers] of [
      ['GET /auth/me', auth],
      ['GET /health/ready', {}],
    ] as const) {
      const path = route.split(' ')[1];
      proxy.blackhole();
      const samples: Sample[] = [];
      for (let i = 0; i < SAMPLES; i++) samples.push(await timedGet(`${origin}${path}`, headers));
      await proxy.restore();
      const restored = performance.now();
      let back: Sample;
      do back = await timedGet(`${origin}${path}`, headers);
      while (back.status !== 200 && performance.now() - restored < 60_000);
      const statuses = [...new Set(samples.map((s) => `${s.status}${s.retryAfter ? ` (Retry-After ${s.retryAfter})` : ''}`))];
      const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
      rows.push(
        `| ${dependency} blackholed | ${route} | ${statuses.join(', ')} | ${percentile(ms, 50).toFixed(0)} | ` +
          `${Math.max(...ms).toFixed(0)} | ${(performance.now() - restored).toFixed(0)} |`,
      );
      // Let reconnects settle before the next route.
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return rows;
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const base = loadConfig(benchEnv());
  const database = await resolveDatabase(base);
  const rows: string[] = [];
  try {
    const dbProxy = await TcpProxy.for(database.config.database.url as string, 5432).start();
    rows.push(
      ...(await measure(
        'PostgreSQL',
        database.config.with({ database: { url: throughProxy(database.config.database.url as string, dbProxy) } }),
        dbProxy,
      )),
    );
    await dbProxy.close();
    if (base.redis.url) {
      const redisProxy = await TcpProxy.for(base.redis.url, 6379).start();
      rows.push(
        ...(await measure('Redis', database.config.with({ redis: { url: throughProxy(base.redis.url, redisProxy) } }), redisProxy)),
      );
      await redisProxy.close();
    }
  } finally {
    await database.stop();
  }
  process.stdout.write(
    [
      `${SAMPLES} sequential requests per route while blackholed; recovery = from un-blackholing to the first 200`,
      '| outage | route | answers | p50 ms | max ms | recovery ms |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

runBench(main);
