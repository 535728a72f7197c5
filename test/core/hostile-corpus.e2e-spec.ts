import type { AddressInfo } from 'node:net';
import { bootApp, type TestApp } from '../support/app';
import { signUp, type SignedIn } from '../support/auth';
import {
  CORPUS,
  PATH_VALUES,
  documentedOperations,
  sendHostile,
  withParams,
  type HostileRequest,
  type Operation,
} from './support/hostile-corpus';

describe('a hostile corpus against every documented operation', () => {
  let t: TestApp;
  let base: string;
  let user: SignedIn;

  beforeAll(async () => {
    t = await bootApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    user = await signUp(t, 'hostile');
  });
  afterAll(() => t.close());

  /** A live token: operations that end sessions get a fresh one each time. */
  const tokenFor = async (operation: Operation): Promise<string> =>
    operation.path.includes('logout') ? (await signUp(t, 'hostile-logout')).token : user.token;

  const send = (operation: Operation, url: string, request: HostileRequest, token?: string) =>
    sendHostile(base, operation, url, request, token);

  it('never answers 5xx, with or without a session', async () => {
    const operations = documentedOperations();
    expect(operations.length).toBeGreaterThanOrEqual(9);
    const failures: string[] = [];
    let sent = 0;
    const attempt = async (operation: Operation, url: string, request: HostileRequest) => {
      for (const signedIn of [false, true]) {
        const status = await send(operation, url, request, signedIn ? await tokenFor(operation) : undefined);
        sent += 1;
        if (status >= 500) failures.push(`${status} ${operation.method} ${url.slice(0, 80)} ${request.name}${signedIn ? ' (signed in)' : ''}`);
      }
    };
    for (const operation of operations) {
      for (const request of CORPUS) await attempt(operation, withParams(operation.path, PATH_VALUES[PATH_VALUES.length - 1]), request);
      if (!operation.path.includes('{')) continue;
      for (const value of PATH_VALUES) {
        for (const request of CORPUS.slice(4, 8)) await attempt(operation, withParams(operation.path, value), request);
      }
    }
    expect(sent).toBeGreaterThan(700);
    expect(failures).toEqual([]);
  }, 600_000);

  it('keeps answering /health/live while clients send deep bodies', async () => {
    const deep = CORPUS.find((r) => r.name === '500 KB of nesting') as HostileRequest;
    const login = { method: 'POST', path: '/auth/login' };
    const flood = Array.from({ length: 4 }, () => send(login, login.path, deep));
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    for (const status of await Promise.all(flood)) expect(status).toBe(400);
  });
});
