import { isFullDataSource, isFullPage } from '@notionhq/client';
import { NotionObjectNotFoundError, NotionWorkspaceTrashedError } from '../../src/notion/notion.errors';
import { NotionClientFactory } from '../../src/notion/notion-client.factory';
import { NOTE_TYPES, RELATED_BACK } from '../../src/notion/workspace/workspace-layout';
import { bearer, signUp } from '../support/auth';
import { OAuthWorld, connectWorkspace, newPerson, startOAuthWorld, tokenCalls } from '../oauth/support/oauth-world';
import { NotionTestApp, bootNotionApp } from './support/notion-app';
import { connectUser, directClient, text } from './support/notion-world';

/**
 * NotionWorkspaceManager and GET /workspace against the sandbox over HTTP, with Notion's rate limit on.
 * Nothing of ours is replaced: users connect through the real OAuth flow and tokens come from the vault.
 */
/** Long enough that no token expires while the tests run, except where a test moves the sandbox clock. */
const TOKEN_TTL_SECONDS = 3600;

describe('Notion workspace', () => {
  let world: OAuthWorld;
  let t: NotionTestApp;
  let other: NotionTestApp;

  beforeAll(async () => {
    world = await startOAuthWorld({ rateLimit: { requestsPerSecond: 3, burst: 10 }, accessTokenTtlSeconds: TOKEN_TTL_SECONDS });
    t = await bootNotionApp(world);
    other = await bootNotionApp(world);
  });

  afterAll(async () => {
    await world?.close();
  });

  const calls = () => world.sandbox.control.requestLog().map((r) => `${r.method} ${r.route}`);
  /** A new user connected through the real flow; the request log then starts empty (the flow's OAuth calls are not counted). */
  const connected = async (label = 'user') => {
    const user = await connectUser(t, world, label);
    world.sandbox.control.clearRequestLog();
    return user;
  };
  /** A signed-up user whose workspace already has a top-level page of their own titled like our root. */
  const newPersonWithOwnRoot = async () => {
    const person = await newPerson(t, world, 'grace');
    const page = world.sandbox.control.seedPage({ workspaceId: person.workspaceId, title: 'Personal Assistant', createdBy: person.personId });
    return { ...person, ownPageId: String(page.id) };
  };
  const direct = (integrationId: string) => directClient(t, world, integrationId);
  const rootsOf = async (integrationId: string) =>
    (await (await direct(integrationId)).search({ query: 'Personal Assistant', filter: { property: 'object', value: 'page' } })).results.filter(
      (p) => isFullPage(p) && p.parent.type === 'workspace',
    );

  it('creates the root page and notes database with only the calls it needs, then answers from Postgres with none', async () => {
    const { integrationId } = await connected();

    const first = await t.workspaces.ensureWorkspace(integrationId);

    // The bot id is the one stored at connect, and a bot that never had a root of ours has none to adopt.
    expect(calls()).toEqual([
      'POST /v1/pages',
      'POST /v1/databases',
      'PATCH /v1/data_sources/{data_source_id}',
    ]);
    world.sandbox.control.clearRequestLog();
    expect(await t.workspaces.ensureWorkspace(integrationId)).toEqual(first);
    expect(await other.workspaces.ensureWorkspace(integrationId)).toEqual(first);
    expect(calls()).toEqual([]);

    const root = world.sandbox.control.pageContent(first.rootPageId);
    expect(root.title).toBe('Personal Assistant');
    expect(root.page.parent).toEqual({ type: 'workspace', workspace: true });
    expect(root.blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'child_database']);
    const source = await (await direct(integrationId)).dataSources.retrieve({ data_source_id: first.dataSourceId });
    if (!isFullDataSource(source)) throw new Error('partial data source');
    const props = Object.fromEntries(Object.values(source.properties).map((p) => [p.name, p]));
    expect(Object.fromEntries(Object.entries(props).map(([name, p]) => [name, p.type]))).toEqual({
      Name: 'title',
      Type: 'select',
      Tags: 'multi_select',
      Summary: 'rich_text',
      Related: 'relation',
      [RELATED_BACK]: 'relation',
      Created: 'date',
      'Note ID': 'rich_text',
    });
    const type = props.Type;
    expect(type.type === 'select' && type.select.options.map((o) => o.name)).toEqual([...NOTE_TYPES]);
    const related = props.Related;
    expect(related.type === 'relation' && related.relation).toMatchObject({ data_source_id: first.dataSourceId, type: 'dual_property' });
    expect(first.rootPageUrl).toMatch(/^http/);
    expect(first.databaseUrl).toMatch(/^http/);
  });

  it('creates exactly one root when the same integration is first used concurrently, in one instance and in two', async () => {
    const { integrationId } = await connected();

    const results = await Promise.all([
      t.workspaces.ensureWorkspace(integrationId),
      t.workspaces.ensureWorkspace(integrationId),
      other.workspaces.ensureWorkspace(integrationId),
      other.workspaces.ensureWorkspace(integrationId),
    ]);

    expect(new Set(results.map((r) => r.rootPageId)).size).toBe(1);
    expect(calls().filter((c) => c === 'POST /v1/pages')).toHaveLength(1);
    expect(calls().filter((c) => c === 'POST /v1/databases')).toHaveLength(1);
    expect(await rootsOf(integrationId)).toHaveLength(1);
  });

  it('adopts its earlier root when the stored ids were lost, instead of creating another', async () => {
    const { integrationId } = await connected();
    const first = await t.workspaces.ensureWorkspace(integrationId);
    await t.db.query('DELETE FROM notion_workspaces WHERE integration_id = $1', [integrationId]);
    world.sandbox.control.clearRequestLog();

    const adopted = await t.workspaces.ensureWorkspace(integrationId);

    expect(adopted).toEqual(first);
    expect(calls()).not.toContain('POST /v1/pages');
    expect(calls()).not.toContain('POST /v1/databases');
    expect(await rootsOf(integrationId)).toHaveLength(1);
  });

  it('adopts the root whose creation answered an error after all (the page was made), instead of creating another', async () => {
    const { integrationId } = await connected();
    world.sandbox.control.injectFault({ kind: 'fail_after_write', status: 500, method: 'POST', path: '/v1/pages', times: 1 });

    await expect(t.workspaces.ensureWorkspace(integrationId)).rejects.toBeDefined();
    world.sandbox.control.clearFaults();
    const workspace = await t.workspaces.ensureWorkspace(integrationId);

    expect(calls().filter((c) => c === 'POST /v1/search')).toHaveLength(1);
    expect((await rootsOf(integrationId)).map((p) => p.id)).toEqual([workspace.rootPageId]);
  });

  it('adopts its earlier root past the first page of search results', async () => {
    const person = await newPerson(t, world, 'many');
    const shared = world.sandbox.control.seedPage({ workspaceId: person.workspaceId, title: 'Drafts', createdBy: person.personId });
    const integrationId = await connectWorkspace(t, world, person, { pageId: String(shared.id) });
    const first = await t.workspaces.ensureWorkspace(integrationId);
    // 100 pages whose titles also match, edited after the root: search (newest first) shows the root on its second page.
    world.sandbox.control.advanceClock(120_000);
    for (let i = 0; i < 100; i += 1) {
      world.sandbox.control.seedPage({ workspaceId: person.workspaceId, parentPageId: String(shared.id), title: `Personal Assistant draft ${i}`, createdBy: person.personId });
    }
    await t.db.query('DELETE FROM notion_workspaces WHERE integration_id = $1', [integrationId]);
    world.sandbox.control.clearRequestLog();

    const adopted = await t.workspaces.ensureWorkspace(integrationId);

    expect(adopted).toEqual(first);
    expect(calls().filter((c) => c === 'POST /v1/search')).toHaveLength(2);
    expect(calls()).not.toContain('POST /v1/pages');
  });

  it('does not adopt a page of the same title that the user made and shared', async () => {
    const grace = await newPersonWithOwnRoot();
    const own = grace.ownPageId;
    const integrationId = await connectWorkspace(t, world, grace, { pageId: own });
    expect((await rootsOf(integrationId)).map((p) => p.id)).toEqual([own]);

    const workspace = await t.workspaces.ensureWorkspace(integrationId);

    expect(workspace.rootPageId).not.toBe(own);
    expect(await rootsOf(integrationId)).toHaveLength(2);
  });

  it('records a root page moved to the trash instead of rebuilding it: NOTION_WORKSPACE_TRASHED, nothing created, not retried', async () => {
    const { integrationId } = await connected();
    const notion = t.app.get(NotionClientFactory).forIntegration(integrationId);
    const first = await t.workspaces.ensureWorkspace(integrationId);
    await (await direct(integrationId)).pages.update({ page_id: first.rootPageId, in_trash: true });
    world.sandbox.control.clearRequestLog();
    const seen: string[] = [];

    await expect(
      t.workspaces.withWorkspace(integrationId, async (workspace) => {
        seen.push(workspace.rootPageId);
        return notion.appendBlockChildren({ block_id: workspace.rootPageId, children: [{ paragraph: { rich_text: text('hello') } }] });
      }),
    ).rejects.toBeInstanceOf(NotionWorkspaceTrashedError);

    expect(seen).toEqual([first.rootPageId]);
    // The refused write, then one read of the root: it is in the trash, so nothing further is asked.
    expect(calls()).toEqual(['PATCH /v1/blocks/{block_id}/children', 'GET /v1/pages/{page_id}']);
    expect(await t.workspaces.ensureWorkspace(integrationId)).toEqual({ ...first, state: 'root_trashed' });
    // Known now: the next operation stops before any Notion call.
    world.sandbox.control.clearRequestLog();
    await expect(t.workspaces.withWorkspace(integrationId, async () => seen.push('again'))).rejects.toMatchObject({ code: 'NOTION_WORKSPACE_TRASHED' });
    expect(seen).toHaveLength(1);
    expect(calls()).toEqual([]);
  });

  it('checks the workspace for the change feed only when the changed object is its root, database or data source', async () => {
    const { integrationId } = await connected();
    const first = await t.workspaces.ensureWorkspace(integrationId);
    await (await direct(integrationId)).blocks.delete({ block_id: first.databaseId });
    world.sandbox.control.clearRequestLog();

    expect(await t.workspaces.checkIfWorkspaceObject(integrationId, '00000000-0000-4000-8000-000000000abc')).toBeNull();
    expect(calls()).toEqual([]);
    const checked = await t.workspaces.checkIfWorkspaceObject(integrationId, first.dataSourceId.replace(/-/g, ''));

    expect(checked).toEqual({ ...first, state: 'toc_trashed' });
    expect(calls()).toEqual(['GET /v1/pages/{page_id}', 'GET /v1/databases/{database_id}']);
    expect(await t.workspaces.ensureWorkspace(integrationId)).toEqual({ ...first, state: 'toc_trashed' });
  });

  it('records ids Notion no longer knows (object_not_found) as gone; starting anew adopts the live root of this bot and its Table of Contents', async () => {
    const { integrationId } = await connected();
    const notion = t.app.get(NotionClientFactory).forIntegration(integrationId);
    const first = await t.workspaces.ensureWorkspace(integrationId);
    const gone = '00000000-0000-4000-8000-00000000dead';
    await t.db.query('UPDATE notion_workspaces SET root_page_id = $2, database_id = $2, data_source_id = $2 WHERE integration_id = $1', [integrationId, gone]);
    const createRow = (workspace: { dataSourceId: string }) =>
      notion.createPage({ parent: { type: 'data_source_id', data_source_id: workspace.dataSourceId }, properties: { Name: { title: text('A note') } } });

    await expect(t.workspaces.withWorkspace(integrationId, createRow)).rejects.toMatchObject({ code: 'NOTION_WORKSPACE_TRASHED', state: 'gone' });
    expect((await t.workspaces.ensureWorkspace(integrationId)).state).toBe('gone');

    const rehomed: boolean[] = [];
    world.sandbox.control.clearRequestLog();
    const started = await t.workspaces.startNew(integrationId, async (_tx, mayHoldPages) => {
      rehomed.push(mayHoldPages);
    });

    expect(started).toEqual(first);
    expect(rehomed).toEqual([true]);
    expect(calls()).not.toContain('POST /v1/pages');
    expect(calls()).not.toContain('POST /v1/databases');
    const row = await t.workspaces.withWorkspace(integrationId, createRow);
    expect(isFullPage(row) && row.parent).toMatchObject({ type: 'data_source_id', data_source_id: first.dataSourceId });
    await expect(t.workspaces.startNew(integrationId, async () => undefined)).rejects.toMatchObject({ code: 'WORKSPACE_ACTIVE' });
  });

  it('does not retry an operation whose own object is gone once the workspace checks out (≤ 3 reads)', async () => {
    const { integrationId } = await connected();
    await t.workspaces.ensureWorkspace(integrationId);
    world.sandbox.control.clearRequestLog();
    let runs = 0;
    await expect(
      t.workspaces.withWorkspace(integrationId, async () => {
        runs += 1;
        throw new NotionObjectNotFoundError();
      }),
    ).rejects.toBeInstanceOf(NotionObjectNotFoundError);
    expect(runs).toBe(1);
    expect(calls()).toEqual(['GET /v1/pages/{page_id}', 'GET /v1/databases/{database_id}', 'GET /v1/data_sources/{data_source_id}']);
    expect((await t.workspaces.ensureWorkspace(integrationId)).state).toBe('active');
  });

  it('adds back a property that was removed, keeps one the user renamed, and reports one whose type changed', async () => {
    const { integrationId } = await connected();
    const first = await t.workspaces.ensureWorkspace(integrationId);
    const client = await direct(integrationId);
    await client.dataSources.update({ data_source_id: first.dataSourceId, properties: { Tags: null, Summary: { name: 'Abstract' }, Type: null } });
    // Notion keeps a property's id when its type changes; the sandbox refuses type changes, so the same
    // name comes back with another type (our stored id is gone either way, and the name is taken).
    await client.dataSources.update({ data_source_id: first.dataSourceId, properties: { Type: { rich_text: {} } } });

    const checked = await t.workspaces.checkWorkspace(integrationId);

    const source = await client.dataSources.retrieve({ data_source_id: first.dataSourceId });
    const types = isFullDataSource(source) ? Object.fromEntries(Object.values(source.properties).map((p) => [p.name, p.type])) : {};
    expect(types).toMatchObject({ Tags: 'multi_select', Abstract: 'rich_text', Type: 'rich_text' });
    expect(types).not.toHaveProperty('Summary');
    expect(checked.state).toBe('active');
    expect(checked.propertyIds.Summary).toBe(first.propertyIds.Summary);
    expect(checked.propertyIds.Tags).not.toBe(first.propertyIds.Tags);
    expect(checked.propertyIds).not.toHaveProperty('Type');
    expect(checked.schemaIssues).toEqual([{ property: 'Type', kind: 'type_changed', expected: 'select', found: 'rich_text' }]);
    expect(await t.workspaces.ensureWorkspace(integrationId)).toEqual(checked);
  });

  it('forgets the workspace when the integration is disconnected, and adopts the same root when it is reconnected', async () => {
    const user = await connected('leaver');
    const first = await t.http().get('/workspace').set(...bearer(user.token)).expect(200);
    const storedRows = () => t.db.query('SELECT 1 FROM notion_workspaces WHERE integration_id = $1', [user.integrationId]);
    expect(await storedRows()).toHaveLength(1);

    await t.http().delete(`/integrations/${user.integrationId}`).set(...bearer(user.token)).expect(204);

    expect(await storedRows()).toHaveLength(0);
    await t.http().get('/workspace').set(...bearer(user.token)).expect(409);

    const again = await connectWorkspace(t, world, user);
    world.sandbox.control.clearRequestLog();
    const back = await t.http().get('/workspace').set(...bearer(user.token)).expect(200);

    expect(back.body).toEqual({ ...first.body, integrationId: again });
    expect(calls()).not.toContain('POST /v1/pages');
    expect(calls()).not.toContain('POST /v1/databases');
    expect(await rootsOf(again)).toHaveLength(1);
  });

  it('drops the workspace row with its integration (foreign key, ON DELETE CASCADE)', async () => {
    const { integrationId } = await connected('cascade');
    await t.workspaces.ensureWorkspace(integrationId);

    await t.db.query('DELETE FROM oauth_integrations WHERE id = $1', [integrationId]);

    expect(await t.db.query('SELECT 1 FROM notion_workspaces WHERE integration_id = $1', [integrationId])).toHaveLength(0);
    await expect(
      t.db.query(
        `INSERT INTO notion_workspaces (integration_id, root_page_id, root_page_url, database_id, database_url, data_source_id)
         VALUES ($1, $1, '', $1, '', $1)`,
        [integrationId],
      ),
    ).rejects.toThrow(/foreign key/);
  });

  it('refreshes an expired access token through the vault once, and keeps working with the new one', async () => {
    const user = await connected('expiring');
    await t.http().get('/workspace').set(...bearer(user.token)).expect(200);
    const before = await t.tokens.getValidAccessToken(user.integrationId);
    // Only this test's token ever sees the clock: every other test connects its own user afterwards.
    world.sandbox.control.advanceClock((TOKEN_TTL_SECONDS + 1) * 1000);
    world.sandbox.control.clearRequestLog();
    const notion = t.app.get(NotionClientFactory).forIntegration(user.integrationId);

    const me = await notion.me();
    await notion.me();

    expect(me.type).toBe('bot');
    expect(world.sandbox.control.requestLog().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /v1/users/me 401',
      'POST /v1/oauth/token 200',
      'GET /v1/users/me 200',
      'GET /v1/users/me 200',
    ]);
    expect(tokenCalls(world)).toBe(1);
    const after = await t.tokens.getValidAccessToken(user.integrationId);
    expect(after).not.toBe(before);
  });

  describe('GET /workspace', () => {
    it('shows the signed-in user their root page and database, created on the first call', async () => {
      const user = await connected('notion');
      const integrationId = user.integrationId;

      const res = await t.http().get('/workspace').set(...bearer(user.token)).expect(200);
      world.sandbox.control.clearRequestLog();
      const again = await t.http().get('/workspace').set(...bearer(user.token)).expect(200);

      expect(res.body).toEqual({
        integrationId,
        rootPage: { id: expect.any(String), url: expect.stringMatching(/^http/) },
        database: { id: expect.any(String), url: expect.stringMatching(/^http/), dataSourceId: expect.any(String) },
        state: 'active',
        choices: [],
        schemaIssues: [],
      });
      expect(again.body).toEqual(res.body);
      expect(calls()).toEqual([]);
    });

    it('answers 409 NOTION_NOT_CONNECTED, saying where to connect, when the user has no Notion connection', async () => {
      const user = await signUp(t, 'unconnected');
      const res = await t.http().get('/workspace').set(...bearer(user.token)).expect(409);
      expect(res.body).toMatchObject({ code: 'NOTION_NOT_CONNECTED', message: expect.stringContaining('/app') });
    });

    it('answers 404 for a connection of another user, and 400 for a malformed id', async () => {
      const user = await signUp(t, 'nosy');
      const stranger = await connectUser(t, world, 'stranger');
      await t.http().get('/workspace').query({ integrationId: stranger.integrationId }).set(...bearer(user.token)).expect(404);
      const bad = await t.http().get('/workspace').query({ integrationId: 'nope' }).set(...bearer(user.token)).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });

    it('needs a session', async () => {
      await t.http().get('/workspace').expect(401);
    });
  });
});
