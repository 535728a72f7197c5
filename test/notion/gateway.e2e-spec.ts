import { Logger } from '@nestjs/common';
import { isFullPage } from '@notionhq/client';
import { DomainError } from '../../src/core/errors/domain-error';
import {
  NotionObjectNotFoundError,
  NotionRateLimitedError,
  NotionReauthRequiredError,
  NotionUnavailableError,
  NotionValidationFailedError,
} from '../../src/notion/notion.errors';
import { GatewayInstance, NotionWorld, gatewayInstance, startNotionWorld, text } from './support/notion-world';

/** Gateway behaviour against the sandbox over HTTP: retries, refresh, error mapping, caching. */
describe('NotionGateway', () => {
  let world: NotionWorld;
  let instance: GatewayInstance;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    world = await startNotionWorld();
    instance = gatewayInstance(world);
  });

  afterAll(async () => {
    await instance.close();
    await world.close();
  });

  beforeEach(() => {
    world.sandbox.control.clearFaults();
    world.sandbox.control.clearRequestLog();
    instance.metrics.reset();
  });

  const requests = (route?: string) => world.sandbox.control.requestLog().filter((r) => !route || `${r.method} ${r.route}` === route);

  it('waits out an injected 429 for its Retry-After and then succeeds', async () => {
    const { integrationId } = world.connectUser();
    const notion = instance.factory.forIntegration(integrationId);
    world.sandbox.control.injectFault({ kind: 'rate_limit', path: '/v1/users/me', retryAfterSeconds: 1 });

    const me = await notion.me();

    expect(me.type).toBe('bot');
    expect(requests('GET /v1/users/me').map((r) => r.status)).toEqual([429, 200]);
    expect(instance.metrics.snapshot()).toMatchObject({ calls: 1, attempts: 2, rateLimited: 1, failures: 0 });
  });

  it('answers NOTION_RATE_LIMITED with Retry-After when Notion asks for longer than the wait bound', async () => {
    const impatient = gatewayInstance(world, { NOTION_RATE_LIMIT_MAX_WAIT_MS: '500' });
    try {
      const { integrationId } = world.connectUser();
      world.sandbox.control.injectFault({ kind: 'rate_limit', path: '/v1/users/me', retryAfterSeconds: 3 });

      const error = await impatient.factory.forIntegration(integrationId).me().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(NotionRateLimitedError);
      expect((error as DomainError).options.retryAfterSeconds).toBe(3);
      expect(requests('GET /v1/users/me')).toHaveLength(1);
    } finally {
      await impatient.close();
    }
  });

  it('retries a read that met 503s, with back-off, until it succeeds', async () => {
    const { integrationId } = world.connectUser();
    world.sandbox.control.injectFault({ kind: 'status', status: 503, path: '/v1/users/me', times: 2 });

    await instance.factory.forIntegration(integrationId).me();

    expect(requests('GET /v1/users/me').map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('gives up on a read after NOTION_READ_RETRIES and answers NOTION_UNAVAILABLE', async () => {
    const { integrationId } = world.connectUser();
    world.sandbox.control.injectFault({ kind: 'status', status: 502, path: '/v1/users/me', times: 10 });

    await expect(instance.factory.forIntegration(integrationId).me()).rejects.toBeInstanceOf(NotionUnavailableError);

    expect(requests('GET /v1/users/me')).toHaveLength(1 + instance.config.notion.readRetries);
  });

  it('retries a read whose connection was reset, but not a write', async () => {
    const { integrationId } = world.connectUser();
    const notion = instance.factory.forIntegration(integrationId);
    world.sandbox.control.injectFault({ kind: 'reset', path: '/v1/users/me' });
    await notion.me();
    expect(requests('GET /v1/users/me')).toHaveLength(2);

    world.sandbox.control.injectFault({ kind: 'reset', path: '/v1/pages' });
    await expect(
      notion.createPage({ parent: { type: 'workspace', workspace: true }, properties: { title: { title: text('reset') } } }),
    ).rejects.toBeInstanceOf(NotionUnavailableError);
    expect(requests('POST /v1/pages')).toHaveLength(1);
  });

  it('never retries a write blindly: a 500 after the write happened is reported, not repeated', async () => {
    const { integrationId } = world.connectUser();
    const notion = instance.factory.forIntegration(integrationId);
    world.sandbox.control.injectFault({ kind: 'fail_after_write', status: 500, path: '/v1/pages' });

    const error = await notion
      .createPage({ parent: { type: 'workspace', workspace: true }, properties: { title: { title: text('Once only') } } })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotionUnavailableError);
    expect(requests('POST /v1/pages')).toHaveLength(1);
    const found = await notion.search({ query: 'Once only' });
    expect(found.results).toHaveLength(1);
  });

  it('does not retry a write after a 503 either', async () => {
    const { integrationId } = world.connectUser();
    world.sandbox.control.injectFault({ kind: 'status', status: 503, path: '/v1/pages' });

    await expect(
      instance.factory.forIntegration(integrationId).createPage({ parent: { type: 'workspace', workspace: true }, properties: { title: { title: text('x') } } }),
    ).rejects.toBeInstanceOf(NotionUnavailableError);
    expect(requests('POST /v1/pages')).toHaveLength(1);
  });

  it('refreshes the token once after a 401 and retries with the new one', async () => {
    const { integrationId } = world.connectUser();
    const notion = instance.factory.forIntegration(integrationId);
    await notion.me();
    const before = world.connections.stats.refreshes;
    await world.connections.revokeAtNotion(integrationId);
    world.sandbox.control.clearRequestLog();

    const me = await notion.me();

    expect(me.type).toBe('bot');
    expect(requests('GET /v1/users/me').map((r) => r.status)).toEqual([401, 200]);
    expect(world.connections.stats.refreshes).toBe(before + 1);
    // The refreshed token is the one kept for the next call.
    await notion.me();
    expect(requests('GET /v1/users/me').map((r) => r.status)).toEqual([401, 200, 200]);
  });

  it('answers NOTION_REAUTH_REQUIRED when the refreshed token is refused too, after exactly one retry', async () => {
    const { integrationId } = world.connectUser();
    await world.connections.revokeAtNotion(integrationId);
    world.connections.refreshOverride = 'ntn_revoked_and_useless';
    try {
      const error = await instance.factory.forIntegration(integrationId).me().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotionReauthRequiredError);
      expect(requests('GET /v1/users/me').map((r) => r.status)).toEqual([401, 401]);
    } finally {
      world.connections.refreshOverride = null;
    }
  });

  it('maps Notion errors to domain errors without Notion bodies or tokens', async () => {
    const { integrationId } = world.connectUser();
    const notion = instance.factory.forIntegration(integrationId);

    await expect(notion.retrievePage({ page_id: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(NotionObjectNotFoundError);
    const invalid = await notion
      .createPage({ parent: { type: 'workspace', workspace: true }, properties: { title: { title: text('x'.repeat(2001)) } } })
      .catch((e: unknown) => e);

    expect(invalid).toBeInstanceOf(NotionValidationFailedError);
    expect((invalid as DomainError).code).toBe('NOTION_VALIDATION_FAILED');
    expect((invalid as Error).message).toMatch(/2000/);
    expect((invalid as Error).message).not.toContain(world.connections.accessTokenOf(integrationId));
    expect((invalid as Error).cause).toBeUndefined();
  });

  it('times out a request that hangs and reports NOTION_UNAVAILABLE', async () => {
    const quick = gatewayInstance(world, { NOTION_TIMEOUT_MS: '300' });
    try {
      const { integrationId } = world.connectUser();
      world.sandbox.control.injectFault({ kind: 'hang', path: '/v1/pages' });
      await expect(
        quick.factory.forIntegration(integrationId).createPage({ parent: { type: 'workspace', workspace: true }, properties: { title: { title: text('x') } } }),
      ).rejects.toBeInstanceOf(NotionUnavailableError);
    } finally {
      await quick.close();
    }
  });

  it('caches one handle and token per integration, and drops them when the tokens change', async () => {
    const { integrationId } = world.connectUser();
    const first = instance.factory.forIntegration(integrationId);
    expect(instance.factory.forIntegration(integrationId)).toBe(first);
    const reads = world.connections.stats.tokenReads;
    await first.me();
    await first.me();
    expect(world.connections.stats.tokenReads).toBe(reads + 1);

    world.connections.disconnect(integrationId);

    expect(instance.factory.forIntegration(integrationId)).not.toBe(first);
    await expect(first.me()).rejects.toMatchObject({ code: 'NOTION_NOT_CONNECTED' });
  });

  it('resolves a user to their integration, and refuses one that is not theirs', async () => {
    const ada = world.connectUser('ada');
    const bob = world.connectUser('bob');

    expect((await instance.factory.forUser(ada.userId)).integrationId).toBe(ada.integrationId);
    await expect(instance.factory.forUser(ada.userId, bob.integrationId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(instance.factory.forUser(crypto.randomUUID())).rejects.toMatchObject({ code: 'NOTION_NOT_CONNECTED' });
  });

  it('logs every call with integration, operation, status, duration and attempt, and never the token', async () => {
    const seen: unknown[] = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((line: unknown) => void seen.push(line));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((line: unknown) => void seen.push(line));
    try {
      const { integrationId } = world.connectUser();
      world.sandbox.control.injectFault({ kind: 'status', status: 503, path: '/v1/users/me' });
      await instance.factory.forIntegration(integrationId).me();
      const lines = seen.filter((l) => (l as { operation?: string }).operation === 'users.me');
      expect(lines).toEqual([
        expect.objectContaining({ integrationId, operation: 'users.me', status: 503, attempt: 1, durationMs: expect.any(Number) }),
        expect.objectContaining({ integrationId, operation: 'users.me', status: 200, attempt: 2, durationMs: expect.any(Number) }),
      ]);
      expect(JSON.stringify(seen)).not.toContain(world.connections.accessTokenOf(integrationId));
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('sends pages through the gateway that Notion accepts', async () => {
    const { integrationId } = world.connectUser();
    const page = await instance.factory.forIntegration(integrationId).createPage({
      parent: { type: 'workspace', workspace: true },
      properties: { title: { title: text('Hello') } },
    });
    expect(isFullPage(page) && page.in_trash).toBe(false);
  });
});
