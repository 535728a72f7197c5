import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/core/database/data-source-options';
import { runMigrations } from '../../src/core/database/run-migrations';
import { assertTestDatabase, TEST_ENV } from './test-env';

/**
 * One database per run: a fresh `pa_test_<run>` database on the server of DATABASE_URL, or a fresh
 * embedded PostgreSQL when DATABASE_URL is unset. Migrations run once, here. Redis (when REDIS_URL is
 * set) is shared, with a key prefix per run and per worker.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const baseUrl = process.env.DATABASE_URL;
  let databaseUrl: string;

  if (baseUrl) {
    const admin = new Client({ connectionString: baseUrl });
    await admin.connect();
    const name = `pa_test_${runId}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    process.env[TEST_ENV.adminDatabaseUrl] = baseUrl;
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'pa-test-pg-'));
    const { url, pid } = await spawnEmbedded(dir);
    const asTest = new URL(url);
    asTest.pathname = '/pa_test'; // PGlite serves one database whatever the name; the name satisfies the guard.
    databaseUrl = asTest.toString();
    process.env[TEST_ENV.embeddedPid] = String(pid);
    process.env[TEST_ENV.embeddedDir] = dir;
  }

  assertTestDatabase(databaseUrl);
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 2));
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  process.env[TEST_ENV.databaseUrl] = databaseUrl;
  process.env[TEST_ENV.redisPrefix] = `pa_test:${runId}:`;
  if (process.env.REDIS_URL) process.env[TEST_ENV.redisUrl] = process.env.REDIS_URL;
}

function spawnEmbedded(dir: string): Promise<{ url: string; pid: number }> {
  const script = path.join(__dirname, 'embedded-postgres.process.ts');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: false,
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n')) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        child.removeAllListeners('exit');
        // Jest must not wait for the database process; global teardown stops it.
        child.unref();
        (child.stdout as unknown as { unref?: () => void }).unref?.();
        resolve({ url: (JSON.parse(line) as { url: string }).url, pid: child.pid ?? 0 });
      }
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
}
