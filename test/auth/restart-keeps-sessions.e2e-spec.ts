import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../support/free-port';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

/**
 * The embedded defaults (no DATABASE_URL, no REDIS_URL) keep sessions in the embedded database: a browser
 * and an API client signed in before a restart are still signed in after it, with the same cookie and token.
 */
describe('a restart on the embedded defaults signs nobody out', () => {
  let dataDir: string;
  let service: ServiceProcess | undefined;

  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the same cookie and bearer token work after stop and start on the same DATA_DIR', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'pa-restart-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      NOTION_SANDBOX_PORT: String(await freePort()),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      LOG_LEVEL: 'warn',
    };
    service = await startServiceProcess(env, base);
    const headers = { 'content-type': 'application/json' };
    const account = { email: `restart-${Date.now()}@example.com`, password: 'correct horse battery staple' };
    expect((await fetch(`${base}/auth/register`, { method: 'POST', headers, body: JSON.stringify({ ...account, name: 'Ada' }) })).status).toBe(201);
    const signIn = async () => {
      const login = await fetch(`${base}/auth/login`, { method: 'POST', headers, body: JSON.stringify(account) });
      expect(login.status).toBe(200);
      const token = ((await login.json()) as { token: string }).token;
      const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('pa_session=')) ?? '').split(';')[0];
      expect(cookie).toMatch(/^pa_session=.+/);
      return { token, cookie };
    };
    const browser = await signIn();
    const ended = await signIn();
    const me = (auth: Record<string, string>) => fetch(`${base}/auth/me`, { headers: auth });
    expect((await me({ authorization: `Bearer ${browser.token}` })).status).toBe(200);
    expect((await fetch(`${base}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${ended.token}` } })).status).toBe(204);

    expect(await service.stop()).toBe(0);
    service = await startServiceProcess(env, base);

    const byToken = await me({ authorization: `Bearer ${browser.token}` });
    expect(byToken.status).toBe(200);
    expect(((await byToken.json()) as { email: string }).email).toBe(account.email);
    expect((await me({ cookie: browser.cookie })).status).toBe(200);
    // A session ended before the restart stays ended after it.
    expect((await me({ cookie: ended.cookie })).status).toBe(401);
  }, 300_000);
});
