import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApiKey } from '../support/api-keys';
import { connectWorkspace, newPerson, startOAuthWorld, type OAuthWorld, type Person } from '../oauth/support/oauth-world';
import type { TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { FakeOpenAi, reply } from '../support/fake-openai';
import { listRoutes, routeKey } from '../support/routes';
import { FAST_SYNC_ENV } from '../notes/support/notes-world';

/**
 * Path parameters that name something global, not a resource of a user: a tool, an OAuth provider (whose
 * callback's state is bound to the session that started it; see test/oauth/connect-flow).
 */
const NOT_OWNED = new Set([
  'POST /tools/:name/invoke',
  'GET /integrations/:provider/connect',
  'GET /integrations/:provider/callback',
]);

interface Owner {
  user: Person;
  apiKey: { key: string; id: string };
  sessionId: string;
  conversationId: string;
  integrationId: string;
  /** Two Notion pages of the owner's, the first linked to the second. */
  pageId: string;
  linkedPageId: string;
  note: { id: string; before: unknown };
  /** A call the assistant held for the owner's confirmation (trashing the linked page). */
  actionId: string;
  /** An AI client the owner allowed to use /mcp. */
  mcpGrantId: string;
}

/** The owner's page is still theirs, unchanged, out of the trash, and still linked. */
/** Registers an AI client and allows it as the user (as /app/authorize does); returns the grant's id. */
async function allowAiClient(t: TestApp, token: string): Promise<string> {
  const redirect = 'https://client.example/callback';
  const client = await t.http().post('/oauth/register').send({ client_name: 'Agent', redirect_uris: [redirect], token_endpoint_auth_method: 'none' });
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
  const decided = await t.http().post('/auth/mcp-clients/authorization').set(...bearer(token)).send({ clientId: client.body.client_id, redirectUri: redirect, codeChallenge: challenge, decision: 'allow' });
  if (decided.status !== 200) throw new Error(`allowing the client answered ${decided.status}: ${JSON.stringify(decided.body)}`);
  const grants = await t.http().get('/auth/mcp-clients').set(...bearer(token));
  return grants.body[0].grantId as string;
}

/** The held action still waits for its owner, and the page it would trash is not in the trash. */
async function actionPending(t: TestApp, victim: Owner): Promise<boolean> {
  const actions = (await t.http().get('/assistant/actions').set(...bearer(victim.user.token))).body as Array<{ actionId: string; status: string }>;
  const linked = await t.http().get(`/pages/${victim.linkedPageId}`).set(...bearer(victim.user.token));
  return actions.some((a) => a.actionId === victim.actionId && a.status === 'pending') && linked.body.inTrash === false;
}

async function pageIntact(t: TestApp, victim: Owner): Promise<boolean> {
  const page = await t.http().get(`/pages/${victim.pageId}`).set(...bearer(victim.user.token));
  const links = await t.http().get(`/pages/${victim.pageId}/backlinks`).set(...bearer(victim.user.token));
  return (
    page.status === 200 &&
    page.body.title === 'Private page' &&
    page.body.inTrash === false &&
    (links.body.linksTo as Array<{ pageId: string }>).map((l) => l.pageId).join() === victim.linkedPageId
  );
}

/** The victim's integration is still theirs, active, their default, and its tokens still work at Notion. */
async function integrationIntact(t: TestApp, victim: Owner): Promise<boolean> {
  const list = await t.http().get('/integrations').set(...bearer(victim.user.token));
  const mine = (list.body as Array<{ id: string; status: string; isDefault: boolean }>).find((i) => i.id === victim.integrationId);
  const status = await t.http().get(`/integrations/${victim.integrationId}/status`).set(...bearer(victim.user.token));
  return mine?.status === 'active' && mine.isDefault && status.status === 200;
}

/** What of a note another user could change (its fields, version, trash state, links), read from the database. */
async function noteState(t: TestApp, noteId: string): Promise<unknown> {
  const ds = t.app.get(DataSource);
  const [row] = await ds.query(`SELECT user_id, title, content, type, tags, summary, version, trashed_at FROM notes WHERE id = $1`, [noteId]);
  const [links] = await ds.query(`SELECT count(*)::int AS n FROM note_links WHERE source_note_id = $1 OR target_note_id = $1`, [noteId]);
  return { ...row, links: links.n };
}

const noteIntact = async (t: TestApp, victim: Owner) => JSON.stringify(await noteState(t, victim.note.id)) === JSON.stringify(victim.note.before);

/** The victim's note, by a route of /notes/:id (`:target` is the victim's note too; bodies valid, so a 404 cannot come from validation). */
const noteRoute = (method: 'get' | 'post' | 'patch' | 'delete', suffix = '', body?: object) => ({
  call: (http: TestAgent, credential: string, victim: Owner) => {
    const req = http[method](`/notes/${victim.note.id}${suffix.replace(':target', victim.note.id)}`).set(...bearer(credential));
    return body ? req.send(body) : req;
  },
  intact: noteIntact,
});

/**
 * Every route that takes the id of a user's resource: how to aim it at `victim`'s resource, and how the
 * victim checks the resource is untouched afterwards. A new route with an id fails the first test until
 * it is added here.
 */
const OWNED_ROUTES: Record<
  string,
  {
    call: (http: TestAgent, credential: string, victim: Owner) => ReturnType<TestAgent['get']>;
    intact: (t: TestApp, victim: Owner) => Promise<boolean>;
    /** The 404's code, when not NOT_FOUND: Notion pages answer as Notion does for a page not shared with the caller. */
    code?: string;
  }
> = {
  'DELETE /auth/sessions/:id': {
    call: (http, credential, victim) => http.delete(`/auth/sessions/${victim.sessionId}`).set(...bearer(credential)),
    intact: async (t, victim) => (await t.http().get('/auth/me').set(...bearer(victim.user.token))).status === 200,
  },
  'DELETE /auth/api-keys/:id': {
    call: (http, credential, victim) => http.delete(`/auth/api-keys/${victim.apiKey.id}`).set(...bearer(credential)),
    intact: async (t, victim) => (await t.http().get('/auth/me').set(...bearer(victim.apiKey.key))).status === 200,
  },
  'POST /assistant/messages': {
    call: (http, credential, victim) =>
      http.post('/assistant/messages').set(...bearer(credential)).send({ message: 'read it to me', conversationId: victim.conversationId }),
    intact: async () => true,
  },
  // AI clients are revoked by session only; another user's grant id is not found and the client keeps working.
  'DELETE /auth/mcp-clients/:id': {
    call: (http, credential, victim) => http.delete(`/auth/mcp-clients/${victim.mcpGrantId}`).set(...bearer(credential)),
    intact: async (t, victim) =>
      ((await t.http().get('/auth/mcp-clients').set(...bearer(victim.user.token))).body as Array<{ grantId: string }>).some(
        (g) => g.grantId === victim.mcpGrantId,
      ),
  },
  'DELETE /assistant/conversations/:id': {
    call: (http, credential, victim) => http.delete(`/assistant/conversations/${victim.conversationId}`).set(...bearer(credential)),
    intact: async (t, victim) =>
      ((await t.http().get('/assistant/conversations').set(...bearer(victim.user.token))).body as Array<{ conversationId: string }>).some(
        (c) => c.conversationId === victim.conversationId,
      ),
  },
  'POST /assistant/actions/:id/confirm': {
    call: (http, credential, victim) => http.post(`/assistant/actions/${victim.actionId}/confirm`).set(...bearer(credential)),
    intact: actionPending,
  },
  'POST /assistant/actions/:id/decline': {
    call: (http, credential, victim) => http.post(`/assistant/actions/${victim.actionId}/decline`).set(...bearer(credential)),
    intact: actionPending,
  },
  'GET /integrations/:id/status': {
    call: (http, credential, victim) => http.get(`/integrations/${victim.integrationId}/status`).set(...bearer(credential)),
    intact: integrationIntact,
  },
  'GET /integrations/:id/audit': {
    call: (http, credential, victim) => http.get(`/integrations/${victim.integrationId}/audit`).set(...bearer(credential)),
    intact: integrationIntact,
  },
  // A valid body, so that a 404 cannot come from validation failing first.
  'PATCH /integrations/:id': {
    call: (http, credential, victim) =>
      http.patch(`/integrations/${victim.integrationId}`).set(...bearer(credential)).send({ isDefault: true }),
    intact: integrationIntact,
  },
  'DELETE /integrations/:id': {
    call: (http, credential, victim) => http.delete(`/integrations/${victim.integrationId}`).set(...bearer(credential)),
    intact: integrationIntact,
  },
  'GET /pages/:id': {
    call: (http, credential, victim) => http.get(`/pages/${victim.pageId}`).set(...bearer(credential)),
    intact: pageIntact,
    code: 'NOTION_OBJECT_NOT_FOUND',
  },
  'PATCH /pages/:id': {
    call: (http, credential, victim) =>
      http.patch(`/pages/${victim.pageId}`).set(...bearer(credential)).send({ title: 'hijacked', content: 'x', mode: 'replace' }),
    intact: pageIntact,
    code: 'NOTION_OBJECT_NOT_FOUND',
  },
  'DELETE /pages/:id': {
    call: (http, credential, victim) => http.delete(`/pages/${victim.pageId}`).set(...bearer(credential)),
    intact: pageIntact,
    code: 'NOTION_OBJECT_NOT_FOUND',
  },
  'GET /pages/:id/backlinks': {
    call: (http, credential, victim) => http.get(`/pages/${victim.pageId}/backlinks`).set(...bearer(credential)),
    intact: pageIntact,
    code: 'NOTION_OBJECT_NOT_FOUND',
  },
  'POST /pages/:id/links': {
    call: (http, credential, victim) =>
      http.post(`/pages/${victim.linkedPageId}/links`).set(...bearer(credential)).send({ targetPageId: victim.pageId }),
    intact: pageIntact,
    code: 'NOTION_OBJECT_NOT_FOUND',
  },
  // The link is recorded for its owner only: another user has no such link to remove.
  'DELETE /pages/:id/links/:target': {
    call: (http, credential, victim) => http.delete(`/pages/${victim.pageId}/links/${victim.linkedPageId}`).set(...bearer(credential)),
    intact: pageIntact,
  },
  'GET /notes/:id': noteRoute('get'),
  'PATCH /notes/:id': noteRoute('patch', '', { title: 'Taken over' }),
  'DELETE /notes/:id': noteRoute('delete'),
  'POST /notes/:id/restore': noteRoute('post', '/restore'),
  'POST /notes/:id/sync': noteRoute('post', '/sync'),
  'POST /notes/:id/enhance': noteRoute('post', '/enhance', { mode: 'all' }),
  'GET /notes/:id/intelligence': noteRoute('get', '/intelligence'),
  'GET /notes/:id/related': noteRoute('get', '/related'),
  'GET /notes/:id/backlinks': noteRoute('get', '/backlinks'),
  'GET /notes/:id/history': noteRoute('get', '/history'),
  'POST /notes/:id/links': noteRoute('post', '/links', { targetNoteId: '00000000-0000-4000-8000-000000000000' }),
  'DELETE /notes/:id/links/:target': noteRoute('delete', '/links/:target'),
};

describe("ownership: a user's session or API key never reaches another user's resources", () => {
  let fake: FakeOpenAi;
  let world: OAuthWorld;
  let t: TestApp;
  let ada: Owner;
  let bob: Owner;

  async function owner(label: string): Promise<Owner> {
    const user = await newPerson(t, world, label);
    const integrationId = await connectWorkspace(t, world, user);
    const apiKey = await createApiKey(t, user, `${label}'s agent`);
    const sessions = await t.http().get('/auth/sessions').set(...bearer(user.token));
    fake.enqueue(reply.text(`hello ${label}`));
    const conversation = await t.http().post('/assistant/messages').set(...bearer(user.token)).send({ message: `I am ${label}` });
    const page = await t.http().post('/pages').set(...bearer(user.token)).send({ title: 'Private page', content: `${label}'s secret` });
    const linked = await t.http().post('/pages').set(...bearer(user.token)).send({ title: 'Linked page', content: '' });
    const link = await t.http().post(`/pages/${page.body.pageId}/links`).set(...bearer(user.token)).send({ targetPageId: linked.body.pageId });
    if (link.status !== 201) throw new Error(`link answered ${link.status}: ${JSON.stringify(link.body)}`);
    fake.enqueue(reply.toolCalls({ name: 'delete_note_page', arguments: { pageId: linked.body.pageId } }), reply.text('Confirm?'));
    const held = await t.http().post('/assistant/messages').set(...bearer(user.token)).send({ message: 'trash it', conversationId: conversation.body.conversationId });
    if (held.body.pendingActions?.length !== 1) throw new Error(`no held action: ${JSON.stringify(held.body)}`);
    const mcpGrantId = await allowAiClient(t, user.token);
    // Saved as written (no model call), so the walk below can count the model's requests.
    const note = await t.http().post('/notes').set(...bearer(user.token)).send({ content: `${label}'s private note`, enhance: false });
    if (note.status >= 300) throw new Error(`note creation answered ${note.status}`);
    const noteId = note.body.id as string;
    return { user, apiKey, sessionId: sessions.body[0].id, conversationId: conversation.body.conversationId, integrationId, pageId: page.body.pageId, linkedPageId: linked.body.pageId, note: { id: noteId, before: await noteState(t, noteId) }, actionId: held.body.pendingActions[0].actionId, mcpGrantId };
  }

  beforeAll(async () => {
    fake = await FakeOpenAi.start();
    world = await startOAuthWorld();
    t = await world.boot({ ...FAST_SYNC_ENV, LLM_BASE_URL: fake.baseUrl, LLM_MAX_RETRIES: '0' });
    ada = await owner('ada');
    bob = await owner('bob');
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });

  it('knows every route that takes the id of a user resource', () => {
    const withIds = listRoutes(t.app)
      .filter((route) => /:[A-Za-z]/.test(route.path))
      .map(routeKey)
      .filter((key) => !NOT_OWNED.has(key));
    expect(withIds.length).toBeGreaterThanOrEqual(2);
    expect(withIds.filter((key) => !(key in OWNED_ROUTES))).toEqual([]);
  });

  it.each(Object.keys(OWNED_ROUTES))('%s: 404 with the other user\'s session, 403 or 404 with their key; nothing changes', async (key) => {
    const route = OWNED_ROUTES[key];
    const requestsBefore = fake.requests.length;
    const notFound = route.code ?? 'NOT_FOUND';
    const viaSession = await route.call(t.http(), bob.user.token, ada);
    expect({ key, status: viaSession.status, code: viaSession.body.code }).toEqual({ key, status: 404, code: notFound });
    const viaKey = await route.call(t.http(), bob.apiKey.key, ada);
    expect([
      { status: 404, code: notFound },
      { status: 403, code: 'API_KEY_NOT_ALLOWED' },
    ]).toContainEqual({ status: viaKey.status, code: viaKey.body.code });
    expect(await route.intact(t, ada)).toBe(true);
    expect(fake.requests.length).toBe(requestsBefore);
  });

  it("never lists another user's keys or sessions", async () => {
    const keys = await t.http().get('/auth/api-keys').set(...bearer(bob.user.token));
    expect(keys.body.map((k: { id: string }) => k.id)).toEqual([bob.apiKey.id]);
    const sessions = await t.http().get('/auth/sessions').set(...bearer(bob.user.token));
    expect(sessions.body.map((s: { id: string }) => s.id)).not.toContain(ada.sessionId);
  });

  it('the owner still reaches their own resources', async () => {
    fake.enqueue(reply.text('still here'));
    const own = await t.http().post('/assistant/messages').set(...bearer(ada.apiKey.key)).send({ message: 'and now?', conversationId: ada.conversationId });
    expect(own.status).toBe(200);
    expect(own.body.conversationId).toBe(ada.conversationId);
  });
});
