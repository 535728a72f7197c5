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
import { benchEnv } from './support/bench-env';

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

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function measure(dependency: 'PostgreSQL' | 'Redis', config: AppConfig, proxy: TcpProxy): Promise<string[]> {
  const app: INestApplication = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  try {
    const email = `bench-outage-${Date.now()}@example.com`;
    const password = 'correct horse battery staple';
    const json = { 'content-type': 'application/json' };
    await fetch(`${origin}/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ email, password, name: 'Bench' }) });
    const login = (await (
      await fetch(`${origin}/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) })
    ).json()) as { token: string };
    const auth = { authorization: `Bearer ${login.token}` };

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
      const ms = samples.map((s) => s.ms);
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

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
