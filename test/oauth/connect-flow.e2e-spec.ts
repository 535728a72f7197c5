import { STATE_TTL_SECONDS } from '../../src/oauth/connect/oauth-manager.service';
import { OAuthClock } from '../../src/oauth/oauth-clock';
import type { TestApp } from '../support/app';
import { bearer, login, signUp } from '../support/auth';
import {
  addWorkspace,
  callback,
  connectWorkspace,
  consent,
  dataSourceOf,
  newPerson,
  startConnect,
  startOAuthWorld,
  type OAuthWorld,
} from './support/oauth-world';

async function countIntegrations(t: TestApp, userId: string): Promise<number> {
  const rows = await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM oauth_integrations WHERE user_id = $1`, [userId]);
  return rows[0].n as number;
}

async function auditActions(t: TestApp, userId: string): Promise<string[]> {
  const rows = await dataSourceOf(t).query(
    `SELECT action, outcome, reason FROM oauth_audit_log WHERE user_id = $1 ORDER BY id`,
    [userId],
  );
  return rows.map((r: { action: string; outcome: string; reason: string | null }) => `${r.action}:${r.outcome}${r.reason ? `:${r.reason}` : ''}`);
}

describe('Notion connect flow (sandbox over HTTP, real Postgres and Redis)', () => {
  let world: OAuthWorld;
  let t: TestApp;

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await world.boot();
  });
  afterAll(() => world.close());

  it('connects: state bound to the session, code exchanged, integration listed, audited, no token in the answer', async () => {
    const person = await newPerson(t, world, 'happy');
    const authorize = await startConnect(t, person);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${world.sandbox.url}/v1/oauth/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe(world.publicApp.clientId);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('owner')).toBe('user');
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const redirect = await consent(world, authorize, person);
    expect(redirect.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    const res = await callback(t, person, redirect).set('User-Agent', 'connect-test');
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/app\?notice=connected&integration=[0-9a-f-]{36}$/);

    const list = await t.http().get('/integrations').set(...bearer(person.token)).expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        provider: 'notion',
        workspaceId: person.workspaceId,
        workspaceName: "Person happy's workspace",
        status: 'active',
        isDefault: true,
        ownerName: 'Person happy',
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/ntn_|nrt_|token/i);

    const status = await t.http().get(`/integrations/${list.body[0].id}/status`).set(...bearer(person.token)).expect(200);
    expect(status.body).toMatchObject({ ok: true, workspaceName: "Person happy's workspace" });

    const audit = await t.http().get(`/integrations/${list.body[0].id}/audit`).set(...bearer(person.token)).expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'connect', outcome: 'success', userAgent: 'connect-test', ip: expect.any(String), requestId: expect.any(String) }),
    ]);
  });

  it('cancel at the consent page → /app with the cancelled notice, nothing stored', async () => {
    const person = await newPerson(t, world, 'cancel');
    const redirect = await consent(world, await startConnect(t, person), person, { action: 'cancel' });
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    const res = await callback(t, person, redirect);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/app?notice=cancelled');
    expect(await countIntegrations(t, person.userId)).toBe(0);
  });

  it('a replayed state (and so a replayed code) → 400 OAUTH_STATE_INVALID, nothing more stored', async () => {
    const person = await newPerson(t, world, 'replay');
    const redirect = await consent(world, await startConnect(t, person), person);
    await callback(t, person, redirect).expect(302);
    const again = await callback(t, person, redirect);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('OAUTH_STATE_INVALID');
    expect(await countIntegrations(t, person.userId)).toBe(1);
    expect(await auditActions(t, person.userId)).toEqual(['connect:success']);
  });

  it('a code replayed under a fresh state fails the exchange: /app?notice=failed, reason audited, nothing stored', async () => {
    const person = await newPerson(t, world, 'code-replay');
    const first = await consent(world, await startConnect(t, person), person);
    await callback(t, person, first).expect(302);
    const fresh = await startConnect(t, person);
    const forged = new URL(first);
    forged.searchParams.set('state', fresh.searchParams.get('state') as string);
    const res = await callback(t, person, forged);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/app?notice=failed');
    expect(await countIntegrations(t, person.userId)).toBe(1);
    expect(await auditActions(t, person.userId)).toEqual(['connect:success', 'connect:failure:invalid_grant']);
  });

  it("another session's state → 400, even for the same user; another user's state → 400", async () => {
    const person = await newPerson(t, world, 'foreign');
    const redirect = await consent(world, await startConnect(t, person), person);
    const secondSession = await login(t, person.email);
    const sameUser = await callback(t, secondSession, redirect);
    expect(sameUser.status).toBe(400);
    expect(sameUser.body.code).toBe('OAUTH_STATE_INVALID');

    const victim = await newPerson(t, world, 'victim');
    const attacker = await signUp(t, 'attacker');
    const stolen = await consent(world, await startConnect(t, victim), victim);
    const res = await callback(t, attacker, stolen);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('OAUTH_STATE_INVALID');
    expect(await countIntegrations(t, attacker.userId)).toBe(0);
    expect(await countIntegrations(t, person.userId)).toBe(0);
  });

  it('a state older than 10 minutes → 400 OAUTH_STATE_INVALID, nothing stored (injected clock, no sleep)', async () => {
    const person = await newPerson(t, world, 'expired');
    const redirect = await consent(world, await startConnect(t, person), person);
    const clock = t.app.get(OAuthClock);
    const now = Date.now();
    const spy = jest.spyOn(clock, 'now').mockReturnValue(now + STATE_TTL_SECONDS * 1000 + 1000);
    try {
      const res = await callback(t, person, redirect);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('OAUTH_STATE_INVALID');
    } finally {
      spy.mockRestore();
    }
    expect(await countIntegrations(t, person.userId)).toBe(0);
  });

  it('missing state, unknown state → 400 OAUTH_STATE_INVALID', async () => {
    const person = await newPerson(t, world, 'nostate');
    const missing = await t.http().get('/integrations/notion/callback?code=abc').set(...bearer(person.token));
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('OAUTH_STATE_INVALID');
    const unknown = await t.http().get('/integrations/notion/callback?code=abc&state=nope').set(...bearer(person.token));
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('OAUTH_STATE_INVALID');
  });

  it('a redirect URI the provider does not know → the sandbox refuses, the app stores nothing', async () => {
    const wrong = await world.boot({ NOTION_REDIRECT_URI: 'http://localhost:3000/elsewhere/callback' });
    const person = await newPerson(wrong, world, 'wrong-redirect');
    const authorize = await startConnect(wrong, person);
    const page = await fetch(`${authorize}&user=${person.personId}`);
    expect(page.status).toBe(400);
    expect(await countIntegrations(wrong, person.userId)).toBe(0);
  });

  it('a second workspace is a second integration; the first stays the default; make default moves it', async () => {
    const person = await newPerson(t, world, 'two');
    const firstId = await connectWorkspace(t, world, person);
    const other = addWorkspace(world, person, 'Side project');
    const secondId = await connectWorkspace(t, world, person, other);
    expect(secondId).not.toBe(firstId);
    const list = await t.http().get('/integrations').set(...bearer(person.token)).expect(200);
    expect(list.body.map((i: { id: string; isDefault: boolean }) => [i.id, i.isDefault])).toEqual([
      [firstId, true],
      [secondId, false],
    ]);
    const patched = await t.http().patch(`/integrations/${secondId}`).set(...bearer(person.token)).send({ isDefault: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: secondId, isDefault: true });
    const after = await t.http().get('/integrations').set(...bearer(person.token)).expect(200);
    expect(after.body.filter((i: { isDefault: boolean }) => i.isDefault).map((i: { id: string }) => i.id)).toEqual([secondId]);
    const bad = await t.http().patch(`/integrations/${secondId}`).set(...bearer(person.token)).send({ isDefault: false });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('reconnecting the same workspace replaces the tokens in place (same id), audited as reconnect', async () => {
    const person = await newPerson(t, world, 'reconnect');
    const id = await connectWorkspace(t, world, person);
    const before = await dataSourceOf(t).query(`SELECT access_token_enc FROM oauth_integrations WHERE id = $1`, [id]);
    const redirect = await consent(world, await startConnect(t, person), person);
    const res = await callback(t, person, redirect);
    expect(res.headers.location).toBe(`/app?notice=reconnected&integration=${id}`);
    const after = await dataSourceOf(t).query(`SELECT access_token_enc, status FROM oauth_integrations WHERE user_id = $1`, [person.userId]);
    expect(after).toHaveLength(1);
    expect(after[0].access_token_enc).not.toBe(before[0].access_token_enc);
    await t.http().get(`/integrations/${id}/status`).set(...bearer(person.token)).expect(200);
    expect(await auditActions(t, person.userId)).toEqual(['connect:success', 'reconnect:success']);
  });

  it('disconnect revokes at Notion, forgets the tokens, keeps the row as revoked; the old token is dead', async () => {
    const person = await newPerson(t, world, 'disconnect');
    const id = await connectWorkspace(t, world, person);
    await t.http().delete(`/integrations/${id}`).set(...bearer(person.token)).expect(204);
    const rows = await dataSourceOf(t).query(
      `SELECT status, access_token_enc, refresh_token_enc, is_default FROM oauth_integrations WHERE id = $1`,
      [id],
    );
    expect(rows).toEqual([{ status: 'revoked', access_token_enc: null, refresh_token_enc: null, is_default: false }]);
    const status = await t.http().get(`/integrations/${id}/status`).set(...bearer(person.token));
    expect(status.status).toBe(409);
    expect(status.body.code).toBe('NOTION_REAUTH_REQUIRED');
    expect(await auditActions(t, person.userId)).toEqual([
      'connect:success',
      'revoke:success:refresh',
      'revoke:success:access',
      'disconnect:success',
    ]);
    // Disconnecting twice is harmless.
    await t.http().delete(`/integrations/${id}`).set(...bearer(person.token)).expect(204);
  });

  it('connect and callback need a session', async () => {
    expect((await t.http().get('/integrations/notion/connect')).status).toBe(401);
    expect((await t.http().get('/integrations/notion/callback?code=a&state=b')).status).toBe(401);
    const user = await signUp(t, 'unknown-provider');
    const res = await t.http().get('/integrations/github/connect').set(...bearer(user.token));
    expect(res.status).toBe(404);
  });
});
