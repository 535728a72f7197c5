/* eslint-disable no-console -- a benchmark prints its progress */
import { DataSource } from 'typeorm';
import { call, connectedUser, exactlyOnce, isSynced, notionWrites, percentile, round, sleepMs, untilNote, withApp, type BenchUser, type Running } from './bench-app';

/**
 * `npm run bench:notes`, part 4: fairness. With the sandbox's 3 requests/s per integration on, user B's
 * note is timed on an idle system, then again (BENCH_QUIET_SAMPLES times) while user A's burst of
 * BENCH_BURST notes (default 1,000) drains. Prints B's time to synced idle and behind the burst (median
 * and worst, and the worst as a multiple of the idle median), A's Notion writes/s while draining, and
 * notes lost or duplicated, counted as pages in the sandbox.
 */
export function fairness(): Promise<string[]> {
  const burst = Number(process.env.BENCH_BURST ?? 1000);
  const samples = Number(process.env.BENCH_QUIET_SAMPLES ?? 5);
  return withApp({ rateLimit: { requestsPerSecond: 3, burst: 10 } }, { NOTES_SYNC_WAIT_MS: '0', DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '30' }, async (r) => {
    const { sandbox } = r;
    const ds = r.app.get(DataSource);
    const latencyMs = async (id: string) => {
      const [row] = await ds.query(`SELECT EXTRACT(EPOCH FROM (synced_at - created_at)) * 1000 AS ms FROM notes WHERE id = $1`, [id]);
      return Number(row.ms);
    };
    const untilSynced = async (user: BenchUser, id: string) => {
      await untilNote(r, user.token, id, isSynced);
      return latencyMs(id);
    };
    const quietNote = async (user: BenchUser, label: string) => {
      const res = await call(r, 'POST', '/notes', user.token, { content: `${label}: a quiet user's note.`, enhance: false });
      if (res.status !== 201 && res.status !== 202) throw new Error(`POST /notes answered ${res.status}`);
      return untilSynced(user, String(res.body.id));
    };
    const a = await connectedUser(r, 'burst');
    const b = await connectedUser(r, 'quiet');
    for (const user of [a, b]) await quietNote(user, 'warm-up');

    const idle: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      await sleepMs(1100);
      idle.push(await quietNote(b, `idle ${i}`));
    }
    idle.sort((x, y) => x - y);

    console.log(`fairness: A files ${burst} notes…`);
    sandbox.control.clearRequestLog();
    const ids = new Set<string>();
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < burst; i = next++) {
          const res = await call(r, 'POST', '/notes', a.token, { content: `Burst note ${i}: one user files a lot at once.`, enhance: false });
          if (res.status !== 202 && res.status !== 201) throw new Error(`POST /notes answered ${res.status} ${String(res.body.code)}`);
          ids.add(String(res.body.id));
        }
      }),
    );
    const accepted = Date.now() - started;
    const behind: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      behind.push(await quietNote(b, `behind ${i}`));
      await sleepMs(1000);
    }
    behind.sort((x, y) => x - y);
    const [left] = await ds.query(`SELECT count(*)::int AS n FROM note_sync_jobs WHERE integration_id = $1`, [a.integrationId]);
    console.log(`fairness: B measured with ${left.n} of A's notes still queued; draining…`);
    await drain(r, a.integrationId);
    const drained = Date.now() - started;
    const aRate = burstRate(notionWrites(sandbox).filter((e) => e.status < 300));
    const { lost, duplicated } = exactlyOnce(sandbox, ids);
    return [
      `| fairness run | A files ${burst} notes at once (accepted in ${round(accepted / 1000, 1)} s), B writes ${samples} notes behind them; sandbox 3 req/s per integration |`,
      `| B's note, time to synced idle: median / worst (ms) | ${round(percentile(idle, 50), 0)} / ${round(idle[idle.length - 1], 0)} |`,
      `| B's note behind A's burst: median / worst (ms) | ${round(percentile(behind, 50), 0)} / ${round(behind[behind.length - 1], 0)} |`,
      `| B behind the burst ÷ B idle (median; worst ÷ idle median) | ${round(percentile(behind, 50) / percentile(idle, 50))}× ; ${round(behind[behind.length - 1] / percentile(idle, 50))}× (goal ≤ 2×) |`,
      `| A's queue when B's last note synced | ${left.n} of ${burst} |`,
      `| A's Notion writes/s while draining (limit 3, goal ≥ 2.7) | ${round(aRate)} |`,
      `| A's burst drained after (s) | ${round(drained / 1000, 1)} |`,
      `| notes lost / duplicated in Notion (pages counted in the sandbox) | ${lost} / ${duplicated} |`,
    ];
  });
}

/** Writes/s of the busiest integration (A's; B wrote a handful), over the span of its writes. */
function burstRate(writes: { botId: string | null; integrationId: string | null; time: string }[]): number {
  const times = new Map<string, number[]>();
  for (const e of writes) {
    const key = String(e.botId ?? e.integrationId);
    times.set(key, [...(times.get(key) ?? []), Date.parse(e.time)]);
  }
  const busiest = [...times.values()].sort((x, y) => y.length - x.length)[0] ?? [];
  const span = (Math.max(...busiest) - Math.min(...busiest)) / 1000;
  return span > 0 ? (busiest.length - 1) / span : 0;
}

async function drain(r: Running, integrationId: string): Promise<void> {
  const ds = r.app.get(DataSource);
  for (;;) {
    const [row] = await ds.query(`SELECT count(*)::int AS n FROM note_sync_jobs WHERE integration_id = $1`, [integrationId]);
    if (row.n === 0) return;
    await sleepMs(250);
  }
}
