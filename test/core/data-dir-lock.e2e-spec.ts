import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../src/core/database/data-dir-lock';

const ROOT = path.resolve(__dirname, '../..');

/** The service as `npm start` runs it, from source, with only the variables given (no DATABASE_URL, no REDIS_URL). */
function startService(dataDir: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every file under `dir` with its size and modification time. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const stat = statSync(path.join(dir, name));
      return `${name} ${stat.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`;
    });
}

describe('one owner per DATA_DIR', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pa-datadir-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('refuses a second instance on the same DATA_DIR, naming the folder and the owner, writing nothing', async () => {
    const dataDir = tempDir();
    const first = startService(dataDir);
    try {
      await until(() => /Listening on/.test(first.output()) || first.child.exitCode !== null, 'the first instance');
      // The one boot line: address, docs, the page, the embedded Notion sandbox, embedded defaults.
      expect(first.output()).toMatch(
        /Listening on http:\/\/127\.0\.0\.1:\d+; API docs at http:\/\/localhost:0\/docs; open http:\/\/localhost:0\/app in a browser; Notion: embedded sandbox at http:\/\/localhost:\d+; embedded defaults: PostgreSQL \(PGlite in .*\), sessions in the database, in-memory/,
      );
      // The embedded Notion sandbox saves its state a moment after boot; the folder is settled once it has.
      await until(() => existsSync(path.join(dataDir, 'notion-sandbox', 'state.json')), 'the embedded sandbox state');
      const before = snapshot(dataDir);

      const second = startService(dataDir);
      const code = await second.exited;
      expect(code).not.toBe(0);
      expect(second.output()).toContain(`DATA_DIR ${dataDir} is in use by another instance (process ${first.child.pid}`);
      expect(second.output()).not.toContain('Listening on');
      expect(snapshot(dataDir)).toEqual(before);
    } finally {
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    }
    // A clean stop releases the folder.
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  }, 180_000);

  it('takes over a lock left by a process of this host that is gone, and never one of another host', () => {
    const dataDir = tempDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
    writeFileSync(path.join(dataDir, LOCK_FILE), `${gone}@${hostname()}\n`);
    const lock = lockDataDir(dataDir);
    expect(() => lockDataDir(dataDir)).toThrow(DataDirLockedError);
    lock.release();
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    writeFileSync(path.join(dataDir, LOCK_FILE), `4242@another-host.example\n`);
    expect(() => lockDataDir(dataDir)).toThrow(/process 4242 on another-host\.example/);
  });
});
