/* eslint-disable no-console -- a benchmark prints its figures */
// `npm run bench:webhooks`: what recording changes for webhooks costs a write, and how fast the sandbox
// delivers. Two in-process sandboxes take the same writes through the official SDK: one with no
// subscription (the common case: changes are dropped at once), one with a verified subscription whose
// receiver answers 200. Figures are printed side by side, so machines compare as ratios.
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from '@notionhq/client';
import { NotionSandbox, startNotionSandbox } from '../src/sandbox/notion';
import { benchWorkspace } from './support/notion-handle';
import { runBench } from './support/run-bench';
import { timed } from './support/timed';

const WRITES = 300;
const CONCURRENCY = 5;

async function receiver(): Promise<{ url: string; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function setup(sandbox: NotionSandbox) {
  const c = sandbox.control;
  const { personId: person, workspaceId } = benchWorkspace(sandbox);
  const pageId = String(c.seedPage({ workspaceId, title: 'Bench page', createdBy: person }).id);
  const integration = c.createIntegration({ name: 'Bench', kind: 'internal', workspaceId, pageIds: [pageId] });
  const notion = new Client({ baseUrl: sandbox.url, auth: String(integration.token), notionVersion: '2026-03-11', retry: false, logger: () => undefined });
  return { notion, pageId, integrationId: integration.id };
}

const writes = (notion: Client, pageId: string, count = WRITES): Promise<number> =>
  timed(count, CONCURRENCY, (n) => notion.blocks.children.append({ block_id: pageId, children: [{ paragraph: { rich_text: [{ text: { content: `line ${n}` } }] } }] }));

async function main(): Promise<void> {
  const quiet = await startNotionSandbox({ rateLimit: false });
  const hooked = await startNotionSandbox({ rateLimit: false, webhooks: { aggregationWindowMs: 0 } });
  const aggregated = await startNotionSandbox({ rateLimit: false, webhooks: { aggregationWindowMs: 60_000 } });
  const sink = await receiver();
  const subscribe = async (sandbox: NotionSandbox, integrationId: string) => {
    const sub = sandbox.webhooks.createSubscription({ integrationId, url: sink.url });
    await sandbox.webhooks.settled();
    const token = (JSON.parse(sink.received.pop() ?? '{}') as { verification_token: string }).verification_token;
    sandbox.webhooks.verifySubscription(sub.id, token);
  };
  const a = setup(quiet);
  const b = setup(hooked);
  const c = setup(aggregated);
  await subscribe(hooked, b.integrationId);
  await subscribe(aggregated, c.integrationId);

  // Warm-up (JIT, the validator's compiled schemas, connections), delivered and forgotten.
  for (const s of [a, b, c]) await writes(s.notion, s.pageId, 30);
  aggregated.webhooks.flush();
  await Promise.all([hooked.webhooks.settled(), aggregated.webhooks.settled()]);
  hooked.webhooks.clearDeliveries();
  sink.received.length = 0;

  const quietMs = await writes(a.notion, a.pageId);
  const hookedStart = process.hrtime.bigint();
  const hookedMs = await writes(b.notion, b.pageId);
  await hooked.webhooks.settled();
  const deliveredMs = Number(process.hrtime.bigint() - hookedStart) / 1e6;
  const deliveredEvents = sink.received.length;
  const log = hooked.webhooks.deliveries();
  const durations = log.map((e) => e.durationMs).sort((x, y) => x - y);
  sink.received.length = 0;
  const aggregatedMs = await writes(c.notion, c.pageId);
  aggregated.webhooks.flush();
  await aggregated.webhooks.settled();

  console.log(`${WRITES} appends through the SDK, ${CONCURRENCY} at a time`);
  console.log(`  no subscription:                 ${quietMs.toFixed(0)} ms (${((quietMs * 1000) / WRITES).toFixed(0)} µs per write)`);
  console.log(`  one subscription, window 0:      ${hookedMs.toFixed(0)} ms for the writes (×${(hookedMs / quietMs).toFixed(2)}), ${deliveredMs.toFixed(0)} ms until all ${deliveredEvents} events were delivered`);
  console.log(`  delivery attempt duration:       median ${durations[Math.floor(durations.length / 2)] ?? 0} ms, p95 ${durations[Math.floor(durations.length * 0.95)] ?? 0} ms`);
  console.log(`  one subscription, 60 s window:   ${aggregatedMs.toFixed(0)} ms for the writes, ${sink.received.length} event(s) after flush`);

  await Promise.all([quiet.close(), hooked.close(), aggregated.close()]);
  await sink.close();
}

runBench(main);
