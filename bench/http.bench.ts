// `npm run bench`: what a request costs on top of a bare one. Boots the real application in this process
// (DATABASE_URL / REDIS_URL when set, otherwise the embedded database and memory stores), then drives it
// with autocannon over loopback. Every figure is printed beside the baseline measured in the same run, so
// results from different machines compare as ratios.
import 'reflect-metadata';
import autocannon from 'autocannon';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/core/config/app-config';
import { listen, signedIn } from './support/bench-app';
import { benchEnv } from './support/bench-env';
import { runBench } from './support/run-bench';
import { resolveDatabase } from '../src/core/database/embedded-postgres';

interface Figure {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(
  name: string,
  url: string,
  options: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; connections?: number; seconds?: number },
): Promise<Figure> {
  const result = await autocannon({
    url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections ?? 10,
    duration: options.seconds ?? 5,
  });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  const base = loadConfig(benchEnv());
  const database = await resolveDatabase(base);
  const config = database.config;
  const app: INestApplication = await createApp(config);
  const origin = await listen(app);
  const { email, password, token } = await signedIn({ origin }, 'bench');
  const json = { 'content-type': 'application/json' };

  const figures: Figure[] = [];
  figures.push(await measure('GET /health/live (baseline: no session, no I/O)', `${origin}/health/live`, {}));
  figures.push(
    await measure('GET /auth/me (bearer session: store lookup + cached user row)', `${origin}/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  figures.push(await measure('GET /health/ready (database + Redis ping)', `${origin}/health/ready`, {}));
  figures.push(
    await measure('POST /auth/login (argon2id verify + new session)', `${origin}/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email, password }),
      connections: 2,
    }),
  );
  // No account enumeration by timing: an unknown email must cost what a known one does (ratio near 1).
  const wrongPassword = await measure('POST /auth/login, known email, wrong password', `${origin}/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, password: 'not the password at all' }),
    connections: 2,
  });
  const unknownEmail = await measure('POST /auth/login, unknown email', `${origin}/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: `nobody-${Date.now()}@example.com`, password: 'not the password at all' }),
    connections: 2,
  });
  figures.push(wrongPassword, unknownEmail);

  const baseline = figures[0].requestsPerSecond;
  const store = config.usesMemoryStores ? 'memory stores' : 'Redis';
  const db = base.usesEmbeddedDatabase ? 'embedded PGlite' : 'PostgreSQL';
  process.stdout.write(`\nHTTP benchmark (${db}, ${store}; autocannon, loopback, 5 s each)\n`);
  process.stdout.write('| endpoint | req/s | cost vs baseline | p50 ms | p99 ms | non-2xx |\n|---|---|---|---|---|---|\n');
  for (const f of figures) {
    const ratio = f.requestsPerSecond > 0 ? baseline / f.requestsPerSecond : Infinity;
    process.stdout.write(
      `| ${f.name} | ${f.requestsPerSecond.toFixed(0)} | ${ratio.toFixed(2)}x | ${f.p50} | ${f.p99} | ${f.errors} |\n`,
    );
  }
  // The authenticated-request cost, steadier than one 5-second run on shared cores: baseline and /auth/me
  // alternate for a few rounds and the median of each round's ratio is printed (goal: at most 1.3).
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const live = await measure('live', `${origin}/health/live`, { seconds: 3 });
    const me = await measure('me', `${origin}/auth/me`, { headers: { authorization: `Bearer ${token}` }, seconds: 3 });
    ratios.push(live.requestsPerSecond / Math.max(me.requestsPerSecond, 0.001));
  }
  const sortedRatios = [...ratios].sort((a, b) => a - b);
  process.stdout.write(
    `\nGET /auth/me cost vs GET /health/live: ${sortedRatios[Math.floor(rounds / 2)].toFixed(2)}x (median of ${rounds} alternating ` +
      `3 s rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal ≤ 1.3x)\n`,
  );
  process.stdout.write(
    `unknown email / wrong password latency (p50): ${(unknownEmail.p50 / Math.max(wrongPassword.p50, 0.001)).toFixed(2)}` +
      ' (near 1.00: sign-in does not reveal which emails have accounts)\n',
  );
  await app.close();
  await database.stop();
}

runBench(main);
