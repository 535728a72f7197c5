import { bootApp, type TestApp } from '../support/app';
import { untilStatus } from '../support/poll';
import { TcpProxy, throughProxy } from '../support/tcp-proxy';
import { has, itWith } from '../support/requirements';
import { testConfig } from '../support/test-config';

const ready = (t: TestApp) => () => t.http().get('/health/ready');

describe('readiness follows the database and Redis without a restart', () => {
  const base = testConfig();
  const dbProxy = TcpProxy.for(base.database.url as string, 5432);
  const redisProxy = base.redis.url ? TcpProxy.for(base.redis.url, 6379) : undefined;
  let t: TestApp;

  beforeAll(async () => {
    await dbProxy.start();
    await redisProxy?.start();
    t = await bootApp({
      env: {
        DATABASE_URL: throughProxy(base.database.url as string, dbProxy),
        DATABASE_QUERY_TIMEOUT_MS: '2000', // the production default (the bare-clone test config raises it)
        ...(redisProxy && base.redis.url ? { REDIS_URL: throughProxy(base.redis.url, redisProxy) } : {}),
      },
    });
  });
  afterAll(async () => {
    await dbProxy.restore();
    await t.close();
    await dbProxy.close();
    await redisProxy?.close();
  });

  it('is live and ready when everything is up', async () => {
    expect((await t.http().get('/health/live')).status).toBe(200);
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.database.status).toBe('up');
  });

  it('turns 503 when the database goes away and 200 when it is back', async () => {
    await dbProxy.cut();
    const down = await untilStatus(ready(t), 503);
    expect(down.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('database') });
    expect(down.headers['retry-after']).toBe('1');
    await dbProxy.restore();
    await untilStatus(ready(t), 200);
  });

  // The in-memory case is what a run without Redis has; with Redis, the outage below is what matters.
  if (!has('redis')) {
    it('reports the in-memory stores when the run has no Redis', async () => {
      const ready = await t.http().get('/health/ready');
      expect(ready.body.info.redis).toEqual({ status: 'up', store: 'memory' });
    });
  }

  itWith('redis', 'turns 503 when Redis goes away and 200 when it is back', async () => {
    if (!redisProxy) throw new Error('unreachable: REDIS_URL is set');
    await redisProxy.cut();
    const down = await untilStatus(ready(t), 503);
    expect(down.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('redis') });
    expect(down.headers['retry-after']).toBe('1');
    await redisProxy.restore();
    await untilStatus(ready(t), 200);
  });
});
