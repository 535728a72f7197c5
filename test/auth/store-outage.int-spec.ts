import { NotFoundError, unavailableOnError } from '../../src/core/errors/domain-error';
import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp } from '../support/auth';
import { untilStatus } from '../support/poll';
import { TcpProxy, throughProxy } from '../support/tcp-proxy';
import { describeWith } from '../support/requirements';
import { testConfig } from '../support/test-config';

// A Redis outage must look like one to clients (503, retry later), not like a bug (500), and must not
// end anyone's session: when Redis is back, the same token works again.
describe('unavailableOnError', () => {
  it('turns a failing dependency into SERVICE_UNAVAILABLE and lets domain errors through', async () => {
    await expect(unavailableOnError('session store', () => Promise.reject(new Error('ECONNRESET')))).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      options: { retryAfterSeconds: 1 },
    });
    await expect(unavailableOnError('x', () => Promise.reject(new NotFoundError('Session')))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(unavailableOnError('x', () => Promise.resolve(7))).resolves.toBe(7);
  });
});

// Needs a Redis to take away.
describeWith('redis', 'sessions while Redis is down', () => {
  const base = testConfig();
  const proxy = TcpProxy.for(base.redis.url ?? 'redis://127.0.0.1:6379', 6379);
  let t: TestApp;

  beforeAll(async () => {
    await proxy.start();
    // With the global throttle on, as shipped: its Redis storage fails first on every route.
    t = await bootApp({ env: { REDIS_URL: throughProxy(base.redis.url as string, proxy), THROTTLE_LIMIT: '600' } });
  });
  afterAll(async () => {
    await proxy.restore();
    await t.close();
    await proxy.close();
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, then serves the same session again', async () => {
    const user = await signUp(t, 'outage');
    await proxy.cut();
    const down = await t.http().get('/auth/me').set(...bearer(user.token));
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(down.headers['retry-after']).toBe('1');
    // Every kind of route answers so: public, with a body, unknown to the session.
    const login = await t.http().post('/auth/login').send({ email: user.email, password: user.password });
    expect({ status: login.status, code: login.body.code, retryAfter: login.headers['retry-after'] }).toEqual({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      retryAfter: '1',
    });

    await proxy.restore();
    const back = await untilStatus(() => t.http().get('/auth/me').set(...bearer(user.token)), 200, 10_000);
    expect(back.status).toBe(200);
  });
});
