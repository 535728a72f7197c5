import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { bootApp, type TestApp } from '../support/app';
import { bearer, register, login, uniqueEmail, TEST_PASSWORD, type SignedIn } from '../support/auth';
import { launchChromium } from '../support/browser';
import { dumpDatabase } from '../support/dumps';
import { freePort } from '../support/free-port';
import { describeWith } from '../support/requirements';

/** An AI client's side of OAuth, in memory, as the MCP SDK's client expects it. */
class MemoryOAuthClient implements OAuthClientProvider {
  info?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = '';
  authorizationUrl?: URL;

  constructor(readonly redirectUrl: string, private readonly name: string) {}

  get clientMetadata(): OAuthClientMetadata {
    return { client_name: this.name, redirect_uris: [this.redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }
  readonly sentState = `st-${randomBytes(8).toString('hex')}`;
  state() {
    return this.sentState;
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** The client's redirect URI: records what the browser brought back. */
async function startCallback(): Promise<{ url: string; hits: URLSearchParams[]; server: Server }> {
  const hits: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/callback') hits.push(url.searchParams);
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('You can close this window.');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/callback`, hits, server };
}

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

describeWith('browser', 'AI clients sign in to /mcp with OAuth (the MCP SDK client, consent approved in Chromium on /app)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let callback: Awaited<ReturnType<typeof startCallback>>;
  let ada: SignedIn;
  const clients: Client[] = [];

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await bootApp({ env: { PUBLIC_URL: base } });
    await t.app.listen(port, '127.0.0.1');
    callback = await startCallback();
    browser = await launchChromium();
    const email = uniqueEmail('ada');
    await register(t, email, TEST_PASSWORD, 'Ada Lovelace');
    ada = await login(t, email);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await browser?.close();
    callback?.server.close();
    await t?.close();
  });

  const mcpClient = async (provider: OAuthClientProvider) => {
    const client = new Client({ name: 'jest-oauth-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: provider }));
    clients.push(client);
    return client;
  };

  /** Discovery from the 401, registration, authorize; the person signs in and decides in Chromium. */
  async function signIn(provider: MemoryOAuthClient, decision: 'Allow' | 'Deny'): Promise<URLSearchParams> {
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: provider });
    await expect(new Client({ name: 'x', version: '1' }).connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.authorizationUrl?.pathname).toBe('/oauth/authorize');
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15000);
    const before = callback.hits.length;
    await page.goto(provider.authorizationUrl!.href);
    await page.waitForURL((url) => url.pathname === '/app/authorize');
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /Allow Claude-ish to use your assistant\?/ }).waitFor();
    expect(await page.locator('#redirect-host').innerText()).toBe(new URL(callback.url).host);
    expect(await page.locator('#who').innerText()).toBe(`Ada Lovelace <${ada.email}>`);
    await page.getByRole('button', { name: decision, exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/callback');
    await page.context().close();
    expect(callback.hits.length).toBe(before + 1);
    if (decision === 'Allow') await transport.finishAuth(callback.hits[before].get('code') ?? '');
    return callback.hits[before];
  }

  it('answers 401 at /mcp with WWW-Authenticate naming its resource metadata, which names this server', async () => {
    const res = await fetch(`${base}/mcp`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate');
    expect(challenge).toBe(`Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
    const resource = await (await fetch(`${base}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(resource).toMatchObject({ resource: `${base}/mcp`, authorization_servers: [base], scopes_supported: ['mcp'] });
    const server = await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json();
    expect(server).toMatchObject({
      issuer: base,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      registration_endpoint: `${base}/oauth/register`,
    });
  });

  it('signs in end to end: tools listed and called as the person; refresh rotates; revoking stops the client at once', async () => {
    const provider = new MemoryOAuthClient(callback.url, 'Claude-ish');
    const back = await signIn(provider, 'Allow');
    expect(back.get('iss')).toBe(base);
    expect(back.get('state')).toBe(provider.sentState);
    expect(provider.saved?.access_token).toMatch(/^mcpat_/);

    const client = await mcpClient(provider);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('get_account');
    const account = await client.callTool({ name: 'get_account', arguments: {} });
    expect(account.structuredContent).toMatchObject({ userId: ada.userId, email: ada.email });

    // The AI client is listed for its person (not for anyone else), with its last use.
    const listed = await t.http().get('/auth/mcp-clients').set(...bearer(ada.token));
    expect(listed.body).toEqual([{ grantId: expect.any(String), clientName: 'Claude-ish', createdAt: expect.any(String), lastUsedAt: expect.any(String) }]);

    // Refresh: a new pair; the old refresh token presented again is refused and ends the grant (it leaked).
    const oldRefresh = provider.saved!.refresh_token!;
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: oldRefresh, client_id: clientId(provider) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(oldRefresh);
    provider.saveTokens(refreshed.body as OAuthTokens);
    expect((await (await mcpClient(provider)).callTool({ name: 'get_account', arguments: {} })).isError).toBeFalsy();

    // Revoke on /app, as the person: the client is listed with its last use; after Revoke the next call is refused.
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15000);
    await page.goto(`${base}/app`);
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const entry = page.locator('#ai-client-list li', { hasText: 'Claude-ish' });
    await entry.waitFor();
    expect(await entry.innerText()).not.toContain('last used never');
    await page.getByRole('button', { name: 'Revoke Claude-ish' }).click();
    await page.locator('#ai-clients-empty').waitFor({ state: 'visible' });
    await page.context().close();
    const refused = await fetch(`${base}/mcp`, { method: 'POST', headers: mcpHeaders(provider.saved!.access_token), body: listToolsBody });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await t.http().get('/auth/mcp-clients').set(...bearer(ada.token))).body).toEqual([]);
    const audit = await t.app.get(DataSource).query(`SELECT action FROM oauth_audit_log WHERE user_id = $1 AND provider = 'mcp' ORDER BY id`, [ada.userId]);
    expect(audit.map((row: { action: string }) => row.action)).toEqual(['connect', 'refresh', 'revoke']);
  });

  it('sends a denial back to the client with its state, and no code', async () => {
    const provider = new MemoryOAuthClient(callback.url, 'Claude-ish');
    const back = await signIn(provider, 'Deny');
    expect(back.get('error')).toBe('access_denied');
    expect(back.get('code')).toBeNull();
    expect(back.get('state')).toBe(provider.sentState);
  });

  describe('what the authorization server refuses', () => {
    let client: { client_id: string };
    beforeAll(async () => {
      const res = await fetch(`${base}/oauth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ client_name: 'Claude-ish', redirect_uris: [callback.url], token_endpoint_auth_method: 'none' }),
      });
      expect(res.status).toBe(201);
      client = (await res.json()) as { client_id: string };
      expect(client).not.toHaveProperty('client_secret');
    });

    const authorize = (params: Record<string, string>) =>
      fetch(`${base}/oauth/authorize?${new URLSearchParams({ client_id: client.client_id, redirect_uri: callback.url, response_type: 'code', ...params })}`, { redirect: 'manual' });

    it('PKCE missing or plain: sent back with invalid_request, never to the consent page', async () => {
      const { challenge } = pkce();
      const attempts: Array<Record<string, string>> = [{}, { code_challenge: challenge, code_challenge_method: 'plain' }];
      for (const params of attempts) {
        const res = await authorize(params);
        expect(res.status).toBe(302);
        const location = new URL(res.headers.get('location') ?? '');
        expect(`${location.origin}${location.pathname}`).toBe(callback.url);
        expect(location.searchParams.get('error')).toBe('invalid_request');
      }
      const ok = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
      expect(new URL(ok.headers.get('location') ?? '').pathname).toBe('/app/authorize');
    });

    it('a redirect URI the client did not register: refused here, the browser is sent nowhere', async () => {
      const res = await authorize({ code_challenge: pkce().challenge, code_challenge_method: 'S256', redirect_uri: 'https://attacker.example/cb' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      const decided = await decide({ redirectUri: 'https://attacker.example/cb' });
      expect({ status: decided.status, code: decided.body.code }).toEqual({ status: 400, code: 'MCP_AUTHORIZATION_INVALID' });
      const javascript = await fetch(`${base}/oauth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ client_name: 'x', redirect_uris: ['javascript:alert(1)'], token_endpoint_auth_method: 'none' }),
      });
      expect(javascript.status).toBe(400);
    });

    it('a code used twice: refused, and the tokens it gave stop working', async () => {
      const { verifier, challenge } = pkce();
      const decided = await decide({ codeChallenge: challenge });
      const code = new URL(decided.body.redirectTo).searchParams.get('code') ?? '';
      const body = { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: callback.url, client_id: client.client_id };
      const first = await tokenRequest(body);
      expect(first.status).toBe(200);
      const again = await tokenRequest(body);
      expect({ status: again.status, error: again.body.error }).toEqual({ status: 400, error: 'invalid_grant' });
      const afterReplay = await fetch(`${base}/mcp`, { method: 'POST', headers: mcpHeaders(first.body.access_token as string), body: listToolsBody });
      expect(afterReplay.status).toBe(401);
    });

    it('a wrong PKCE verifier, or a code for another redirect URI: invalid_grant', async () => {
      const { challenge } = pkce();
      const decided = await decide({ codeChallenge: challenge });
      const code = new URL(decided.body.redirectTo).searchParams.get('code') ?? '';
      const wrong = await tokenRequest({ grant_type: 'authorization_code', code, code_verifier: pkce().verifier, client_id: client.client_id });
      expect(wrong.body.error).toBe('invalid_grant');
    });

    it('a token for another resource: not issued, and not accepted at /mcp; a /mcp token opens no other route', async () => {
      const other = await decide({ codeChallenge: pkce().challenge, resource: 'https://other.example/mcp' });
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 400, code: 'MCP_AUTHORIZATION_INVALID' });

      const { verifier, challenge } = pkce();
      const decided = await decide({ codeChallenge: challenge, resource: `${base}/mcp` });
      const code = new URL(decided.body.redirectTo).searchParams.get('code') ?? '';
      const tokens = await tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: client.client_id, resource: `${base}/mcp` });
      const token = tokens.body.access_token as string;
      expect((await fetch(`${base}/mcp`, { method: 'POST', headers: mcpHeaders(token), body: listToolsBody })).status).toBe(200);
      expect((await t.http().get('/auth/me').set(...bearer(token))).status).toBe(401);

      // The same grant moved to another resource (as a token minted for another server would be): refused.
      const db = t.app.get(DataSource);
      const hash = createHash('sha256').update(token).digest('hex');
      await db.query(`UPDATE mcp_grants SET resource = 'https://other.example/mcp' WHERE id = (SELECT grant_id FROM mcp_tokens WHERE token_hash = $1)`, [hash]);
      expect((await fetch(`${base}/mcp`, { method: 'POST', headers: mcpHeaders(token), body: listToolsBody })).status).toBe(401);

      // Codes and tokens are stored as hashes only.
      const dump = await dumpDatabase(db);
      expect(dump).not.toContain(token);
      expect(dump).not.toContain(code);
    });

    it('only the person, by session, approves: an API key cannot', async () => {
      const key = await t.http().post('/auth/api-keys').set(...bearer(ada.token)).send({ name: 'agent' });
      const res = await t.http().post('/auth/mcp-clients/authorization').set(...bearer(key.body.key)).send(decisionBody({ codeChallenge: pkce().challenge }));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'API_KEY_NOT_ALLOWED' });
    });

    function decisionBody(overrides: Record<string, string>) {
      return { clientId: client.client_id, redirectUri: callback.url, state: 'st-1', decision: 'allow', ...overrides };
    }
    function decide(overrides: Record<string, string>) {
      return t.http().post('/auth/mcp-clients/authorization').set(...bearer(ada.token)).send(decisionBody({ codeChallenge: pkce().challenge, ...overrides }));
    }
  });

  async function tokenRequest(body: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${base}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
});

const listToolsBody = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
const mcpHeaders = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' });
const clientId = (provider: MemoryOAuthClient) => (provider.info as { client_id: string }).client_id;
