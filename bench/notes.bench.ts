/* eslint-disable no-console -- a benchmark prints its figures */
// `npm run bench:notes`: what a note costs. Boots the real application in this process against Notion
// sandboxes (DATABASE_URL / REDIS_URL when set, otherwise the embedded database and memory stores),
// connects users through the real OAuth flow, and measures:
//   1. Notion calls per note: a user's first note (the workspace is created) and at steady state;
//   2. the whole POST /notes path (offline enhancer, sandbox without rate limit, answered once synced)
//      against a direct pages.create with @notionhq/client on the same sandbox, median and p95, as a ratio;
//   3. throughput at Notion's limit: BENCH_USERS × BENCH_NOTES notes (default 50 × 20) written at once with
//      the sandbox's 3 requests/second per integration on: Notion writes per second per integration, 429s
//      seen by our clients and by the app from Notion, notes lost or duplicated, and the time to drain;
//   4. fairness (bench/support/notes-fairness.ts): a quiet user's note, idle and behind another user's
//      BENCH_BURST-note burst (default 1,000), and the bursting user's write rate.
// BENCH_ONLY=calls|throughput|fairness runs one part.
import 'reflect-metadata';
import { Client } from '@notionhq/client';
import { DataSource } from 'typeorm';
import { boot, call, connectedUser, exactlyOnce, notionCalls, notionWrites, percentile, round, writeRates } from './support/bench-app';
import { fairness } from './support/notes-fairness';
import { NOTION_VERSION } from '../src/oauth/providers/notion-endpoint';
import { NotionConnections } from '../src/notion/notion-connections';
import { startNotionSandbox } from '../src/sandbox/notion';

async function callsAndOverhead(): Promise<string[]> {
  const sandbox = await startNotionSandbox({ port: 0, rateLimit: false });
  const r = await boot(sandbox, { NOTION_RATE_LIMIT_PER_SECOND: '100', NOTES_SYNC_WAIT_MS: '10000', NOTES_SYNC_POLL_MS: '1000' });
  const rows: string[] = [];
  try {
    const user = await connectedUser(r, 'calls');
    sandbox.control.clearRequestLog();
    const first = await call(r, 'POST', '/notes', user.token, { content: 'My first note: the assistant creates its workspace now.' });
    const firstCalls = notionCalls(sandbox).length;
    sandbox.control.clearRequestLog();
    const steady = await call(r, 'POST', '/notes', user.token, { content: 'A second note, at steady state.\n\n- [ ] one call' });
    const steadyCalls = notionCalls(sandbox).length;
    const long = Array.from({ length: 250 }, (_, i) => `Paragraph ${i + 1}.`).join('\n\n');
    sandbox.control.clearRequestLog();
    await call(r, 'POST', '/notes', user.token, { content: long, enhance: false, title: 'Long' });
    const longCalls = notionCalls(sandbox).length;
    if (first.status !== 201 || steady.status !== 201) throw new Error(`notes answered ${first.status}/${steady.status}`);
    rows.push(`| Notion calls, a user's first note (workspace created) | ${firstCalls} |`);
    rows.push(`| Notion calls per note at steady state (≤ 100 blocks) | ${steadyCalls} |`);
    rows.push(`| Notion calls, a 250-block note | ${longCalls} |`);

    // Overhead: the whole POST /notes (answered 201 once synced) against a bare pages.create, same sandbox and data source.
    const [ws] = await r.app.get(DataSource).query(`SELECT data_source_id FROM notion_workspaces WHERE integration_id = $1`, [user.integrationId]);
    const accessToken = await r.app.get(NotionConnections).getValidAccessToken(user.integrationId);
    const bare = new Client({ baseUrl: sandbox.url, auth: accessToken, notionVersion: NOTION_VERSION, retry: false, logger: () => undefined });
    const content = 'Met Sam about the Q3 budget: paid social is too thin.\n\n- [ ] Send the revised sheet on Friday';
    const bareCreate = () =>
      bare.pages.create({
        parent: { type: 'data_source_id', data_source_id: ws.data_source_id },
        properties: { Name: { title: [{ text: { content: 'Q3 budget' } }] }, Tags: { multi_select: [{ name: 'budget' }] } },
        children: [
          { paragraph: { rich_text: [{ text: { content: 'Met Sam about the Q3 budget: paid social is too thin.' } }] } },
          { to_do: { rich_text: [{ text: { content: 'Send the revised sheet on Friday' } }], checked: false } },
        ],
      });
    const samples = Number(process.env.BENCH_SAMPLES ?? 100);
    const time = async (fn: () => Promise<unknown>) => {
      const started = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    for (let i = 0; i < 10; i += 1) {
      await bareCreate();
      await call(r, 'POST', '/notes', user.token, { content });
    }
    // The floor of any exactly-once path, measured alongside: an authenticated request (GET /auth/me), the
    // create itself, and two durable commits (the note before the call, the result after), each a one-row
    // UPDATE committed on its own, as the app's statements are.
    const dataSource = r.app.get(DataSource);
    const [someNote] = await dataSource.query(`SELECT id FROM notes WHERE user_id = (SELECT user_id FROM oauth_integrations WHERE id = $1) LIMIT 1`, [user.integrationId]);
    const bareMs: number[] = [];
    const appMs: number[] = [];
    const authMs: number[] = [];
    const commitMs: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      bareMs.push(await time(bareCreate));
      appMs.push(
        await time(async () => {
          const res = await call(r, 'POST', '/notes', user.token, { content });
          if (res.status !== 201) throw new Error(`POST /notes answered ${res.status}`);
        }),
      );
      authMs.push(await time(() => call(r, 'GET', '/auth/me', user.token)));
      commitMs.push(await time(() => dataSource.query(`UPDATE notes SET version = version WHERE id = $1`, [someNote.id])));
    }
    for (const list of [bareMs, appMs, authMs, commitMs]) list.sort((a, b) => a - b);
    const floorMs = percentile(authMs, 50) + percentile(bareMs, 50) + 2 * percentile(commitMs, 50);
    rows.push(`| pages.create with @notionhq/client, median / p95 (ms) | ${round(percentile(bareMs, 50), 1)} / ${round(percentile(bareMs, 95), 1)} |`);
    rows.push(`| POST /notes until synced (201), median / p95 (ms) | ${round(percentile(appMs, 50), 1)} / ${round(percentile(appMs, 95), 1)} |`);
    rows.push(`| overhead ratio, median / p95 | ${round(percentile(appMs, 50) / percentile(bareMs, 50))}× / ${round(percentile(appMs, 95) / percentile(bareMs, 95))}× |`);
    rows.push(`| GET /auth/me, median (ms) | ${round(percentile(authMs, 50), 1)} |`);
    rows.push(`| one durable commit (one-row UPDATE), median (ms) | ${round(percentile(commitMs, 50), 2)} |`);
    rows.push(`| floor: GET /auth/me + pages.create + 2 commits (ms), and its ratio | ${round(floorMs, 1)} / ${round(floorMs / percentile(bareMs, 50))}× |`);
  } finally {
    await r.stop();
    await sandbox.close();
  }
  return rows;
}

async function throughput(): Promise<string[]> {
  const users = Number(process.env.BENCH_USERS ?? 50);
  const perUser = Number(process.env.BENCH_NOTES ?? 20);
  const sandbox = await startNotionSandbox({ port: 0, rateLimit: { requestsPerSecond: 3, burst: 10 } });
  const r = await boot(sandbox, {
    NOTES_SYNC_WAIT_MS: '0',
    NOTES_SYNC_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '64',
    NOTES_SYNC_POLL_MS: '100',
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '30',
  });
  try {
    const people = [];
    for (let i = 0; i < users; i += 1) people.push(await connectedUser(r, `tp${i}`));
    // Each user's workspace exists before the clock starts (its calls are in the "first note" row above).
    for (const person of people) {
      const ws = await call(r, 'GET', '/workspace', person.token);
      if (ws.status !== 200) throw new Error(`GET /workspace answered ${ws.status}`);
    }
    sandbox.control.clearRequestLog();
    const errorCodes = new Map<string, number>();
    let clientErrors = 0;
    let client429 = 0;
    const ids = new Set<string>();
    const started = Date.now();
    await Promise.all(
      people.map(async (person, u) => {
        for (let i = 0; i < perUser; i += 1) {
          const res = await call(r, 'POST', '/notes', person.token, { content: `Note ${i} of user ${u}: throughput at Notion's limit.` });
          if (res.status === 429) client429 += 1;
          if (res.status !== 201 && res.status !== 202) {
            clientErrors += 1;
            const code = `${res.status} ${String(res.body.code)}`;
            errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
          } else ids.add(String(res.body.id));
        }
      }),
    );
    const accepted = Date.now() - started;
    const ds = r.app.get(DataSource);
    for (;;) {
      const [row] = await ds.query(`SELECT count(*)::int AS n FROM note_sync_jobs`);
      if (row.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const drained = Date.now() - started;
    const log = notionCalls(sandbox);
    const writes = notionWrites(sandbox);
    const sandbox429 = log.filter((e) => e.status === 429).length;
    const rates = [...writeRates(sandbox).values()];
    const states = await ds.query(`SELECT sync_status, count(*)::int AS n FROM notes WHERE id = ANY($1::uuid[]) GROUP BY sync_status`, [[...ids]]);
    const { lost, duplicated } = exactlyOnce(sandbox, ids);
    const mean = rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length);
    return [
      `| throughput run | ${users} users × ${perUser} notes = ${users * perUser} notes, sandbox limit 3 req/s per integration (burst 10) |`,
      `| Notion writes/s per integration, mean / max (limit 3) | ${round(mean)} / ${round(Math.max(...rates))} |`,
      `| 429s seen by our API clients | ${client429} (other client errors: ${clientErrors}${clientErrors ? ` — ${[...errorCodes].map(([c, n]) => `${c}: ${n}`).join(', ')}` : ''}) |`,
      `| Notion writes/s, all integrations together | ${round(writes.filter((e) => e.status < 300).length / (drained / 1000), 1)} |`,
      `| 429s Notion (the sandbox) answered the app | ${sandbox429} |`,
      `| notes lost / duplicated in Notion | ${lost} / ${duplicated} |`,
      `| final states | ${states.map((s: { sync_status: string; n: number }) => `${s.sync_status} ${s.n}`).join(', ')} |`,
      `| all accepted (POST /notes) after / drained after (s) | ${round(accepted / 1000, 1)} / ${round(drained / 1000, 1)} |`,
    ];
  } finally {
    await r.stop();
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  // BENCH_ONLY=calls|throughput|fairness runs one part.
  const only = process.env.BENCH_ONLY;
  const rows: string[] = [];
  if (!only || only === 'calls') rows.push(...(await callsAndOverhead()));
  if (!only || only === 'throughput') rows.push(...(await throughput()));
  if (!only || only === 'fairness') rows.push(...(await fairness()));
  console.log('\n| notes benchmark | figure |\n|---|---|');
  for (const row of rows) console.log(row);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
