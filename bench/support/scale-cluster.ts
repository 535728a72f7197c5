import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import Redis from 'ioredis';
import { startNotionSandbox, type NotionSandbox } from '../../src/sandbox/notion';
import { sandboxEnv } from './bench-app';
import { RoundRobinProxy } from './round-robin.proxy';
import type { InstanceStats } from './scale-instance';

export interface Instance {
  child: ChildProcess;
  url: string;
  stats(gc?: boolean): Promise<InstanceStats>;
}

/**
 * What `npm run bench:scale` runs on: a database of its own on the PostgreSQL server of DATABASE_URL (created
 * here, dropped on stop), a Redis key prefix of its own, a Notion sandbox in this process, `instances`
 * application processes sharing them, and the round-robin proxy in front.
 */
export class ScaleCluster {
  readonly instances: Instance[] = [];
  sandbox!: NotionSandbox;
  proxy!: RoundRobinProxy;
  clientId = '';
  private databaseUrl = '';
  private readonly name = `bench_scale_${process.pid}_${Date.now()}`;

  constructor(
    private readonly size: number,
    private readonly env: Record<string, string>,
    private readonly rateLimit: boolean,
  ) {}

  get origin(): string {
    return this.proxy.url;
  }

  async start(): Promise<this> {
    const admin = process.env.DATABASE_URL;
    if (!admin || !process.env.REDIS_URL) throw new Error('bench:scale needs DATABASE_URL and REDIS_URL (real PostgreSQL and Redis)');
    const pg = new PgClient({ connectionString: admin });
    await pg.connect();
    await pg.query(`CREATE DATABASE ${this.name}`);
    await pg.end();
    const url = new URL(admin);
    url.pathname = `/${this.name}`;
    this.databaseUrl = url.toString();
    this.sandbox = await startNotionSandbox({ port: 0, rateLimit: this.rateLimit ? { requestsPerSecond: 3, burst: 10 } : false });
    const target = sandboxEnv(this.sandbox);
    this.clientId = target.clientId;
    const env = { ...process.env, ...target.env, DATABASE_URL: this.databaseUrl, REDIS_KEY_PREFIX: `${this.name}:`, DATA_DIR: `./.data/${this.name}`, ...this.env };
    // The first runs the migrations (under the advisory lock the others would wait on anyway).
    this.instances.push(await startInstance(env));
    this.instances.push(...(await Promise.all(Array.from({ length: this.size - 1 }, () => startInstance(env)))));
    this.proxy = await new RoundRobinProxy(this.instances.map((i) => ({ host: '127.0.0.1', port: Number(new URL(i.url).port) }))).start();
    return this;
  }

  async stats(gc = false): Promise<InstanceStats[]> {
    return Promise.all(this.instances.map((i) => i.stats(gc)));
  }

  async stop(): Promise<void> {
    await this.proxy?.close();
    await Promise.all(
      this.instances.map(
        (i) =>
          new Promise<void>((resolve) => {
            i.child.once('exit', () => resolve());
            i.child.send({ type: 'stop' });
            setTimeout(() => i.child.kill('SIGKILL'), 15_000).unref();
          }),
      ),
    );
    await this.sandbox?.close();
    const redis = new Redis(String(process.env.REDIS_URL));
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.name}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
    const pg = new PgClient({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    await pg.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
    await pg.end();
  }

  /** Runs SQL on the cluster's database (the benchmark's own checks: sync latency, outbox, states). */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const pg = new PgClient({ connectionString: this.databaseUrl });
    await pg.connect();
    try {
      return (await pg.query(sql, params)).rows as T[];
    } finally {
      await pg.end();
    }
  }
}

function startInstance(env: NodeJS.ProcessEnv): Promise<Instance> {
  const child = fork(join(__dirname, 'scale-instance.ts'), [], {
    env,
    execArgv: ['-r', 'ts-node/register/transpile-only', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`instance exited with ${code} before it was ready`)));
    child.once('message', (message: { type: string; url?: string; message?: string }) => {
      if (message.type !== 'ready') return reject(new Error(`instance failed: ${message.message}`));
      child.removeAllListeners('exit');
      resolve({
        child,
        url: String(message.url),
        stats: (gc = false) =>
          new Promise<InstanceStats>((done) => {
            const listen = (answer: InstanceStats) => {
              if (answer.type !== 'stats') return;
              child.off('message', listen);
              done(answer);
            };
            child.on('message', listen);
            child.send({ type: 'stats', gc });
          }),
      });
    });
  });
}
