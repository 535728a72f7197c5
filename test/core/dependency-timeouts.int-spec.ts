import type { Response } from 'supertest';
import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp, type SignedIn } from '../support/auth';
import { untilStatus } from '../support/poll';
import { describeWith } from '../support/requirements';
import { TcpProxy, throughProxy } from '../support/tcp-proxy';
import { testConfig } from '../support/test-config';

/**
 * A generous bound, far above the 3 s the defaults are meant to keep (bench/ measures that): it separates
 * "failed fast" from "hung until something else gave up" (the 18 s and 22 s seen before timeouts).
 */
const HANG_MS = 8_000;

/** The request, with a client-side deadline so a hang fails the test instead of stalling it. */
async function timed(request: () => PromiseLike<Response>): Promise<{ res: Response; ms: number }> {
  const started = Date.now();
  const res = await request();
  return { res, ms: Date.now() - started };
}

function expectUnavailable({ res, ms }: { res: Response; ms: number }): void {
  expect({ status: res.status, code: res.body.code, retryAfter: res.headers['retry-after'] }).toEqual({
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    retryAfter: expect.stringMatching(/^[1-9]\d*$/),
  });
  expect(ms).toBeLessThan(HANG_MS);
}

// A dependency that accepts connections and then says nothing (a partition, a frozen VM) must cost a
// request a short, bounded wait and a 503 the client can retry, and the service must come back on its own.
describe('a blackholed PostgreSQL', () => {
  const base = testConfig();
  const proxy = TcpProxy.for(base.database.url as string, 5432);
  let t: TestApp;

  beforeAll(async () => {
    await proxy.start();
    // The production default (2 s), set here: the bare-clone test config raises it for the shared embedded database.
    t = await bootApp({ env: { DATABASE_URL: throughProxy(base.database.url as string, proxy), DATABASE_QUERY_TIMEOUT_MS: '2000' } });
  });
  afterAll(async () => {
    await proxy.restore();
    await t.close();
    await proxy.close();
  });

  it('answers 503 with Retry-After at once on routes and readiness, and 200 again when it answers', async () => {
    const user = await signUp(t, 'pg-blackhole');
    const me = () => t.http().get('/auth/me').set(...bearer(user.token)).timeout(HANG_MS * 2);
    // A route that needs PostgreSQL (the user's API keys); /auth/me may not, once its user row is cached.
    const keys = () => t.http().get('/auth/api-keys').set(...bearer(user.token)).timeout(HANG_MS * 2);
    // A public route with a body: the sign-in reads the account (PostgreSQL) and its limits (Redis).
    const login = (u: SignedIn) =>
      t.http().post('/auth/login').send({ email: u.email, password: u.password }).timeout(HANG_MS * 2);
    expect((await me()).status).toBe(200);

    expect((await keys()).status).toBe(200);

    proxy.blackhole();
    expectUnavailable(await timed(keys));
    // Again: the pool's connections are the ones that hung; the next request must not wait longer.
    expectUnavailable(await timed(keys));
    expectUnavailable(await timed(() => login(user)));
    expectUnavailable(await timed(() => t.http().get('/health/ready').timeout(HANG_MS * 2)));

    await proxy.restore();
    expect((await untilStatus(me, 200, 15_000)).body.id).toBe(user.userId);
    expect((await untilStatus(() => t.http().get('/health/ready'), 200, 15_000)).status).toBe(200);
  }, 60_000);
});

describeWith('redis', 'a blackholed Redis', () => {
  const base = testConfig();
  const proxy = TcpProxy.for(base.redis.url ?? 'redis://127.0.0.1:6379', 6379);
  let t: TestApp;

  beforeAll(async () => {
    await proxy.start();
    // The global throttle on, as shipped: its Redis storage is the first thing every route touches.
    t = await bootApp({ env: { REDIS_URL: throughProxy(base.redis.url as string, proxy), THROTTLE_LIMIT: '600' } });
  });
  afterAll(async () => {
    await proxy.restore();
    await t.close();
    await proxy.close();
  });

  it('answers 503 with Retry-After at once on routes and readiness, and 200 again when it answers', async () => {
    const user = await signUp(t, 'redis-blackhole');
    const me = () => t.http().get('/auth/me').set(...bearer(user.token)).timeout(HANG_MS * 2);
    // A public route with a body: the sign-in reads the account (PostgreSQL) and its limits (Redis).
    const login = (u: SignedIn) =>
      t.http().post('/auth/login').send({ email: u.email, password: u.password }).timeout(HANG_MS * 2);
    expect((await me()).status).toBe(200);

    proxy.blackhole();
    expectUnavailable(await timed(me));
    expectUnavailable(await timed(me));
    expectUnavailable(await timed(() => login(user)));
    expectUnavailable(await timed(() => t.http().get('/health/ready').timeout(HANG_MS * 2)));

    await proxy.restore();
    // The same session: a Redis that hung has lost nothing.
    expect((await untilStatus(me, 200, 15_000)).body.id).toBe(user.userId);
    expect((await untilStatus(() => t.http().get('/health/ready'), 200, 15_000)).status).toBe(200);
  }, 60_000);
});
