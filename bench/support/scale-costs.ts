import { call, notionCalls, round, sleepMs } from './bench-app';
import { ScaleCluster } from './scale-cluster';
import { simUsers } from './scale-traffic';

/**
 * What one operation costs an instance: CPU ms, PostgreSQL statements, Redis commands (counted in the
 * instance process) and Notion calls (the sandbox's log), each the mean of `n` sequential runs on one
 * instance, less the instance's idle background (the worker's polls) over the same time. The sandbox's
 * rate limit and the app's limiter are out of the way here: waiting costs nothing, the counts matter.
 */
export async function operationCosts(n = Number(process.env.BENCH_COST_RUNS ?? 30)): Promise<string[]> {
  const cluster = await new ScaleCluster(1, { NOTES_SYNC_WAIT_MS: '10000', NOTION_RATE_LIMIT_PER_SECOND: '100' }, false).start();
  try {
    const [user] = await simUsers(cluster, 1, 'cost');
    const instance = cluster.instances[0];
    const idleBefore = await instance.stats();
    const idleStarted = Date.now();
    await sleepMs(3000);
    const idleAfter = await instance.stats();
    const idleMs = Date.now() - idleStarted;
    const background = {
      cpuMs: (idleAfter.cpuMs - idleBefore.cpuMs) / idleMs,
      pg: (idleAfter.pgStatements - idleBefore.pgStatements) / idleMs,
      redis: (idleAfter.redisCommands - idleBefore.redisCommands) / idleMs,
    };
    const rows: string[] = [];
    const measure = async (label: string, run: (i: number) => Promise<number>) => {
      await run(-1); // warm the path once
      const before = await instance.stats();
      const calls = notionCalls(cluster.sandbox).length;
      const started = Date.now();
      for (let i = 0; i < n; i += 1) {
        const status = await run(i);
        if (status < 200 || status >= 300) throw new Error(`${label} answered ${status}`);
      }
      const elapsed = Date.now() - started;
      const after = await instance.stats();
      const per = (delta: number, idle: number) => Math.max(0, (delta - idle * elapsed) / n);
      rows.push(
        `| ${label} | ${round(per(after.cpuMs - before.cpuMs, background.cpuMs), 1)} | ${round(per(after.pgStatements - before.pgStatements, background.pg), 1)} | ${round(per(after.redisCommands - before.redisCommands, background.redis), 1)} | ${round((notionCalls(cluster.sandbox).length - calls) / n, 1)} | ${round(elapsed / n, 1)} |`,
      );
    };
    await measure('sign-in (POST /auth/login)', async () => (await call(cluster, 'POST', '/auth/login', undefined, { email: user.email, password: user.password })).status);
    await measure('authenticated read (GET /auth/me)', async () => (await call(cluster, 'GET', '/auth/me', user.token)).status);
    await measure('notes list (GET /notes, 20)', async () => (await call(cluster, 'GET', '/notes?limit=20', user.token)).status);
    await measure('note written and synced (POST /notes → 201)', async (i) => {
      const res = await call(cluster, 'POST', '/notes', user.token, { content: `Cost note ${i}: the budget review with Sam.\n\n- [ ] send the sheet` });
      return res.status === 202 ? 500 : res.status;
    });
    await measure('page read (GET /pages/:id)', async () => (await call(cluster, 'GET', `/pages/${user.pageIds[0]}`, user.token)).status);
    await measure('tool call over MCP (smart_search_notes)', async () => {
      const res = await fetch(`${cluster.origin}/mcp`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'smart_search_notes', arguments: { q: 'budget' } } }),
      });
      const body = (await res.json()) as { result?: { isError?: boolean } };
      return res.status === 200 && body.result && !body.result.isError ? 200 : 500;
    });
    return [
      `| operation (mean of ${n}, one instance, idle background subtracted) | CPU ms | PostgreSQL statements | Redis commands | Notion calls | wall ms |`,
      '|---|---|---|---|---|---|',
      ...rows,
      `| (idle background per second: the worker's polls and sweeps) | ${round(background.cpuMs * 1000, 1)} | ${round(background.pg * 1000, 1)} | ${round(background.redis * 1000, 1)} | 0 | |`,
    ];
  } finally {
    await cluster.stop();
  }
}
