/* eslint-disable no-console -- a benchmark prints its figures */
// `npm run bench:sync`: what hearing about Notion's changes costs. Boots the real application in this process
// against a Notion sandbox (DATABASE_URL / REDIS_URL when set, otherwise the embedded database and memory stores):
//   1. the webhook endpoint's throughput with signature checks (HMAC-SHA256 over the raw body, the connected-
//      workspace lookup, then the inbox insert), for new events of a connected workspace, for redeliveries and
//      for events of a workspace nobody connected (not kept), as a ratio to GET /health/live in the same run;
//   2. idle polling: BENCH_POLL_USERS integrations (default 5), each with a synced note whose edit the product
//      confirmed (as a pull records it), polled every second for BENCH_POLL_SECONDS (default 10) by the app:
//      Notion calls per integration per interval (goal ≤ 1), read from the sandbox's request log. BENCH_POLL_REAL=1
//      leaves the confirmation to the app's own polls and pulls (about a minute and a half more).
//   3. latency from a person's edit in Notion (a paragraph appended through the sandbox's person API) to the
//      product's copy (GET /notes/:id holds it), p50/p95 over BENCH_EDITS edits (default 10), by webhook (the
//      sandbox's aggregation window BENCH_WEBHOOK_WINDOW included, default 3 s as Notion's) and by polling
//      (interval BENCH_POLL_INTERVAL, default 2 s), also as a ratio to that window or interval, with the Notion
//      calls each detected change cost;
//   4. Notion calls to add one paragraph to a 250-block note through PATCH /notes/:id (the first edit after
//      creation, which reads the page once, and the next one), against 1 + ⌈251/100⌉ for erase-and-rewrite.
// BENCH_ONLY=webhooks|polling|latency|content runs one part.
import 'reflect-metadata';
import { createHmac, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { call, connectedUser, isSynced, notionCalls, percentile, postNote, round, sleepMs, untilNote, withApp } from './support/bench-app';
import { runBench } from './support/run-bench';

const TOKEN = `secret_bench_${randomUUID()}`;
const sign = (body: string) => `sha256=${createHmac('sha256', TOKEN).update(body).digest('hex')}`;

async function rate(url: string, options: Partial<autocannon.Options> = {}): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({ url, connections: 10, duration: Number(process.env.BENCH_SECONDS ?? 5), ...options });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

function webhooks(): Promise<string[]> {
  return withApp({ rateLimit: false }, { NOTION_WEBHOOKS_ENABLED: 'true', NOTION_WEBHOOK_VERIFICATION_TOKEN: TOKEN }, async (r) => {
    // Events are kept only for a workspace an active integration here is connected to: one user connects.
    const { integrationId } = await connectedUser(r, 'bench-webhooks');
    const [{ workspace_id: connected }] = await r.app.get(DataSource).query(`SELECT workspace_id FROM oauth_integrations WHERE id = $1`, [integrationId]);
    const event = (id: string, workspaceId: string = connected) =>
      JSON.stringify({
        id,
        timestamp: new Date().toISOString(),
        workspace_id: workspaceId,
        type: 'page.content_updated',
        authors: [{ id: randomUUID(), type: 'person' }],
        accessible_by: [{ id: randomUUID(), type: 'bot' }],
        entity: { id: randomUUID(), type: 'page' },
        data: { parent: { id: randomUUID(), type: 'space' }, updated_blocks: [] },
      });
    const live = await rate(`${r.origin}/health/live`);
    const fresh = await rate(`${r.origin}/webhooks/notion`, {
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const body = event(randomUUID());
            return { ...req, body, headers: { 'content-type': 'application/json', 'x-notion-signature': sign(body) } };
          },
        },
      ],
    });
    const replayBody = event(randomUUID());
    const replay = await rate(`${r.origin}/webhooks/notion`, {
      method: 'POST',
      body: replayBody,
      headers: { 'content-type': 'application/json', 'x-notion-signature': sign(replayBody) },
    });
    const nobodys = await rate(`${r.origin}/webhooks/notion`, {
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const body = event(randomUUID(), randomUUID());
            return { ...req, body, headers: { 'content-type': 'application/json', 'x-notion-signature': sign(body) } };
          },
        },
      ],
    });
    const unsigned = await rate(`${r.origin}/webhooks/notion`, { method: 'POST', body: replayBody, headers: { 'content-type': 'application/json' } });
    // Thousands of kept events are left unworked; on a kept database the next part's worker would work through
    // them first (an edit heard seconds late behind them), so they go with this part.
    await r.app.get(DataSource).query(`DELETE FROM notion_webhook_events WHERE processed_at IS NULL`);
    const row = (name: string, f: { rps: number; p99: number; errors: number }, errorsExpected = false) =>
      `| ${name} | ${Math.round(f.rps)} | ${round(f.rps / live.rps)} | ${f.p99} | ${errorsExpected ? `${f.errors} (401s, expected)` : f.errors} |`;
    return [
      '| request | req/s | ratio to /health/live | p99 ms | errors |',
      '|---|---|---|---|---|',
      row('GET /health/live (baseline)', live),
      row('POST /webhooks/notion, new signed event (verify + workspace lookup + inbox insert)', fresh),
      row('POST /webhooks/notion, redelivered event (verify + workspace lookup + conflict)', replay),
      row('POST /webhooks/notion, event of a workspace nobody connected (verify + workspace lookup, not kept)', nobodys),
      row('POST /webhooks/notion, unsigned (refused)', unsigned, true),
    ];
  });
}

function polling(): Promise<string[]> {
  const users = Number(process.env.BENCH_POLL_USERS ?? 5);
  const seconds = Number(process.env.BENCH_POLL_SECONDS ?? 10);
  const real = process.env.BENCH_POLL_REAL === '1';
  return withApp({ rateLimit: false }, { NOTION_POLL_INTERVAL_SECONDS: '1', NOTES_SYNC_WAIT_MS: '10000' }, async (r) => {
    const { sandbox } = r;
    const ds = r.app.get(DataSource);
    const connected = [];
    for (let i = 0; i < users; i += 1) {
      const user = await connectedUser(r, `poll-${i}`);
      // Held while the note is written and settles; released all at once below.
      await ds.query(`INSERT INTO notion_poll_state (integration_id, next_poll_at) VALUES ($1, now() + interval '1 hour') ON CONFLICT (integration_id) DO NOTHING`, [user.integrationId]);
      const note = await postNote(r, user.token, { content: `Note ${i} of the polling bench` });
      const [row] = await ds.query(`SELECT notion_page_id FROM notes WHERE id = $1`, [note.body.id]);
      const edited = new Date(sandbox.control.exportState().pages[row.notion_page_id].lastEditedTime);
      edited.setUTCSeconds(0, 0);
      // What a pull records once it has confirmed the page after the minute of its last edit (BENCH_POLL_REAL=1:
      // let the app's own polls and pulls get there, which takes the rest of that minute and one more poll).
      if (!real) await ds.query(`UPDATE notes SET notion_edited_at = $2, notion_confirmed_at = $2::timestamptz + interval '60 seconds' WHERE id = $1`, [note.body.id, edited.toISOString()]);
      const [{ bot_id: botId }] = await ds.query(`SELECT bot_id FROM oauth_integrations WHERE id = $1`, [user.integrationId]);
      connected.push({ integrationId: user.integrationId, botId: botId as string });
    }
    if (!real) sandbox.control.advanceClock(61_000);
    {
      await ds.query(`UPDATE notion_poll_state SET next_poll_at = now() WHERE integration_id = ANY($1::uuid[])`, [connected.map((c) => c.integrationId)]);
      if (real) {
        const ids = connected.map((c) => c.integrationId);
        for (let waited = 0; waited < 180_000; waited += 1000) {
          const [{ n }] = await ds.query(
            `SELECT count(*)::int AS n FROM notes WHERE integration_id = ANY($1::uuid[])
               AND notion_confirmed_at >= notion_edited_at + interval '60 seconds' AND pull_requested_at IS NULL`,
            [ids],
          );
          if (n === users) break;
          await sleepMs(1000);
        }
      }
      sandbox.control.clearRequestLog();
      await sleepMs(seconds * 1000);
      const calls = notionCalls(sandbox);
      const perIntegration = connected.map((c) => calls.filter((e) => e.botId === c.botId).length);
      const queries = calls.filter((e) => (e.route ?? '').endsWith('/query')).length;
      const perInterval = perIntegration.map((n) => n / seconds);
      return [
        `| idle polling (interval 1 s${real ? ', confirmed by the app\'s own pulls' : ''}) | figure |`,
        '|---|---|',
        `| integrations polled | ${users} |`,
        `| Notion calls per integration per interval (mean; max) | ${round(perInterval.reduce((a, b) => a + b, 0) / users)}; ${round(Math.max(...perInterval))} |`,
        `| of which data source queries | ${queries} of ${calls.length} |`,
      ];
    }
  });
}

const paragraph = (content: string) => ({ paragraph: { rich_text: [{ type: 'text', text: { content } }] } });

/** The wait the mode is configured with (the sandbox's aggregation window, or the poll interval), in ms. */
const configuredWaitMs = (mode: 'webhook' | 'polling') => 1000 * Number(mode === 'webhook' ? (process.env.BENCH_WEBHOOK_WINDOW ?? '3') : (process.env.BENCH_POLL_INTERVAL ?? '2'));

function editLatency(mode: 'webhook' | 'polling'): Promise<{ p50: number; p95: number; callsPerChange: number }> {
  const edits = Number(process.env.BENCH_EDITS ?? 10);
  const operator = `operator-${randomUUID()}`;
  const env: Record<string, string> =
    mode === 'webhook'
      ? { NOTION_WEBHOOKS_ENABLED: 'true', OPERATOR_TOKEN: operator, NOTION_POLL_INTERVAL_SECONDS: '86400' }
      : { NOTION_POLL_INTERVAL_SECONDS: String(configuredWaitMs('polling') / 1000) };
  const sandboxOptions = { rateLimit: false as const, webhooks: { aggregationWindowMs: configuredWaitMs('webhook') } };
  return withApp(sandboxOptions, { ...env, NOTES_SYNC_WAIT_MS: '10000' }, async (r) => {
    const { sandbox } = r;
    if (mode === 'webhook') {
      // As a person does in the integration's settings: subscribe the app's URL, paste the token it received.
      const subscription = sandbox.webhooks.createSubscription({ integrationId: r.clientId, url: `${r.origin}/webhooks/notion` });
      let token = '';
      for (let waited = 0; !token && waited < 10_000; waited += 100) {
        await sleepMs(100);
        const res = await fetch(`${r.origin}/webhooks/notion/verification-token`, { headers: { authorization: `Bearer ${operator}` } });
        if (res.ok) token = String(((await res.json()) as { verificationToken?: string }).verificationToken ?? '');
      }
      if (!token) throw new Error('the app never received the verification token');
      sandbox.webhooks.verifySubscription(subscription.id, token);
    }
    const user = await connectedUser(r, `latency-${mode}`);
    const { personId } = sandbox.control.ensurePerson({ externalId: user.email, name: `latency-${mode}`, email: user.email });
    const note = await postNote(r, user.token, { content: `Edited in Notion, heard by ${mode}.`, enhance: false });
    const pageId = String((note.body.notion as { pageId: string }).pageId);
    const person = sandbox.person(personId);
    const latencies: number[] = [];
    let calls = 0;
    for (let i = 0; i < edits; i += 1) {
      await sleepMs(mode === 'polling' ? Math.random() * 1000 : 200);
      const before = notionCalls(sandbox).length;
      const marker = `edit-${mode}-${i}-${randomUUID().slice(0, 8)}`;
      const since = Date.now();
      await person.appendBlocks(pageId, [paragraph(marker)]);
      await untilNote(r, user.token, String(note.body.id), (copy) => String(copy.content).includes(marker), 120_000);
      latencies.push(Date.now() - since);
      await sleepMs(300);
      calls += notionCalls(sandbox).length - before;
    }
    latencies.sort((a, b) => a - b);
    return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), callsPerChange: calls / edits };
  });
}

async function latency(): Promise<string[]> {
  const row = async (mode: 'webhook' | 'polling', label: string) => {
    const f = await editLatency(mode);
    const wait = configuredWaitMs(mode);
    return `| ${label} ${wait / 1000} s) | ${f.p50} | ${f.p95} | ${round(f.p50 / wait)} / ${round(f.p95 / wait)} | ${round(f.callsPerChange)} |`;
  };
  return [
    "| a person's edit → the product's copy | p50 ms | p95 ms | p50 / p95 ÷ the window or interval | Notion calls per detected change |",
    '|---|---|---|---|---|',
    await row('webhook', 'by webhook (sandbox aggregation window'),
    await row('polling', 'by polling (interval'),
  ];
}

function content(): Promise<string[]> {
  return withApp({ rateLimit: false }, { NOTES_SYNC_WAIT_MS: '20000', NOTION_POLL_INTERVAL_SECONDS: '86400' }, async (r) => {
    const { sandbox } = r;
    const user = await connectedUser(r, 'content');
    const body = Array.from({ length: 250 }, (_, i) => `Paragraph ${i + 1} of a long note.`).join('\n\n');
    const note = await postNote(r, user.token, { content: body, title: 'Long note', enhance: false });
    const patch = async (text: string) => {
      const before = notionCalls(sandbox).length;
      const res = await call(r, 'PATCH', `/notes/${note.body.id}`, user.token, { content: text });
      if (res.status !== 200) throw new Error(`PATCH answered ${res.status}`);
      await untilNote(r, user.token, String(note.body.id), isSynced, 20_000);
      return notionCalls(sandbox).length - before;
    };
    const first = await patch(`${body}\n\nOne more paragraph.`);
    const next = await patch(`${body}\n\nOne more paragraph.\n\nAnd another.`);
    return [
      '| add one paragraph to a 250-block note (PATCH /notes/:id) | Notion calls |',
      '|---|---|',
      `| first edit after creation (the page is read once: look, 3 block pages, append) | ${first} |`,
      `| the next edit (goal ≤ 3) | ${next} |`,
      `| erase and rewrite, before this change | ${1 + Math.ceil(251 / 100)} |`,
    ];
  });
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  const rows: string[] = [];
  if (!only || only === 'webhooks') rows.push(...(await webhooks()), '');
  if (!only || only === 'polling') rows.push(...(await polling()), '');
  if (!only || only === 'latency') rows.push(...(await latency()), '');
  if (!only || only === 'content') rows.push(...(await content()));
  console.log(rows.join('\n'));
}

runBench(main);
