import { APIErrorCode, APIResponseError, Client, RequestTimeoutError, UnknownHTTPResponseError } from '@notionhq/client';
import { World, startWorld, text } from './support/sandbox-world';

/** The SDK keeps fetch's Headers but types them loosely. */
function retryAfter(error: APIResponseError): string | null {
  return (error.headers as Headers).get('retry-after');
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
}

describe('Notion sandbox rate limiting', () => {
  let world: World;

  beforeAll(async () => {
    // A slow refill keeps the burst assertion independent of how busy the machine is: 8 calls must only
    // land within 2 s for at least 3 to be refused.
    world = await startWorld({ rateLimit: { requestsPerSecond: 0.5, burst: 5, retryAfterSeconds: 1 } });
  });

  afterAll(async () => {
    await world.sandbox.close();
    expect(world.contract.violations).toEqual([]);
  });

  it('answers a burst over the rate with 429 rate_limited and Retry-After, per token; the SDK retry then succeeds', async () => {
    const burst = await Promise.allSettled(Array.from({ length: 8 }, () => world.client(world.internalA.token).users.me({})));
    const rejected = burst.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as APIResponseError);
    expect(rejected.length).toBeGreaterThanOrEqual(3);
    for (const error of rejected) {
      expect(error).toMatchObject({ status: 429, code: APIErrorCode.RateLimited });
      expect(retryAfter(error)).toBe('1');
    }
    // Another integration's token has its own bucket.
    await expect(world.client(world.internalB.token).users.me({})).resolves.toMatchObject({ type: 'bot' });

    const patient = world.client(world.internalA.token, { retry: { maxRetries: 3, initialRetryDelayMs: 100, maxRetryDelayMs: 2000 } });
    const limitedSoFar = () => world.sandbox.control.tokenCounters().find((c) => c.botId === world.internalA.botId)?.rateLimited ?? 0;
    // Drain the bucket until the sandbox refuses, so the patient call below starts refused too.
    while ((await world.client(world.internalA.token).users.me({}).then(() => 200, (e: APIResponseError) => e.status)) !== 429);
    const before = limitedSoFar();
    await expect(patient.users.me({})).resolves.toMatchObject({ id: world.internalA.botId });
    expect(limitedSoFar()).toBeGreaterThan(before);
    const counters = world.sandbox.control.tokenCounters().find((c) => c.botId === world.internalA.botId);
    expect(counters?.tokenHint).not.toBe(world.internalA.token);
  });
});

describe('Notion sandbox fault injection, seen from the SDK', () => {
  let world: World;
  let notion: Client;
  let patient: Client;

  beforeAll(async () => {
    world = await startWorld();
    notion = world.client(world.internalA.token);
    patient = world.client(world.internalA.token, { retry: { maxRetries: 2, initialRetryDelayMs: 10, maxRetryDelayMs: 50 } });
  });

  afterEach(() => world.sandbox.control.clearFaults());

  afterAll(async () => {
    await world.sandbox.close();
    expect(world.contract.violations).toEqual([]);
  });

  it.each([
    [500, APIErrorCode.InternalServerError],
    [503, APIErrorCode.ServiceUnavailable],
    [504, APIErrorCode.GatewayTimeout],
    [529, APIErrorCode.ServiceOverload],
  ] as const)('status %i → APIResponseError %s with Notion’s body', async (status, code) => {
    world.sandbox.control.injectFault({ kind: 'status', status, method: 'GET', path: '/v1/users/me' });
    expect(await caught(notion.users.me({}))).toMatchObject({ status, code });
    await expect(notion.users.me({})).resolves.toMatchObject({ type: 'bot' });
  });

  it('status 502 → the SDK has no code for bad_gateway and reports UnknownHTTPResponseError', async () => {
    world.sandbox.control.injectFault({ kind: 'status', status: 502 });
    const error = await caught(notion.users.me({}));
    expect(UnknownHTTPResponseError.isUnknownHTTPResponseError(error)).toBe(true);
    expect(JSON.parse((error as UnknownHTTPResponseError).body)).toMatchObject({ code: 'bad_gateway', status: 502 });
  });

  it('retries the next N failing GETs, not failing POSTs (500 is not safe to retry for writes)', async () => {
    world.sandbox.control.injectFault({ kind: 'status', status: 500, path: '/v1/blocks/{block_id}/children', times: 2 });
    await expect(patient.blocks.children.list({ block_id: world.pageA })).resolves.toMatchObject({ object: 'list' });
    world.sandbox.control.injectFault({ kind: 'status', status: 500, method: 'POST', path: '/v1/search' });
    expect(await caught(patient.search({}))).toMatchObject({ code: APIErrorCode.InternalServerError });
    world.sandbox.control.injectFault({ kind: 'status', status: 529, method: 'POST', path: '/v1/search' });
    await expect(patient.search({})).resolves.toMatchObject({ object: 'list' });
  });

  it('429 with a given Retry-After: the SDK waits that long and succeeds', async () => {
    world.sandbox.control.injectFault({ kind: 'rate_limit', retryAfterSeconds: 1, path: '/v1/users/me' });
    const started = Date.now();
    await expect(world.client(world.internalA.token, { retry: { maxRetries: 1, maxRetryDelayMs: 5000 } }).users.me({})).resolves.toMatchObject({ type: 'bot' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('adds latency', async () => {
    world.sandbox.control.injectFault({ kind: 'latency', latencyMs: 300, path: '/v1/users/*' });
    const started = Date.now();
    await notion.users.me({});
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('resets the connection: the SDK sees a network error, not a Notion error', async () => {
    world.sandbox.control.injectFault({ kind: 'reset', path: '/v1/users/me' });
    const error = await caught(notion.users.me({}));
    // fetch's own error (undici lives in another realm, so no instanceof here).
    expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(APIResponseError.isAPIResponseError(error)).toBe(false);
    expect(world.sandbox.control.requestLog().at(-1)).toMatchObject({ fault: 'reset', status: 0 });
  });

  it('never answers: the SDK times out', async () => {
    world.sandbox.control.injectFault({ kind: 'hang', path: '/v1/users/me' });
    const quick = world.client(world.internalA.token, { timeoutMs: 200 });
    const error = await caught(quick.users.me({}));
    expect(RequestTimeoutError.isRequestTimeoutError(error)).toBe(true);
  });

  it('does the write, then fails the response: the client cannot know the create happened, but it did', async () => {
    world.sandbox.control.injectFault({ kind: 'fail_after_write', status: 504, method: 'POST', path: '/v1/pages' });
    const error = await caught(patient.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Maybe created') } } }));
    expect(error).toMatchObject({ status: 504, code: APIErrorCode.GatewayTimeout });
    const found = await notion.search({ query: 'Maybe created' });
    expect(found.results).toHaveLength(1);
  });

  it('applies a fault to a fraction of matching calls', async () => {
    world.sandbox.control.injectFault({ kind: 'status', status: 503, path: '/v1/users/me', probability: 1 });
    for (let i = 0; i < 3; i += 1) expect(await caught(notion.users.me({}))).toMatchObject({ status: 503 });
    world.sandbox.control.clearFaults();
    world.sandbox.control.injectFault({ kind: 'status', status: 503, path: '/v1/users/me', probability: 0 });
    await expect(notion.users.me({})).resolves.toMatchObject({ type: 'bot' });
  });

  it('logs every request with time, method, path, bot and status', () => {
    const log = world.sandbox.control.requestLog();
    expect(log.length).toBeGreaterThan(10);
    expect(log.find((e) => e.fault === 'fail_after_write')).toMatchObject({ method: 'POST', path: '/v1/pages', status: 504, botId: world.internalA.botId });
    expect(log[0]).toEqual(expect.objectContaining({ time: expect.any(String), method: expect.any(String), path: expect.any(String), status: expect.any(Number) }));
  });
});

describe('Notion sandbox default rate limit', () => {
  it('limits like Notion unless told otherwise', async () => {
    const world = await startWorld({ rateLimit: undefined });
    try {
      const results = await Promise.allSettled(Array.from({ length: 15 }, () => world.client(world.internalA.token).users.me({})));
      const limited = results.filter((r) => r.status === 'rejected');
      expect(limited.length).toBeGreaterThan(0);
      const reason = (limited[0] as PromiseRejectedResult).reason as APIResponseError;
      expect(Number(retryAfter(reason))).toBeGreaterThanOrEqual(1);
    } finally {
      await world.sandbox.close();
    }
  });
});
