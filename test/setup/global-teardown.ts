import { rmSync } from 'node:fs';
import Redis from 'ioredis';
import { Client } from 'pg';
import { TEST_ENV } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const databaseUrl = process.env[TEST_ENV.databaseUrl];
  const adminUrl = process.env[TEST_ENV.adminDatabaseUrl];
  if (databaseUrl && adminUrl) {
    const name = new URL(databaseUrl).pathname.slice(1);
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }

  const pid = Number(process.env[TEST_ENV.embeddedPid] ?? 0);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const dir = process.env[TEST_ENV.embeddedDir];
    if (dir) rmSync(dir, { recursive: true, force: true });
  }

  const redisUrl = process.env[TEST_ENV.redisUrl];
  const prefix = process.env[TEST_ENV.redisPrefix];
  if (redisUrl && prefix) {
    const redis = new Redis(redisUrl, { lazyConnect: true });
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  }
}
