import { call, connectedUser, exactlyOnce, percentile, round, sleepMs, type BenchUser } from './bench-app';
import type { ScaleCluster } from './scale-cluster';

export type Op = 'note' | 'list' | 'read' | 'search' | 'page' | 'tool';
/** The mix each simulated user draws from (weights), between think times. */
export const MIX: Record<Op, number> = { note: 15, list: 25, read: 20, search: 15, page: 10, tool: 15 };
const WORDS = ['budget', 'roadmap', 'hiring', 'launch', 'customer', 'invoice', 'design', 'travel', 'research', 'meeting'];
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

export interface SimUser extends BenchUser {
  noteIds: string[];
  pageIds: string[];
}

export interface TrafficOptions {
  users: number;
  seconds: number;
  thinkMs: number;
  /** Notes one extra user files at once when the traffic starts (0: none). */
  burst: number;
  mix?: Partial<Record<Op, number>>;
  /** Called every `sampleEveryMs` while the traffic runs (soak sampling). */
  onTick?: (elapsedMs: number) => Promise<void>;
  sampleEveryMs?: number;
}

export interface TrafficResult {
  rows: string[];
  opsPerSecond: number;
}

/** Signs up and connects `count` users through the proxy, each with a few synced notes to read and search. */
export async function simUsers(cluster: ScaleCluster, count: number, label: string): Promise<SimUser[]> {
  const target = { origin: cluster.origin, sandbox: cluster.sandbox, clientId: cluster.clientId };
  const users: SimUser[] = [];
  for (let i = 0; i < count; i += 1) users.push({ ...(await connectedUser(target, `${label}${i}`)), noteIds: [], pageIds: [] });
  await Promise.all(
    users.map(async (user) => {
      for (let n = 0; n < 3; n += 1) {
        const res = await call(cluster, 'POST', '/notes', user.token, { content: `Seed note ${n} about the ${pick(WORDS)} and the ${pick(WORDS)}.` });
        if (res.status !== 201 && res.status !== 202) throw new Error(`seed note answered ${res.status} ${String(res.body.code)}`);
        user.noteIds.push(String(res.body.id));
      }
    }),
  );
  for (const user of users) {
    for (const id of user.noteIds) {
      for (let tries = 0; tries < 200; tries += 1) {
        const res = await call(cluster, 'GET', `/notes/${id}`, user.token);
        const page = (res.body.notion as { pageId?: string } | null)?.pageId;
        if (page) {
          user.pageIds.push(page);
          break;
        }
        await sleepMs(100);
      }
    }
  }
  return users;
}

async function runOp(cluster: ScaleCluster, user: SimUser, op: Op): Promise<number> {
  switch (op) {
    case 'note': {
      const res = await call(cluster, 'POST', '/notes', user.token, { content: `About the ${pick(WORDS)}: follow up with the ${pick(WORDS)} team.\n\n- [ ] send the notes` });
      if (res.status === 201 || res.status === 202) user.noteIds.push(String(res.body.id));
      return res.status;
    }
    case 'list':
      return (await call(cluster, 'GET', '/notes?limit=20', user.token)).status;
    case 'read':
      return (await call(cluster, 'GET', `/notes/${pick(user.noteIds)}`, user.token)).status;
    case 'search':
      return (await call(cluster, 'GET', `/notes?q=${pick(WORDS)}`, user.token)).status;
    case 'page':
      return (await call(cluster, 'GET', `/pages/${pick(user.pageIds)}`, user.token)).status;
    case 'tool': {
      const res = await fetch(`${cluster.origin}/mcp`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'smart_search_notes', arguments: { q: pick(WORDS) } } }),
      });
      const body = (await res.json()) as { result?: { isError?: boolean } };
      return res.status === 200 && body.result && !body.result.isError ? 200 : res.status === 200 ? 500 : res.status;
    }
  }
}

/** Drives the mixed traffic, waits for the outbox to drain, and reports latency, fairness and exactly-once. */
export async function drive(cluster: ScaleCluster, users: SimUser[], options: TrafficOptions): Promise<TrafficResult> {
  const mix = { ...MIX, ...options.mix };
  const ops = (Object.keys(mix) as Op[]).flatMap((op) => Array<Op>(mix[op]).fill(op));
  const latencies = new Map<Op, number[]>();
  const failures = new Map<string, number>();
  const startedAt = new Date();
  const started = Date.now();
  const until = started + options.seconds * 1000;
  const burstIds: string[] = [];
  const burstUser = options.burst > 0 ? (await simUsers(cluster, 1, 'burst'))[0] : null;
  const burst = burstUser
    ? Promise.all(
        Array.from({ length: 8 }, async (_, lane) => {
          for (let i = lane; i < options.burst; i += 8) {
            const res = await call(cluster, 'POST', '/notes', burstUser.token, { content: `Burst note ${i}` }).catch(() => null);
            if (res && (res.status === 201 || res.status === 202)) burstIds.push(String(res.body.id));
            else failures.set(`burst ${res?.status ?? -1} ${String(res?.body.code ?? '')}`, (failures.get(`burst ${res?.status ?? -1} ${String(res?.body.code ?? '')}`) ?? 0) + 1);
          }
        }),
      )
    : Promise.resolve([]);
  let ticking = true;
  const ticker = (async () => {
    while (ticking && options.onTick) {
      await options.onTick(Date.now() - started);
      await sleepMs(options.sampleEveryMs ?? 10_000);
    }
  })();
  await Promise.all(
    users.map(async (user) => {
      await sleepMs(Math.random() * options.thinkMs);
      while (Date.now() < until) {
        const op = pick(ops);
        const t0 = performance.now();
        const status = await runOp(cluster, user, op).catch(() => -1);
        const ms = performance.now() - t0;
        if (status >= 200 && status < 300) latencies.set(op, [...(latencies.get(op) ?? []), ms]);
        else failures.set(`${op} ${status}`, (failures.get(`${op} ${status}`) ?? 0) + 1);
        await sleepMs(options.thinkMs * (0.5 + Math.random()));
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  ticking = false;
  await ticker;
  await burst;
  const integrationIds = [...users, ...(burstUser ? [burstUser] : [])].map((u) => u.integrationId);
  const drainStarted = Date.now();
  for (;;) {
    const [row] = await cluster.query<{ n: number }>(`SELECT count(*)::int AS n FROM note_sync_jobs WHERE integration_id = ANY($1::uuid[]) AND NOT parked`, [integrationIds]);
    if (row.n === 0 || Date.now() - drainStarted > 180_000) break;
    await sleepMs(250);
  }
  const drainS = (Date.now() - drainStarted) / 1000;
  const total = [...latencies.values()].reduce((n, l) => n + l.length, 0);
  const rows = [`| operations completed / failed | ${total} / ${[...failures.values()].reduce((a, b) => a + b, 0)}${failures.size ? ` (${[...failures].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''} |`];
  rows.push(`| throughput, all operations (ops/s) | ${round(total / elapsed, 1)} |`);
  for (const op of Object.keys(mix) as Op[]) {
    const sorted = (latencies.get(op) ?? []).sort((a, b) => a - b);
    if (sorted.length) rows.push(`| ${op}: count, p50 / p99 (ms) | ${sorted.length}, ${round(percentile(sorted, 50), 0)} / ${round(percentile(sorted, 99), 0)} |`);
  }
  rows.push(...(await syncFigures(cluster, users, burstUser, startedAt)));
  const allIds = [...users.flatMap((u) => u.noteIds), ...burstIds];
  const states = await cluster.query<{ sync_status: string; n: number }>(`SELECT sync_status, count(*)::int AS n FROM notes WHERE id = ANY($1::uuid[]) GROUP BY sync_status`, [allIds]);
  const { lost, duplicated } = exactlyOnce(cluster.sandbox, allIds);
  rows.push(`| notes written / lost / duplicated in Notion | ${allIds.length} / ${lost} / ${duplicated} (final states: ${states.map((s) => `${s.sync_status} ${s.n}`).join(', ')}; outbox drained ${round(drainS, 1)} s after the traffic) |`);
  const [size] = await cluster.query<{ bytes: string; notes: number }>(
    `SELECT pg_total_relation_size('notes') + pg_total_relation_size('note_sync_jobs') + pg_total_relation_size('note_links') AS bytes, (SELECT count(*)::int FROM notes) AS notes`,
  );
  rows.push(`| database bytes per note (notes, outbox, links, with indexes and TOAST) | ${round(Number(size.bytes) / Math.max(1, size.notes), 0)} (${size.notes} notes) |`);
  return { rows, opsPerSecond: total / elapsed };
}

async function syncFigures(cluster: ScaleCluster, users: SimUser[], burstUser: SimUser | null, since: Date): Promise<string[]> {
  const rows = await cluster.query<{ user_id: string; ms: number }>(
    `SELECT n.user_id, EXTRACT(EPOCH FROM (n.synced_at - n.created_at)) * 1000 AS ms FROM notes n
     WHERE n.created_at >= $1 AND n.synced_at IS NOT NULL AND n.integration_id = ANY($2::uuid[])`,
    [since, users.map((u) => u.integrationId)],
  );
  const perUser = new Map<string, number[]>();
  for (const r of rows) perUser.set(r.user_id, [...(perUser.get(r.user_id) ?? []), Number(r.ms)]);
  const medians = [...perUser.values()].map((l) => percentile(l.sort((a, b) => a - b), 50)).sort((a, b) => a - b);
  const all = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  if (all.length === 0) return [];
  const out = [
    `| note sync latency, all users' notes: p50 / p99 (ms) | ${round(percentile(all, 50), 0)} / ${round(percentile(all, 99), 0)} (${all.length} notes) |`,
    `| fairness: per-user median sync latency, min / median / max (ms) | ${round(medians[0] ?? 0, 0)} / ${round(percentile(medians, 50) ?? 0, 0)} / ${round(medians[medians.length - 1] ?? 0, 0)} (${medians.length} users) |`,
  ];
  if (burstUser) {
    const [b] = await cluster.query<{ n: number; p50: number }>(
      `SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (synced_at - created_at)) * 1000) AS p50 FROM notes WHERE integration_id = $1 AND created_at >= $2 AND synced_at IS NOT NULL`,
      [burstUser.integrationId, since],
    );
    out.push(`| the bursting user's notes: synced, median latency (ms) | ${b.n}, ${round(Number(b.p50 ?? 0), 0)} |`);
  }
  return out;
}
