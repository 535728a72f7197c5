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
import type { NotionTokenSource } from '../../src/notion/notion.gateway';
import { bearer } from '../support/auth';
import { OAuthWorld, startOAuthWorld, tokenCalls } from '../oauth/support/oauth-world';
import { NotionTestApp, bootNotionApp } from './support/notion-app';
import { GatewayInstance, connectUser, gatewayInstance, revokeAtNotion, text } from './support/notion-world';

/** Long enough that no token expires while the tests run, except where a test moves the sandbox clock. */
const TOKEN_TTL_SECONDS = 3600;

/**
 * Gateway behaviour against the sandbox over HTTP: retries, refresh, error mapping, caching. The gateway
 * instances under test are built here (to vary their settings) over the app's real NotionConnections:
 * users connect through the OAuth flow and tokens come from, and are refreshed in, the real vault.
 */
describe('NotionGateway', () => {
  let world: OAuthWorld;
  let t: NotionTestApp;
  let instance: GatewayInstance;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    world = await startOAuthWorld({ accessTokenTtlSeconds: TOKEN_TTL_SECONDS });
    t = await bootNotionApp(world);
    instance = gatewayInstance(t, world);
  });

  afterAll(async () => {
    await instance?.close();
    await world?.close();
  });

  /** A new user connected through the real flow; the request log then starts empty. */
  const connected = async (label = 'user') => {
    const user = await connectUser(t, world, label);
    world.sandbox.control.clearRequestLog();
    return user;
  };

  beforeEach(() => {
    world.sandbox.control.clearFaults();
    world.sandbox.control.clearRequestLog();
    instance.metrics.reset();
  });

  const requests = (route?: string) => world.sandbox.control.requestLog().filter((r) => !route || `${r.method} ${r.route}` === route);

  it('waits out an injected 429 for its Retry-After and then succeeds', async () => {
    const { integrationId } = await connected();
    const notion = instance.factory.forIntegration(integrationId);
    world.sandbox.control.injectFault({ kind: 'rate_limit', path: '/v1/users/me', retryAfterSeconds: 1 });

    const me = await notion.me();

    expect(me.type).toBe('bot');
    expect(requests('GET /v1/users/me').map((r) => r.status)).toEqual([429, 200]);
    expect(instance.metrics.snapshot()).toMatchObject({ calls: 1, attempts: 2, rateLimited: 1, failures: 0 });
  });

  it('answers NOTION_RATE_LIMITED with Retry-After when Notion asks for longer than the wait bound', async () => {
    const impatient = gatewayInstance(t, world, { NOTION_RATE_LIMIT_MAX_WAIT_MS: '500' });
    try {
      const { integrationId } = await connected();
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
    const { integrationId } = await connected();
    world.sandbox.control.injectFault({ kind: 'status', status: 503, path: '/v1/users/me', times: 2 });

    await instance.factory.forIntegration(integrationId).me();

    expect(requests('GET /v1/users/me').map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('gives up on a read after NOTION_READ_RETRIES and answers NOTION_UNAVAILABLE', async () => {
    const { integrationId } = await connected();
    world.sandbox.control.injectFault({ kind: 'status', status: 502, path: '/v1/users/me', times: 10 });

    await expect(instance.factory.forIntegration(integrationId).me()).rejects.toBeInstanceOf(NotionUnavailableError);

    expect(requests('GET /v1/users/me')).toHaveLength(1 + instance.config.notion.readRetries);
  });

  it('retries a read whose connection was reset, but not a write', async () => {
    const { integrationId } = await connected();
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
    const { integrationId } = await connected();
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
    const { integrationId } = await connected();
    world.sandbox.control.injectFault({ kind: 'status', status: 503, path: '/v1/pages' });

    await expect(
      instance.factory.forIntegration(integrationId).createPage({ parent: { type: 'workspace', workspace: true }, properties: { title: { title: text('x') } } }),
    ).rejects.toBeInstanceOf(NotionUnavailableError);
    expect(requests('POST /v1/pages')).toHaveLength(1);
  });

  it('refreshes the token through the vault once after a 401 and retries with the new one', async () => {
    const { integrationId } = await connected();
    const notion = instance.factory.forIntegration(integrationId);
    await notion.me();
    const expired = await t.tokens.getValidAccessToken(integrationId);
    // Only this test's token ever sees the clock: every other test connects its own user afterwards.
    world.sandbox.control.advanceClock((TOKEN_TTL_SECONDS + 1) * 1000);
    world.sandbox.control.clearRequestLog();

    const me = await notion.me();

    expect(me.type).toBe('bot');
    expect(requests('GET /v1/users/me').map((r) => r.status)).toEqual([401, 200]);
    expect(tokenCalls(world)).toBe(1);
    expect(await t.tokens.getValidAccessToken(integrationId)).not.toBe(expired);
    // The refreshed token is the one kept for the next call.
    await notion.me();
    expect(requests('GET /v1/users/me').map((r) => r.status)).toEqual([401, 200, 200]);
    expect(tokenCalls(world)).toBe(1);
  });

  it('answers NOTION_REAUTH_REQUIRED, and the vault marks the integration, when Notion refuses the refresh too', async () => {
    const user = await connected();
    await revokeAtNotion(world, await t.tokens.getValidAccessToken(user.integrationId));
    world.sandbox.control.clearRequestLog();

    const error = await instance.factory.forIntegration(user.integrationId).me().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotionReauthRequiredError);
    expect(world.sandbox.control.requestLog().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /v1/users/me 401',
      'POST /v1/oauth/token 400',
    ]);
    const listed = await t.http().get('/integrations').set(...bearer(user.token)).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: user.integrationId, status: 'needs_reauth' })]);
  });

  it('answers NOTION_REAUTH_REQUIRED when the refreshed token is refused too, after exactly one retry', async () => {
    // Gateway-level: a token source whose refresh hands out a token Notion refuses (the vault never would).
    const { integrationId } = await connected();
    const revoked = await t.tokens.getValidAccessToken(integrationId);
    await revokeAtNotion(world, revoked);
    const reported: string[] = [];
    const uselessRefresh: NotionTokenSource = {
      integrationId,
      current: () => Promise.resolve(revoked),
      refreshAfterUnauthorized: () => Promise.resolve('ntn_revoked_and_useless'),
      refusedAfterRefresh: (refused) => Promise.resolve(void reported.push(refused)),
    };

    const error = await instance.gateway
      .execute(uselessRefresh, { name: 'users.me', write: false }, (client, auth) => client.users.me({ auth } as unknown as Parameters<typeof client.users.me>[0]))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotionReauthRequiredError);
    expect(requests('GET /v1/users/me').map((r) => r.status)).toEqual([401, 401]);
    // The token source (the vault, in the app) hears that the refreshed token was refused too.
    expect(reported).toEqual(['ntn_revoked_and_useless']);
  });

  it('the vault marks the integration for reauth (audited) when the token a refresh handed out is refused too', async () => {
    const user = await connected();
    const stored = await t.tokens.getValidAccessToken(user.integrationId);
    // A token Notion refuses first; the vault's "refresh" then hands out the stored token, which dies at Notion meanwhile.
    const source: NotionTokenSource = {
      integrationId: user.integrationId,
      current: () => Promise.resolve('ntn_refused_first'),
      refreshAfterUnauthorized: async (rejected) => {
        const fresh = await t.connections.refreshAfterUnauthorized(user.integrationId, rejected);
        await revokeAtNotion(world, fresh);
        return fresh;
      },
      refusedAfterRefresh: (refused) => t.connections.refusedAfterRefresh(user.integrationId, refused),
    };

    const error = await instance.gateway
      .execute(source, { name: 'users.me', write: false }, (client, auth) => client.users.me({ auth } as unknown as Parameters<typeof client.users.me>[0]))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotionReauthRequiredError);
    expect(requests('GET /v1/users/me').map((r) => r.status)).toEqual([401, 401]);
    const listed = await t.http().get('/integrations').set(...bearer(user.token)).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: user.integrationId, status: 'needs_reauth' })]);
    const audit = await t.http().get(`/integrations/${user.integrationId}/audit`).set(...bearer(user.token)).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'reauth_required', reason: 'unauthorized_after_refresh' });
    expect(stored).not.toBe('ntn_refused_first');
  });

  it('the vault leaves an integration alone when the refused token is not the one it holds (reconnected meanwhile)', async () => {
    const user = await connected();
    await t.connections.refusedAfterRefresh(user.integrationId, 'ntn_some_older_token');
    const listed = await t.http().get('/integrations').set(...bearer(user.token)).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: user.integrationId, status: 'active' })]);
    await t.http().get(`/integrations/${user.integrationId}/status`).set(...bearer(user.token)).expect(200);
  });

  it('maps Notion errors to domain errors without Notion bodies or tokens', async () => {
    const { integrationId } = await connected();
    const notion = instance.factory.forIntegration(integrationId);

    await expect(notion.retrievePage({ page_id: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(NotionObjectNotFoundError);
    const invalid = await notion
      .createPage({ parent: { type: 'workspace', workspace: true }, properties: { title: { title: text('x'.repeat(2001)) } } })
      .catch((e: unknown) => e);

    expect(invalid).toBeInstanceOf(NotionValidationFailedError);
    expect((invalid as DomainError).code).toBe('NOTION_VALIDATION_FAILED');
    expect((invalid as Error).message).toMatch(/2000/);
    expect((invalid as Error).message).not.toContain(await t.tokens.getValidAccessToken(integrationId));
    expect((invalid as Error).cause).toBeUndefined();
  });

  it('times out a request that hangs and reports NOTION_UNAVAILABLE', async () => {
    const quick = gatewayInstance(t, world, { NOTION_TIMEOUT_MS: '300' });
    try {
      const { integrationId } = await connected();
      world.sandbox.control.injectFault({ kind: 'hang', path: '/v1/pages' });
      await expect(
        quick.factory.forIntegration(integrationId).createPage({ parent: { type: 'workspace', workspace: true }, properties: { title: { title: text('x') } } }),
      ).rejects.toBeInstanceOf(NotionUnavailableError);
    } finally {
      await quick.close();
    }
  });

  it('caches one handle and token per integration, and drops them when the tokens change', async () => {
    const user = await connected();
    const { integrationId } = user;
    const first = instance.factory.forIntegration(integrationId);
    expect(instance.factory.forIntegration(integrationId)).toBe(first);
    // Observed, not replaced: the real adapter still answers.
    const tokenReads = jest.spyOn(t.connections, 'getValidAccessToken');
    try {
      await first.me();
      await first.me();
      expect(tokenReads).toHaveBeenCalledTimes(1);
    } finally {
      tokenReads.mockRestore();
    }

    await t.http().delete(`/integrations/${integrationId}`).set(...bearer(user.token)).expect(204);

    expect(instance.factory.forIntegration(integrationId)).not.toBe(first);
    // The vault keeps a disconnected integration's row (as revoked, without tokens): it cannot be used.
    await expect(first.me()).rejects.toMatchObject({ code: 'NOTION_REAUTH_REQUIRED' });
    await expect(instance.factory.forUser(user.userId)).rejects.toMatchObject({ code: 'NOTION_NOT_CONNECTED' });
  });

  it('resolves a user to their integration, and refuses one that is not theirs', async () => {
    const ada = await connectUser(t, world, 'ada');
    const bob = await connectUser(t, world, 'bob');

    expect((await instance.factory.forUser(ada.userId)).integrationId).toBe(ada.integrationId);
    await expect(instance.factory.forUser(ada.userId, bob.integrationId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(instance.factory.forUser(crypto.randomUUID())).rejects.toMatchObject({ code: 'NOTION_NOT_CONNECTED' });
  });

  it('logs every call with integration, operation, status, duration and attempt, and never the token', async () => {
    const seen: unknown[] = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((line: unknown) => void seen.push(line));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((line: unknown) => void seen.push(line));
    try {
      const { integrationId } = await connected();
      world.sandbox.control.injectFault({ kind: 'status', status: 503, path: '/v1/users/me' });
      await instance.factory.forIntegration(integrationId).me();
      const lines = seen.filter((l) => (l as { operation?: string }).operation === 'users.me');
      expect(lines).toEqual([
        expect.objectContaining({ integrationId, operation: 'users.me', status: 503, attempt: 1, durationMs: expect.any(Number) }),
        expect.objectContaining({ integrationId, operation: 'users.me', status: 200, attempt: 2, durationMs: expect.any(Number) }),
      ]);
      expect(JSON.stringify(seen)).not.toContain(await t.tokens.getValidAccessToken(integrationId));
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('sends pages through the gateway that Notion accepts', async () => {
    const { integrationId } = await connected();
    const page = await instance.factory.forIntegration(integrationId).createPage({
      parent: { type: 'workspace', workspace: true },
      properties: { title: { title: text('Hello') } },
    });
    expect(isFullPage(page) && page.in_trash).toBe(false);
  });
});
