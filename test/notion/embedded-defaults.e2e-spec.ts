import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseForm } from '../sandbox/support/consent-form';
import { freePort } from '../support/free-port';

const ROOT = path.resolve(__dirname, '../..');

/**
 * `npm start` with nothing configured: the embedded PostgreSQL (PGlite), in-memory stores and the embedded
 * Notion sandbox, in a process of its own as a user runs it. A Notion call that needs the database while
 * the workspace is provisioned once stalled PGlite's one session; this walks sign-up → connect →
 * GET /workspace, twice at once, through that path.
 */
describe('the service on its embedded defaults: sign up, connect Notion, GET /workspace', () => {
  let dataDir: string;
  let child: ChildProcess;
  let base: string;
  let output = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'pa-embedded-'));
    const [port, sandboxPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: dataDir,
        PORT: String(port),
        NOTION_SANDBOX_PORT: String(sandboxPort),
        HOST: '127.0.0.1',
        PUBLIC_URL: base,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (!/Listening on/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the service did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

  it('provisions the workspace once, for concurrent first calls, within the request timeout', async () => {
    const email = `embedded-${Date.now()}@example.com`;
    const password = 'correct horse battery staple';
    const headers = { 'content-type': 'application/json' };
    expect((await fetch(`${base}/auth/register`, { method: 'POST', headers, body: JSON.stringify({ email, password, name: 'Ada' }) })).status).toBe(201);
    const login = await json(await fetch(`${base}/auth/login`, { method: 'POST', headers, body: JSON.stringify({ email, password }) }));
    const auth = { authorization: `Bearer ${String(login.body.token)}` };

    const connect = await fetch(`${base}/integrations/notion/connect`, { headers: auth, redirect: 'manual' });
    expect(connect.status).toBe(302);
    const authorize = new URL(String(connect.headers.get('location')).replace('//localhost:', '//127.0.0.1:'));
    const form = parseForm(await (await fetch(authorize)).text(), 'consent');
    const consent = new URLSearchParams({ ...form.hidden, workspace_id: form.selects.workspace_id[0], action: 'allow' });
    consent.append('page_ids', form.checkboxes.page_ids[0]);
    const back = await fetch(`${authorize.origin}${form.action}`, { method: 'POST', body: consent, redirect: 'manual' });
    const callback = new URL(String(back.headers.get('location')));
    const done = await fetch(`${base}${callback.pathname}${callback.search}`, { headers: auth, redirect: 'manual' });
    expect(new URL(String(done.headers.get('location')), base).searchParams.get('notice')).toBe('connected');

    const timeout = () => AbortSignal.timeout(30_000);
    const [first, second] = await Promise.all([
      json(await fetch(`${base}/workspace`, { headers: auth, signal: timeout() })),
      json(await fetch(`${base}/workspace`, { headers: auth, signal: timeout() })),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual(first.body);
    expect(first.body).toMatchObject({ rootPage: { id: expect.any(String) }, database: { dataSourceId: expect.any(String) } });
  }, 120_000);
});
