import { OAuthIntegrationService } from '../../src/oauth/integrations/oauth-integration.service';
import type { OAuthGrant } from '../../src/oauth/providers/oauth-provider';
import type { TestApp } from '../support/app';
import { bearer, login, signUp, type SignedIn } from '../support/auth';
import {
  bootEmbedded,
  embeddedAuthorize,
  embeddedCallback,
  embeddedConsent,
  starterPageOf,
  type EmbeddedApp,
} from './support/embedded-connect';
import { callback, connectWorkspace, consent, dataSourceOf, newPerson, startConnect, startOAuthWorld, type OAuthWorld } from './support/oauth-world';

async function integrationsOf(t: TestApp, user: SignedIn): Promise<unknown[]> {
  const res = await t.http().get('/integrations').set(...bearer(user.token)).expect(200);
  return res.body as unknown[];
}

async function auditOf(t: TestApp, userId: string): Promise<string[]> {
  const rows = await dataSourceOf(t).query(
    `SELECT action, outcome, reason, integration_id FROM oauth_audit_log WHERE user_id = $1 ORDER BY id`,
    [userId],
  );
  return rows.map((r: { action: string; outcome: string; reason: string | null }) => `${r.action}:${r.outcome}${r.reason ? `:${r.reason}` : ''}`);
}

/** The attacker's URL: the victim's unused code, under the attacker's own fresh state. */
function withState(victimRedirect: URL, attackerAuthorize: URL): URL {
  const forged = new URL(victimRedirect);
  forged.searchParams.set('state', attackerAuthorize.searchParams.get('state') as string);
  return forged;
}

describe('a stolen, unused authorization code connects nothing (embedded sandbox, its real consent flow)', () => {
  let e: EmbeddedApp;
  beforeAll(async () => {
    e = await bootEmbedded();
  });
  afterAll(() => e.close());

  it("C approves, D replays C's code with D's own state → 403 OAUTH_GRANT_OWNER_MISMATCH, nothing connected, C's page stays C's", async () => {
    const c = await signUp(e.t, 'victim-c');
    const d = await signUp(e.t, 'thief-d');
    const victimRedirect = await embeddedConsent(await embeddedAuthorize(e.t, c));
    expect(victimRedirect.searchParams.get('code')).toMatch(/\S{16,}/);

    const res = await embeddedCallback(e.t, d, withState(victimRedirect, await embeddedAuthorize(e.t, d)));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('OAUTH_GRANT_OWNER_MISMATCH');
    expect(await integrationsOf(e.t, d)).toEqual([]);
    expect(await auditOf(e.t, d.userId)).toEqual(['connect:failure:grant_owner_mismatch']);

    const cPage = starterPageOf(e.sandbox, c);
    const notConnected = await e.t.http().get(`/pages/${cPage}`).set(...bearer(d.token));
    expect(notConnected.status).toBe(409);
    expect(notConnected.body.code).toBe('NOTION_NOT_CONNECTED');
    expect((await e.t.http().get('/pages/toc').set(...bearer(d.token))).status).toBe(409);

    // D connects his own workspace: C's page is still out of his reach.
    const own = await embeddedCallback(e.t, d, await embeddedConsent(await embeddedAuthorize(e.t, d)));
    expect(own.headers.location).toMatch(/^\/app\?notice=connected&integration=/);
    const stillHidden = await e.t.http().get(`/pages/${cPage}`).set(...bearer(d.token));
    expect(stillHidden.status).toBe(404);
    expect(JSON.stringify(stillHidden.body)).not.toContain('Getting started');

    // C's spent code is gone, but C connects afresh and reads the page.
    const fresh = await embeddedCallback(e.t, c, await embeddedConsent(await embeddedAuthorize(e.t, c)));
    expect(fresh.headers.location).toMatch(/^\/app\?notice=connected&integration=/);
    const page = await e.t.http().get(`/pages/${cPage}`).set(...bearer(c.token));
    expect(page.status).toBe(200);
  });

  it("a state that is not this session's is refused before anything else, error=access_denied included, and stays usable by its owner", async () => {
    const owner = await signUp(e.t, 'state-owner');
    const other = await signUp(e.t, 'state-other');
    const authorize = await embeddedAuthorize(e.t, owner);
    const state = authorize.searchParams.get('state') as string;
    const cb = '/integrations/notion/callback';

    for (const query of [`error=access_denied&state=${state}`, `code=x&state=${state}`]) {
      const res = await e.t.http().get(`${cb}?${query}`).set(...bearer(other.token));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('OAUTH_STATE_INVALID');
    }
    // The same account on another session is someone else too.
    const secondSession = await login(e.t, owner.email);
    expect((await e.t.http().get(`${cb}?error=access_denied&state=${state}`).set(...bearer(secondSession.token))).status).toBe(400);
    for (const query of ['error=access_denied', 'error=access_denied&state=made-up', 'code=x', 'code=x&state=']) {
      const res = await e.t.http().get(`${cb}?${query}`).set(...bearer(owner.token));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('OAUTH_STATE_INVALID');
    }

    const done = await embeddedCallback(e.t, owner, await embeddedConsent(authorize));
    expect(done.status).toBe(302);
    expect(done.headers.location).toMatch(/^\/app\?notice=connected&integration=/);
    expect(await integrationsOf(e.t, other)).toEqual([]);
  });

  it("cancelling with one's own state → /app?notice=cancelled, and the state is spent", async () => {
    const user = await signUp(e.t, 'state-cancel');
    const redirect = await embeddedConsent(await embeddedAuthorize(e.t, user), 'cancel');
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    const res = await embeddedCallback(e.t, user, redirect);
    expect(res.headers.location).toBe('/app?notice=cancelled');
    expect((await embeddedCallback(e.t, user, redirect)).status).toBe(400);
  });
});

describe('grants bound to the Notion user who made them (configured Notion: the sandbox as api.notion.com)', () => {
  let world: OAuthWorld;
  let t: TestApp;
  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await world.boot();
  });
  afterAll(() => world.close());

  it("a Notion user already bound to another account → 409 NOTION_USER_BOUND_ELSEWHERE, nothing connected, audited for both", async () => {
    const c = await newPerson(t, world, 'bound-c');
    const cIntegration = await connectWorkspace(t, world, c);
    const d = await signUp(t, 'bound-d');
    // C approves again (e.g. a reconnect); D takes the unused code and replays it under his own state.
    const victimRedirect = await consent(world, await startConnect(t, c), c);
    const res = await callback(t, d, withState(victimRedirect, await startConnect(t, d)));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NOTION_USER_BOUND_ELSEWHERE');
    expect(await integrationsOf(t, d)).toEqual([]);
    const dPage = await t.http().get(`/pages/${c.pageId}`).set(...bearer(d.token));
    expect(dPage.status).toBe(409);

    expect(await auditOf(t, d.userId)).toEqual(['connect:failure:provider_user_bound_elsewhere']);
    const cAudit = await t.http().get(`/integrations/${cIntegration}/audit`).set(...bearer(c.token)).expect(200);
    expect(cAudit.body.items[0]).toMatchObject({ action: 'connect', outcome: 'failure', reason: 'provider_user_claimed_by_other_account' });
    // C's own connection is untouched.
    await t.http().get(`/integrations/${cIntegration}/status`).set(...bearer(c.token)).expect(200);
  });

  it('the binding outlives a disconnect: a later grant by that Notion user for another account is still refused', async () => {
    const c = await newPerson(t, world, 'gone-c');
    const id = await connectWorkspace(t, world, c);
    await t.http().delete(`/integrations/${id}`).set(...bearer(c.token)).expect(204);
    const d = await signUp(t, 'gone-d');
    const res = await callback(t, d, withState(await consent(world, await startConnect(t, c), c), await startConnect(t, d)));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NOTION_USER_BOUND_ELSEWHERE');
    // C himself reconnects.
    const back = await callback(t, c, await consent(world, await startConnect(t, c), c));
    expect(back.headers.location).toBe(`/app?notice=reconnected&integration=${id}`);
  });

  it('a reconnect of an integration by another Notion user than the one who made it → 403, tokens unchanged', async () => {
    const c = await newPerson(t, world, 'owner-change');
    const id = await connectWorkspace(t, world, c);
    const [row] = await dataSourceOf(t).query(`SELECT bot_id, workspace_id, access_token_enc FROM oauth_integrations WHERE id = $1`, [id]);
    const grant: OAuthGrant = {
      accessToken: 'ntn_other_person_token',
      refreshToken: 'nrt_other_person_token',
      account: {
        botId: row.bot_id,
        workspaceId: row.workspace_id,
        workspaceName: 'Shared',
        workspaceIcon: null,
        owner: { type: 'user', id: '6a1b7f3e-0000-4000-8000-000000000001', name: 'Someone else', email: null },
      },
    };
    await expect(t.app.get(OAuthIntegrationService).saveGrant(c.userId, 'notion', grant)).rejects.toMatchObject({
      code: 'OAUTH_GRANT_OWNER_MISMATCH',
    });
    const [after] = await dataSourceOf(t).query(`SELECT access_token_enc, owner_id FROM oauth_integrations WHERE id = $1`, [id]);
    expect(after.access_token_enc).toBe(row.access_token_enc);
    expect(after.owner_id).toBe(c.personId);
    expect(await auditOf(t, c.userId)).toEqual(['connect:success', 'connect:failure:reconnect_by_other_provider_user']);
  });
});
