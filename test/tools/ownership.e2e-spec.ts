import type TestAgent from 'supertest/lib/agent';
import { createApiKey } from '../support/api-keys';
import { connectWorkspace, newPerson, startOAuthWorld, type OAuthWorld, type Person } from '../oauth/support/oauth-world';
import type { TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { FakeOpenAi, reply } from '../support/fake-openai';
import { listRoutes, routeKey } from '../support/routes';

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
}

/** The owner's page is still theirs, unchanged, out of the trash, and still linked. */
async function pageIntact(t: TestApp, victim: Owner): Promise<boolean> {
  const page = await t.http().get(`/pages/${victim.pageId}`).set(...bearer(victim.user.token));
  const links = await t.http().get(`/pages/${victim.pageId}/backlinks`).set(...bearer(victim.user.token));
  return (
    page.status === 200 &&
    page.body.title === 'Private page' &&
    page.body.in_trash === false &&
    (links.body.links_to as Array<{ page_id: string }>).map((l) => l.page_id).join() === victim.linkedPageId
  );
}

/** The victim's integration is still theirs, active, their default, and its tokens still work at Notion. */
async function integrationIntact(t: TestApp, victim: Owner): Promise<boolean> {
  const list = await t.http().get('/integrations').set(...bearer(victim.user.token));
  const mine = (list.body as Array<{ id: string; status: string; isDefault: boolean }>).find((i) => i.id === victim.integrationId);
  const status = await t.http().get(`/integrations/${victim.integrationId}/status`).set(...bearer(victim.user.token));
  return mine?.status === 'active' && mine.isDefault && status.status === 200;
}

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
      http.post('/assistant/messages').set(...bearer(credential)).send({ message: 'read it to me', conversation_id: victim.conversationId }),
    intact: async () => true,
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
      http.post(`/pages/${victim.linkedPageId}/links`).set(...bearer(credential)).send({ target_page_id: victim.pageId }),
    intact: pageIntact,
    code: 'NOTION_OBJECT_NOT_FOUND',
  },
  // The link is recorded for its owner only: another user has no such link to remove.
  'DELETE /pages/:id/links/:target': {
    call: (http, credential, victim) => http.delete(`/pages/${victim.pageId}/links/${victim.linkedPageId}`).set(...bearer(credential)),
    intact: pageIntact,
  },
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
    const link = await t.http().post(`/pages/${page.body.id}/links`).set(...bearer(user.token)).send({ target_page_id: linked.body.id });
    if (link.status !== 201) throw new Error(`link answered ${link.status}: ${JSON.stringify(link.body)}`);
    return {
      user,
      apiKey,
      sessionId: sessions.body[0].id,
      conversationId: conversation.body.conversation_id,
      integrationId,
      pageId: page.body.id,
      linkedPageId: linked.body.id,
    };
  }

  beforeAll(async () => {
    fake = await FakeOpenAi.start();
    world = await startOAuthWorld();
    t = await world.boot({ LLM_BASE_URL: fake.baseUrl, LLM_MAX_RETRIES: '0' });
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
    const own = await t.http().post('/assistant/messages').set(...bearer(ada.apiKey.key)).send({ message: 'and now?', conversation_id: ada.conversationId });
    expect(own.status).toBe(200);
    expect(own.body.conversation_id).toBe(ada.conversationId);
  });
});
