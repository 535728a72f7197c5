import { FaultInjector } from '../../src/sandbox/notion/traffic/faults';
import { RateLimiter } from '../../src/sandbox/notion/traffic/rate-limiter';
import { readStandaloneConfig } from '../../src/sandbox/notion/standalone-config';

describe('RateLimiter', () => {
  it('allows the burst, then the average rate, and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 3, burst: 5 }, () => now);
    for (let i = 0; i < 5; i += 1) expect(limiter.take('t')).toEqual({ allowed: true });
    expect(limiter.take('t')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('other')).toEqual({ allowed: true });
    now += 1000;
    for (let i = 0; i < 3; i += 1) expect(limiter.take('t')).toEqual({ allowed: true });
    expect(limiter.take('t').allowed).toBe(false);
  });

  it('can be switched off and can use a fixed Retry-After', () => {
    const off = new RateLimiter(null, () => 0);
    for (let i = 0; i < 100; i += 1) expect(off.take('t').allowed).toBe(true);
    const slow = new RateLimiter({ requestsPerSecond: 0.1, burst: 1, retryAfterSeconds: 2 }, () => 0);
    slow.take('t');
    expect(slow.take('t')).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });
});

describe('FaultInjector', () => {
  it('matches method and path (exact, template or prefix) for the next N calls', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'status', status: 500, method: 'post', path: '/v1/pages', times: 2 });
    faults.add({ kind: 'latency', latencyMs: 5, path: '/v1/blocks/*' });
    faults.add({ kind: 'reset', path: '/v1/pages/{page_id}' });
    expect(faults.take('GET', '/v1/pages', '/v1/pages')).toBeNull();
    expect(faults.take('POST', '/v1/pages', '/v1/pages')?.kind).toBe('status');
    expect(faults.take('POST', '/v1/pages', '/v1/pages')?.kind).toBe('status');
    expect(faults.take('POST', '/v1/pages', '/v1/pages')).toBeNull();
    expect(faults.take('GET', '/v1/blocks/abc/children', '/v1/blocks/{block_id}/children')?.kind).toBe('latency');
    expect(faults.take('GET', '/v1/pages/abc', '/v1/pages/{page_id}')?.kind).toBe('reset');
    expect(faults.list()).toEqual([]);
  });

  it('applies a fraction of calls when given a probability', () => {
    const rolls = [0.1, 0.9, 0.2, 0.8];
    const faults = new FaultInjector(() => rolls.shift() ?? 1);
    faults.add({ kind: 'status', status: 503, probability: 0.5 });
    const hits = [0, 1, 2, 3].map(() => faults.take('GET', '/v1/users/me', '/v1/users/me') !== null);
    expect(hits).toEqual([true, false, true, false]);
    expect(faults.list()[0]).toMatchObject({ applied: 2, remaining: null });
  });
});

describe('standalone configuration', () => {
  it('reads the environment into options', () => {
    const { options } = readStandaloneConfig({ NOTION_SANDBOX_PORT: '5000', NOTION_SANDBOX_RATE_LIMIT: '0', NOTION_SANDBOX_REDIRECT_URIS: 'http://localhost/a,http://localhost/b' });
    expect(options).toMatchObject({ port: 5000, rateLimit: false, control: true, demo: { redirectUris: ['http://localhost/a', 'http://localhost/b'] } });
    expect(readStandaloneConfig({}).options).toMatchObject({ port: 4010, rateLimit: {}, accessTokenTtlSeconds: null });
  });

  it('reads the control token, refusing a short one by name', () => {
    expect(readStandaloneConfig({ NOTION_SANDBOX_CONTROL_TOKEN: 'a-control-token-of-some-length' }).options.controlToken).toBe('a-control-token-of-some-length');
    expect(readStandaloneConfig({}).options.controlToken).toBeUndefined();
    expect(() => readStandaloneConfig({ NOTION_SANDBOX_CONTROL_TOKEN: 'short' })).toThrow(/NOTION_SANDBOX_CONTROL_TOKEN$/);
  });

  it('names bad variables without echoing their values', () => {
    expect(() => readStandaloneConfig({ NOTION_SANDBOX_PORT: 'secret-port', NOTION_SANDBOX_RATE_LIMIT: '-1' })).toThrow(/NOTION_SANDBOX_PORT, NOTION_SANDBOX_RATE_LIMIT$/);
  });
});
