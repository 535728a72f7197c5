/* eslint-disable no-console -- a benchmark prints its figures */
// `npm run bench:scale`: the path past one machine, measured on real PostgreSQL and Redis (DATABASE_URL,
// REDIS_URL; a database and key prefix of its own are created and removed). Three parts:
//   1. costs: CPU ms, PostgreSQL statements, Redis commands and Notion calls of each main operation;
//   2. simulation: BENCH_SCALE_INSTANCES (3) application processes behind a round-robin proxy, the sandbox's
//      3 requests/s per integration on, BENCH_SCALE_USERS (30) users in a closed loop (think time
//      BENCH_SCALE_THINK_MS, 200) writing notes, listing, reading, searching, reading pages and calling a
//      tool over MCP for BENCH_SCALE_SECONDS (30), plus one user filing BENCH_SCALE_BURST (60) notes at
//      once; then the same with one instance, for the ratio;
//   3. `-- --soak`: the same traffic on the instances for BENCH_SOAK_SECONDS (300), sampling each instance's
//      RSS (as found) and live heap (after a forced GC) every BENCH_SOAK_SAMPLE_SECONDS (15); growth is measured from the end
//      of the warm-up (BENCH_SOAK_WARMUP_SECONDS, 60). `-- --soak --mix=list` drives GET /notes only.
// `-- --only=costs|sim|soak` runs one part.
import 'reflect-metadata';
import { round } from './support/bench-app';
import { runBench } from './support/run-bench';
import { ScaleCluster } from './support/scale-cluster';
import { operationCosts } from './support/scale-costs';
import { drive, simUsers, type Op } from './support/scale-traffic';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split('=')[1] ?? (args.includes(`--${name}`) ? 'true' : undefined);
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const traffic = {
  users: num('BENCH_SCALE_USERS', 30),
  seconds: num('BENCH_SCALE_SECONDS', 30),
  thinkMs: num('BENCH_SCALE_THINK_MS', 200),
  burst: num('BENCH_SCALE_BURST', 60),
};
const instances = num('BENCH_SCALE_INSTANCES', 3);

async function simulate(size: number): Promise<{ rows: string[]; opsPerSecond: number }> {
  const cluster = await new ScaleCluster(size, { NOTES_SYNC_POLL_MS: '250' }, true).start();
  try {
    const users = await simUsers(cluster, traffic.users, `sim${size}-`);
    const before = await cluster.stats();
    const result = await drive(cluster, users, traffic);
    const after = await cluster.stats();
    const cpu = after.map((a, i) => round((a.cpuMs - before[i].cpuMs) / 1000, 1));
    return { ...result, rows: [...result.rows, `| CPU seconds per instance over the run | ${cpu.join(' / ')} |`] };
  } finally {
    await cluster.stop();
  }
}

async function soak(): Promise<string[]> {
  const seconds = num('BENCH_SOAK_SECONDS', 300);
  const warmup = num('BENCH_SOAK_WARMUP_SECONDS', 60) * 1000;
  const mixName = flag('mix');
  const mix: Partial<Record<Op, number>> | undefined = mixName === 'list' ? { note: 0, list: 1, read: 0, search: 0, page: 0, tool: 0 } : undefined;
  const cluster = await new ScaleCluster(instances, { NOTES_SYNC_POLL_MS: '250' }, true).start();
  const samples: { at: number; rss: number[]; heap: number[] }[] = [];
  try {
    const users = await simUsers(cluster, traffic.users, 'soak-');
    const result = await drive(cluster, users, {
      ...traffic,
      seconds,
      burst: 0,
      mix,
      sampleEveryMs: num('BENCH_SOAK_SAMPLE_SECONDS', 15) * 1000,
      onTick: async (at) => {
        const stats = await cluster.stats(true);
        const mb = (n: number) => round(n / 2 ** 20, 0);
        samples.push({ at, rss: stats.map((s) => mb(s.memory.rss)), heap: stats.map((s) => mb((s.memoryAfterGc ?? s.memory).heapUsed)) });
        console.log(`soak ${round(at / 1000, 0)} s: RSS ${samples[samples.length - 1].rss.join(' / ')} MB, heap after GC ${samples[samples.length - 1].heap.join(' / ')} MB`);
      },
    });
    const base = samples.find((s) => s.at >= warmup) ?? samples[0];
    const last = samples[samples.length - 1];
    const growth = (from: number[], to: number[]) => to.map((v, i) => `${round(((v - from[i]) / from[i]) * 100, 1)}%`).join(' / ');
    return [
      `| soak | ${instances} instances, ${traffic.users} users, ${seconds} s, mix ${mixName ?? 'mixed'}; warm-up ${warmup / 1000} s |`,
      `| RSS per instance at ${round(base.at / 1000, 0)} s → ${round(last.at / 1000, 0)} s (MB) | ${base.rss.join(' / ')} → ${last.rss.join(' / ')} |`,
      `| RSS growth after warm-up (goal ≤ 10%) | ${growth(base.rss, last.rss)} |`,
      `| heap used after GC at ${round(base.at / 1000, 0)} s → ${round(last.at / 1000, 0)} s (MB) | ${base.heap.join(' / ')} → ${last.heap.join(' / ')} |`,
      `| heap growth after warm-up | ${growth(base.heap, last.heap)} |`,
      ...result.rows,
    ];
  } finally {
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const only = flag('only') ?? (flag('soak') ? 'soak' : undefined);
  if (!only || only === 'costs') {
    console.log('\n' + (await operationCosts()).join('\n'));
  }
  if (!only || only === 'sim') {
    const many = await simulate(instances);
    const one = await simulate(1);
    console.log(`\n| simulation: ${traffic.users} users × ${traffic.seconds} s, think ${traffic.thinkMs} ms, + a ${traffic.burst}-note burst; sandbox 3 req/s per integration | ${instances} instances | 1 instance |\n|---|---|---|`);
    for (let i = 0; i < Math.max(many.rows.length, one.rows.length); i += 1) {
      const [label, a] = splitRow(many.rows[i]);
      const [, b] = splitRow(one.rows[i]);
      console.log(`| ${label} | ${a} | ${b} |`);
    }
    console.log(`| throughput ratio, ${instances} instances ÷ 1 | ${round(many.opsPerSecond / one.opsPerSecond)}× | |`);
  }
  if (only === 'soak') console.log('\n| soak | figure |\n|---|---|\n' + (await soak()).join('\n'));
}

function splitRow(row: string | undefined): [string, string] {
  if (!row) return ['', ''];
  const cells = row.split(' | ');
  return [cells[0].replace(/^\| /, ''), cells.slice(1).join(' | ').replace(/ \|$/, '')];
}

runBench(main);
