import { APIErrorCode, Client, UnknownHTTPResponseError } from '@notionhq/client';
import { NotionSandbox, startNotionSandbox } from '../../src/sandbox/notion';
import { parseForm } from './support/consent-form';
import { REDIRECT_URI, SECOND_REDIRECT_URI, World, startWorld } from './support/sandbox-world';

const TOKEN_FIELDS = ['access_token', 'bot_id', 'duplicated_template_id', 'owner', 'refresh_token', 'request_id', 'token_type', 'workspace_icon', 'workspace_id', 'workspace_name'];

/** OAuth errors are not in the SDK's error enum, so it surfaces them as UnknownHTTPResponseError. */
async function oauthFailure(promise: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (!UnknownHTTPResponseError.isUnknownHTTPResponseError(error)) throw error;
    return { status: error.status, body: JSON.parse(error.body) as Record<string, unknown> };
  }
  throw new Error('expected the OAuth call to fail');
}

function authorizeUrl(sandbox: NotionSandbox, params: Record<string, string>): string {
  return `${sandbox.url}/v1/oauth/authorize?${new URLSearchParams({ response_type: 'code', owner: 'user', ...params })}`;
}

/** The browser path: pick the person, then the workspace and pages, then press a button. */
async function consent(world: World, action: 'allow' | 'cancel', state: string, redirectUri = REDIRECT_URI): Promise<URL> {
  const first = await fetch(authorizeUrl(world.sandbox, { client_id: world.publicApp.clientId, redirect_uri: redirectUri, state }));
  expect(first.status).toBe(200);
  const chooser = parseForm(await first.text(), 'choose-person');
  expect(chooser.selects.user).toEqual(expect.arrayContaining([world.alice, world.bob]));
  const query = new URLSearchParams({ ...chooser.hidden, user: world.alice });
  const second = await fetch(`${world.sandbox.url}${chooser.action}?${query}`);
  const html = await second.text();
  const form = parseForm(html, 'consent');
  expect(form.selects.workspace_id).toEqual([world.workspaceA]);
  expect(form.checkboxes.page_ids).toEqual(expect.arrayContaining([world.pageA, world.privatePageA]));
  expect(form.buttons).toEqual([{ name: 'action', value: 'allow' }, { name: 'action', value: 'cancel' }]);
  const body = new URLSearchParams({ ...form.hidden, workspace_id: world.workspaceA, action });
  body.append('page_ids', world.pageA);
  const submitted = await fetch(`${world.sandbox.url}${form.action}`, { method: form.method, body, redirect: 'manual' });
  expect(submitted.status).toBe(302);
  return new URL(submitted.headers.get('location') as string);
}

describe('Notion sandbox OAuth', () => {
  let world: World;
  let anon: Client;
  let creds: { client_id: string; client_secret: string };

  beforeAll(async () => {
    world = await startWorld();
    anon = world.client('');
    creds = { client_id: world.publicApp.clientId, client_secret: world.publicApp.clientSecret };
  });

  afterAll(async () => {
    await world.sandbox.close();
    expect(world.contract.violations).toEqual([]);
  });

  it('runs the whole code flow through the consent page; the token sees only what was shared', async () => {
    const redirect = await consent(world, 'allow', 'state-123');
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('state')).toBe('state-123');
    const code = redirect.searchParams.get('code') as string;
    const token = await anon.oauth.token({ ...creds, grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    expect(Object.keys(token).sort()).toEqual(TOKEN_FIELDS);
    expect(token).toMatchObject({ token_type: 'bearer', workspace_id: world.workspaceA, workspace_name: 'Workspace A', duplicated_template_id: null });
    expect(token.owner).toMatchObject({ type: 'user', user: { id: world.alice, type: 'person', person: { email: 'alice@sandbox.localhost' } } });

    const bot = world.client(token.access_token);
    expect(await bot.users.me({})).toMatchObject({ id: token.bot_id, type: 'bot' });
    expect(await bot.pages.retrieve({ page_id: world.pageA })).toMatchObject({ id: world.pageA });
    await expect(bot.pages.retrieve({ page_id: world.privatePageA })).rejects.toMatchObject({ code: APIErrorCode.ObjectNotFound, status: 404 });

    const replay = await oauthFailure(anon.oauth.token({ ...creds, grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }));
    expect(replay).toMatchObject({ status: 400, body: { object: 'error', code: 'invalid_grant', error: 'invalid_grant' } });
  });

  it('rotates refresh tokens: the old pair stops working, introspect tells', async () => {
    const code = world.sandbox.control.issueAuthorizationCode({ integrationId: world.publicApp.id, workspaceId: world.workspaceB, personId: world.bob, pageIds: [world.pageB], redirectUri: REDIRECT_URI });
    const first = await anon.oauth.token({ ...creds, grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    const second = await anon.oauth.token({ ...creds, grant_type: 'refresh_token', refresh_token: first.refresh_token as string });
    expect(Object.keys(second).sort()).toEqual(TOKEN_FIELDS);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.bot_id).toBe(first.bot_id);

    const reused = await oauthFailure(anon.oauth.token({ ...creds, grant_type: 'refresh_token', refresh_token: first.refresh_token as string }));
    expect(reused).toMatchObject({ status: 400, body: { code: 'invalid_grant' } });
    await expect(world.client(first.access_token).users.me({})).rejects.toMatchObject({ code: APIErrorCode.Unauthorized, status: 401 });
    expect(await world.client(second.access_token).pages.retrieve({ page_id: world.pageB })).toMatchObject({ id: world.pageB });

    expect(await anon.oauth.introspect({ ...creds, token: second.access_token })).toMatchObject({ active: true, iat: expect.any(Number) });
    expect(await anon.oauth.introspect({ ...creds, token: first.access_token })).toMatchObject({ active: false });
  });

  it('revokes: every later call with the token is 401 unauthorized', async () => {
    const token = world.sandbox.control.issueToken({ integrationId: world.publicApp.id, workspaceId: world.workspaceA, personId: world.carol });
    const bot = world.client(String(token.access_token));
    await bot.users.me({});
    expect(await anon.oauth.revoke({ ...creds, token: String(token.access_token) })).toHaveProperty('request_id');
    await expect(bot.users.me({})).rejects.toMatchObject({ code: APIErrorCode.Unauthorized });
    await expect(bot.search({})).rejects.toMatchObject({ status: 401 });
    expect(await anon.oauth.introspect({ ...creds, token: String(token.access_token) })).toEqual(expect.objectContaining({ active: false }));
    const refresh = await oauthFailure(anon.oauth.token({ ...creds, grant_type: 'refresh_token', refresh_token: String(token.refresh_token) }));
    expect(refresh.body.code).toBe('invalid_grant');
  });

  it('rejects a wrong client secret with 401 invalid_client', async () => {
    const failure = await oauthFailure(anon.oauth.token({ client_id: creds.client_id, client_secret: 'wrong', grant_type: 'refresh_token', refresh_token: 'nrt_x' }));
    expect(failure).toMatchObject({ status: 401, body: { code: 'invalid_client', error: 'invalid_client', status: 401 } });
    const introspect = await oauthFailure(anon.oauth.introspect({ client_id: 'nobody', client_secret: 'x', token: 'y' }));
    expect(introspect.status).toBe(401);
  });

  it('ties codes to their redirect URI and rejects unsupported grants', async () => {
    const code = world.sandbox.control.issueAuthorizationCode({ integrationId: world.publicApp.id, workspaceId: world.workspaceA, personId: world.alice, redirectUri: REDIRECT_URI });
    const mismatch = await oauthFailure(anon.oauth.token({ ...creds, grant_type: 'authorization_code', code, redirect_uri: SECOND_REDIRECT_URI }));
    expect(mismatch.body.code).toBe('invalid_grant');
    const missing = await oauthFailure(anon.oauth.token({ ...creds, grant_type: 'authorization_code', code: 'unknown' }));
    expect(missing.body.code).toBe('invalid_grant');
    const grant = await oauthFailure(anon.oauth.token({ ...creds, grant_type: 'client_credentials' as 'refresh_token', refresh_token: 'nrt_x' }));
    expect(grant.body.code).toBe('unsupported_grant_type');
  });

  it('expires codes after a few minutes', async () => {
    const code = world.sandbox.control.issueAuthorizationCode({ integrationId: world.publicApp.id, workspaceId: world.workspaceA, personId: world.alice, redirectUri: REDIRECT_URI });
    world.sandbox.control.advanceClock(11 * 60 * 1000);
    const expired = await oauthFailure(anon.oauth.token({ ...creds, grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }));
    expect(expired.body).toMatchObject({ code: 'invalid_grant', message: expect.stringContaining('expired') });
  });

  it('redirects Cancel with error=access_denied and the state', async () => {
    const redirect = await consent(world, 'cancel', 'st&ate', SECOND_REDIRECT_URI);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(SECOND_REDIRECT_URI);
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe('st&ate');
    expect(redirect.searchParams.has('code')).toBe(false);
  });

  it('shows an error page, never a redirect, for an unknown client or an unregistered redirect URI', async () => {
    const cases: Array<Record<string, string>> = [
      { client_id: 'unknown-client', redirect_uri: REDIRECT_URI },
      { client_id: world.publicApp.clientId, redirect_uri: 'http://localhost:6666/evil' },
      { client_id: world.publicApp.clientId },
    ];
    for (const params of cases) {
      const response = await fetch(authorizeUrl(world.sandbox, params), { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('id="error"');
    }
    const posted = await fetch(`${world.sandbox.url}/v1/oauth/authorize`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: world.publicApp.clientId, redirect_uri: 'http://localhost:6666/evil', action: 'allow' }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(400);
    expect(posted.headers.get('location')).toBeNull();
  });

  it('escapes what it echoes into the page', async () => {
    const response = await fetch(authorizeUrl(world.sandbox, { client_id: world.publicApp.clientId, redirect_uri: REDIRECT_URI, state: '"><script>alert(1)</script>', user: world.alice }));
    const html = await response.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });
});

describe('Notion sandbox OAuth with an access-token lifetime', () => {
  let sandbox: NotionSandbox;

  beforeAll(async () => {
    sandbox = await startNotionSandbox({ rateLimit: false, accessTokenTtlSeconds: 60 });
  });

  afterAll(() => sandbox.close());

  it('expires access tokens (401 unauthorized) and refreshing gives a working pair', async () => {
    const c = sandbox.control;
    const person = c.createPerson({ name: 'Dana', email: 'dana@sandbox.localhost' });
    const workspace = c.createWorkspace({ name: 'W', memberIds: [person.id] });
    const app = c.createIntegration({ name: 'App', kind: 'public', redirectUris: [REDIRECT_URI] });
    const code = c.issueAuthorizationCode({ integrationId: app.id, workspaceId: workspace.id, personId: person.id });
    const anon = new Client({ baseUrl: sandbox.url, notionVersion: '2026-03-11', retry: false, logger: () => undefined });
    const creds = { client_id: app.clientId, client_secret: app.clientSecret };
    // Exactly one registered URI and none named in the authorize step: the token request may omit it.
    const token = await anon.oauth.token({ ...creds, grant_type: 'authorization_code', code });
    const bot = new Client({ baseUrl: sandbox.url, auth: token.access_token, notionVersion: '2026-03-11', retry: false, logger: () => undefined });
    await bot.users.me({});
    c.advanceClock(61_000);
    await expect(bot.users.me({})).rejects.toMatchObject({ code: APIErrorCode.Unauthorized, status: 401 });
    expect(await anon.oauth.introspect({ ...creds, token: token.access_token })).toMatchObject({ active: false });
    const refreshed = await anon.oauth.token({ ...creds, grant_type: 'refresh_token', refresh_token: token.refresh_token as string });
    await expect(bot.search({ auth: refreshed.access_token })).resolves.toBeDefined();
    await expect(new Client({ baseUrl: sandbox.url, auth: refreshed.access_token, notionVersion: '2026-03-11', retry: false, logger: () => undefined }).users.me({})).resolves.toMatchObject({ id: token.bot_id });
  });
});
