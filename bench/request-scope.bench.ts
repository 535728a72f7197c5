// `npm run bench:request-scope`: what a request-scoped Notion provider would cost on GET /pages/:id (the
// design card's `NotionClientFactory` as a REQUEST-scoped provider, against the singleton factory that
// services use now). Boots the real application with two probe routes that differ only in scope: one
// singleton controller, and one that injects a REQUEST-scoped provider built over the factory (so Nest builds
// the controller and the provider for every request), both reading the page through NotionPagesService. The
// page is settled (its last_edited_time minutes old), so each read costs one Notion call (the page cache):
// the path where a per-request cost weighs most. Rounds alternate the routes; medians are compared.
import 'reflect-metadata';
import autocannon from 'autocannon';
import { Controller, Get, Inject, Injectable, Module, Param, Scope } from '@nestjs/common';
import { NestFactory, REQUEST } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AuthenticatedRequest, AuthenticatedUser } from '../src/auth/authenticated-user';
import { CurrentUser } from '../src/auth/decorators/current-user.decorator';
import { AppModule } from '../src/app.module';
import { configureApp, NEST_APPLICATION_OPTIONS } from '../src/app.factory';
import { loadConfig } from '../src/core/config/app-config';
import { resolveDatabase } from '../src/core/database/embedded-postgres';
import { NotionClientFactory } from '../src/notion/notion-client.factory';
import { NotionModule } from '../src/notion/notion.module';
import { NotionPagesService } from '../src/pages/notion-pages.service';
import { PagesModule } from '../src/pages/pages.module';
import { startNotionSandbox } from '../src/sandbox/notion';
import { benchEnv } from './support/bench-env';
import { call, connectedUser, listen, notionCalls, sandboxEnv } from './support/bench-app';
import { runBench } from './support/run-bench';

/** The request-scoped leaf the design card describes: the caller's Notion, built per request. */
@Injectable({ scope: Scope.REQUEST })
class RequestScopedNotion {
  constructor(
    @Inject(REQUEST) readonly request: AuthenticatedRequest,
    readonly factory: NotionClientFactory,
  ) {}
}

@Controller('bench/singleton')
class SingletonPagesController {
  constructor(private readonly pages: NotionPagesService) {}

  @Get(':id')
  read(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string) {
    return this.pages.read(user.id, id);
  }
}

@Controller('bench/request-scoped')
class RequestScopedPagesController {
  constructor(
    private readonly pages: NotionPagesService,
    private readonly notion: RequestScopedNotion,
  ) {}

  @Get(':id')
  read(@Param('id') id: string) {
    const user = this.notion.request.user as AuthenticatedUser;
    return this.pages.read(user.id, id);
  }
}

@Module({ imports: [NotionModule, PagesModule], controllers: [SingletonPagesController, RequestScopedPagesController], providers: [RequestScopedNotion] })
class ProbeModule {}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Requests spread round-robin over the users (each has its own integration, so Notion's per-integration limit is not what is measured). */
async function rate(
  origin: string,
  prefix: string,
  readers: Array<{ token: string; pageId: string }>,
  seconds: number,
): Promise<{ rps: number; cpuMs: number; non2xx: number }> {
  let next = 0;
  const cpu = process.cpuUsage();
  const result = await autocannon({
    url: origin,
    connections: 10,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const reader = readers[next++ % readers.length];
          return { ...req, method: 'GET', path: `${prefix}${reader.pageId}`, headers: { authorization: `Bearer ${reader.token}` } };
        },
      },
    ],
  });
  const used = process.cpuUsage(cpu);
  // This process's CPU time per request (server, sandbox and load generator alike, the same for every route):
  // steadier than req/s on shared cores, where throughput mostly shows what other jobs took.
  return { rps: result.requests.average, cpuMs: (used.user + used.system) / 1000 / Math.max(1, result.requests.total), non2xx: result.non2xx + result.errors };
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const seconds = Number(process.env.BENCH_SECONDS ?? 4);
  const sandbox = await startNotionSandbox({ port: 0, rateLimit: false });
  // Everything in the sandbox happened ten minutes ago: pages are settled, so their content is cached.
  sandbox.control.advanceClock(-10 * 60_000);
  const target = sandboxEnv(sandbox);
  const base = loadConfig(benchEnv({ ...target.env, NOTION_RATE_LIMIT_PER_SECOND: '100' }));
  const database = await resolveDatabase(base);
  const config = database.config;

  @Module({ imports: [AppModule.forRoot(config), ProbeModule] })
  class BenchModule {}
  const app = await NestFactory.create<NestExpressApplication>(BenchModule, NEST_APPLICATION_OPTIONS);
  configureApp(app, config);
  const origin = await listen(app);
  const r = { origin, sandbox, clientId: target.clientId };

  // Ten users, each with a page in a workspace of their own: at most 100 Notion calls/s per integration.
  const readers: Array<{ token: string; pageId: string }> = [];
  for (let i = 0; i < 10; i += 1) {
    const user = await connectedUser(r, `scope${i}`);
    const created = await call(r, 'POST', '/pages', user.token, { title: 'Bench page', content: '# Heading\n\n- one\n  - nested\n\nA paragraph.\n' });
    if (created.status !== 201) throw new Error(`POST /pages answered ${created.status}`);
    readers.push({ token: user.token, pageId: String(created.body.pageId) });
  }
  await call(r, 'GET', `/pages/${readers[0].pageId}`, readers[0].token);
  sandbox.control.clearRequestLog();
  await call(r, 'GET', `/pages/${readers[0].pageId}`, readers[0].token);
  const callsPerRead = notionCalls(sandbox).length;

  const routes = { singleton: '/bench/singleton/', request: '/bench/request-scoped/', real: '/pages/' };
  const figures: Record<keyof typeof routes, number[]> = { singleton: [], request: [], real: [] };
  const cpu: Record<keyof typeof routes, number[]> = { singleton: [], request: [], real: [] };
  let failures = 0;
  for (const name of Object.keys(routes) as Array<keyof typeof routes>) await rate(origin, routes[name], readers, 1); // warm-up
  for (let i = 0; i < rounds; i += 1) {
    for (const name of Object.keys(routes) as Array<keyof typeof routes>) {
      const { rps, cpuMs, non2xx } = await rate(origin, routes[name], readers, seconds);
      figures[name].push(rps);
      cpu[name].push(cpuMs);
      failures += non2xx;
    }
  }
  const byRound = (values: Record<keyof typeof routes, number[]>, f: (singleton: number, request: number) => number) =>
    median(values.singleton.map((x, i) => f(x, values.request[i])));
  // Each round's two probes ran back to back, so their ratio is compared round by round, then the median taken.
  const throughputCost = byRound(figures, (singleton, request) => singleton / request - 1);
  const cpuCost = byRound(cpu, (singleton, request) => request / singleton - 1);
  const row = (label: string, name: keyof typeof routes) =>
    `| ${label} | ${median(figures[name]).toFixed(0)} | ${median(cpu[name]).toFixed(2)} | ${figures[name].map((x) => x.toFixed(0)).join(', ')} |\n`;
  process.stdout.write(`\nRequest-scoped provider on GET /pages/:id (${rounds} alternating rounds of ${seconds} s, 10 connections, medians)\n`);
  process.stdout.write(`Notion calls per read of the settled page: ${callsPerRead}\n`);
  process.stdout.write('| route | req/s | CPU ms per request | req/s by round |\n|---|---|---|---|\n');
  process.stdout.write(row("GET /pages/:id (the app's route, singleton)", 'real'));
  process.stdout.write(row('probe, singleton controller', 'singleton'));
  process.stdout.write(row('probe, request-scoped provider', 'request'));
  process.stdout.write(
    `\nrequest scope costs ${(throughputCost * 100).toFixed(1)}% in req/s and ${(cpuCost * 100).toFixed(1)}% in CPU per request ` +
      `(medians of the rounds' ratios; goal ≤ 5%); non-2xx: ${failures}\n`,
  );
  await app.close();
  await database.stop();
  await sandbox.close();
}

runBench(main);
