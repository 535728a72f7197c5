import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../support/free-port';

const ROOT = path.resolve(__dirname, '../..');

/** The socket inodes a process holds open, from /proc/<pid>/fd. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed while listing
    }
  }
  return inodes;
}

/** The TCP ports the process listens on (state 0A in /proc/net/tcp and tcp6). */
function listeningTcpPorts(pid: number): number[] {
  const inodes = socketInodes(pid);
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A' || !inodes.has(cols[9])) continue;
      ports.add(parseInt(cols[1].split(':')[1], 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** The paths of the Unix sockets the process listens on (/proc/net/unix, state 01 with the listening flag). */
function listeningUnixPaths(pid: number): string[] {
  const inodes = socketInodes(pid);
  return readFileSync('/proc/net/unix', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 8 && inodes.has(cols[6]) && (parseInt(cols[3], 16) & 0x10000) !== 0)
    .map((cols) => cols[7])
    .sort();
}

async function until(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Tries the socket from a separate process running as `nobody`; prints the outcome. */
function connectAsNobody(socketPath: string): string {
  const script = `require('net').connect(${JSON.stringify(socketPath)})
    .on('connect', () => { console.log('connected'); process.exit(0); })
    .on('error', (e) => { console.log(e.code); process.exit(0); });`;
  const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script], {
    encoding: 'utf8',
  });
  return `${run.stdout}${run.stderr}`.trim();
}

// PGlite checks no user or password: whoever reaches its socket owns every account. Started as `npm start`
// starts it (no DATABASE_URL), the service must listen on its own port and the sandbox's, nothing else.
describe('the embedded database admits only this service', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pa-socket-'));
  let child: ChildProcess;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on PORT and the sandbox port only, and keeps its database socket in a folder no one else enters', async () => {
    const [port, sandboxPort] = [await freePort(), await freePort()];
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: dataDir,
        PORT: String(port),
        NOTION_SANDBOX_PORT: String(sandboxPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until(() => /Listening on/.test(output) || child.exitCode !== null, 'the service to start');
    expect(output).toContain('Listening on');
    const pid = child.pid as number;

    // The service answers, so it reaches its database through the socket.
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);

    expect(listeningTcpPorts(pid)).toEqual([port, sandboxPort].sort((a, b) => a - b));

    const unix = listeningUnixPaths(pid);
    expect(unix).toEqual([path.join(dataDir, 'pg-socket', '.s.PGSQL.5432')]);
    const folder = statSync(path.dirname(unix[0]));
    expect((folder.mode & 0o777).toString(8)).toBe('700');
    expect(folder.uid).toBe(process.getuid?.());

    // Another OS user is refused at the folder (root may switch users; others cannot, and the mode above is
    // what refuses them).
    if (process.getuid?.() === 0) {
      expect(connectAsNobody(unix[0])).toBe('EACCES');
    }
  }, 180_000);
});
