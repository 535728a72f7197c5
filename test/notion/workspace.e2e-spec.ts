import { Client, isFullDataSource, isFullPage } from '@notionhq/client';
import { NotionObjectNotFoundError } from '../../src/notion/notion.errors';
import { NotionClientFactory } from '../../src/notion/notion-client.factory';
import { NOTE_TYPES, RELATED_BACK } from '../../src/notion/workspace/workspace-layout';
import { bearer, signUp } from '../support/auth';
import { NotionTestApp, bootNotionApp } from './support/notion-app';
import { NotionWorld, startNotionWorld, text } from './support/notion-world';

/** NotionWorkspaceManager and GET /workspace against the sandbox over HTTP, with Notion's rate limit on. */
describe('Notion workspace', () => {
  let world: NotionWorld;
  let t: NotionTestApp;
  let other: NotionTestApp;

  beforeAll(async () => {
    world = await startNotionWorld({ rateLimit: { requestsPerSecond: 3, burst: 10 } });
    t = await bootNotionApp(world);
    other = await bootNotionApp(world);
  });

  afterAll(async () => {
    await other?.close();
    await t?.close();
    await world?.close();
  });

  beforeEach(() => world.sandbox.control.clearRequestLog());

  const calls = () => world.sandbox.control.requestLog().map((r) => `${r.method} ${r.route}`);
  const direct = (integrationId: string) =>
    new Client({ baseUrl: world.sandbox.url, auth: world.connections.accessTokenOf(integrationId), notionVersion: '2026-03-11', retry: false, logger: () => undefined });
  const rootsOf = async (integrationId: string) =>
    (await direct(integrationId).search({ query: 'Personal Assistant', filter: { property: 'object', value: 'page' } })).results.filter(
      (p) => isFullPage(p) && p.parent.type === 'workspace',
    );

  it('creates the root page and notes database with only the calls it needs, then answers from Postgres with none', async () => {
    const { integrationId } = world.connectUser();

    const first = await t.workspaces.ensureWorkspace(integrationId);

    expect(calls()).toEqual([
      'GET /v1/users/me',
      'POST /v1/search',
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
    const source = await direct(integrationId).dataSources.retrieve({ data_source_id: first.dataSourceId });
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
    const { integrationId } = world.connectUser();

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
    const { integrationId } = world.connectUser();
    const first = await t.workspaces.ensureWorkspace(integrationId);
    await t.db.query('DELETE FROM notion_workspaces WHERE integration_id = $1', [integrationId]);
    world.sandbox.control.clearRequestLog();

    const adopted = await t.workspaces.ensureWorkspace(integrationId);

    expect(adopted).toEqual(first);
    expect(calls()).not.toContain('POST /v1/pages');
    expect(calls()).not.toContain('POST /v1/databases');
    expect(await rootsOf(integrationId)).toHaveLength(1);
  });

  it('does not adopt a page of the same title that the user made and shared', async () => {
    const c = world.sandbox.control;
    const person = c.createPerson({ name: 'Grace', email: `grace-${crypto.randomUUID()}@sandbox.localhost` }).id;
    const workspaceId = c.createWorkspace({ name: 'Grace’s workspace', memberIds: [person] }).id;
    const own = String(c.seedPage({ workspaceId, title: 'Personal Assistant', createdBy: person }).id);
    const integrationId = world.connections.connect(crypto.randomUUID(), { workspaceId, personId: person, pageIds: [own] });
    expect((await rootsOf(integrationId)).map((p) => p.id)).toEqual([own]);

    const workspace = await t.workspaces.ensureWorkspace(integrationId);

    expect(workspace.rootPageId).not.toBe(own);
    expect(await rootsOf(integrationId)).toHaveLength(2);
  });

  it('heals a root page moved to the trash: recreates it, stores the new ids and retries the operation once', async () => {
    const { integrationId } = world.connectUser();
    const notion = t.app.get(NotionClientFactory).forIntegration(integrationId);
    const first = await t.workspaces.ensureWorkspace(integrationId);
    await direct(integrationId).pages.update({ page_id: first.rootPageId, in_trash: true });
    const seen: string[] = [];

    await t.workspaces.withWorkspace(integrationId, async (workspace) => {
      seen.push(workspace.rootPageId);
      return notion.appendBlockChildren({ block_id: workspace.rootPageId, children: [{ paragraph: { rich_text: text('hello') } }] });
    });

    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(first.rootPageId);
    const healed = await t.workspaces.ensureWorkspace(integrationId);
    expect(healed.rootPageId).toBe(seen[1]);
    expect(healed.rootPageId).not.toBe(first.rootPageId);
    expect(healed.databaseId).not.toBe(first.databaseId);
    expect(world.sandbox.control.pageContent(healed.rootPageId).blocks.at(-1)?.text).toBe('hello');
  });

  it('heals ids Notion no longer knows (object_not_found) by adopting the live root', async () => {
    const { integrationId } = world.connectUser();
    const notion = t.app.get(NotionClientFactory).forIntegration(integrationId);
    const first = await t.workspaces.ensureWorkspace(integrationId);
    const gone = '00000000-0000-4000-8000-00000000dead';
    await t.db.query('UPDATE notion_workspaces SET root_page_id = $2, database_id = $2, data_source_id = $2 WHERE integration_id = $1', [integrationId, gone]);

    const row = await t.workspaces.withWorkspace(integrationId, (workspace) =>
      notion.createPage({ parent: { type: 'data_source_id', data_source_id: workspace.dataSourceId }, properties: { Name: { title: text('A note') } } }),
    );

    expect(isFullPage(row) && row.parent).toMatchObject({ type: 'data_source_id', data_source_id: first.dataSourceId });
    expect(await t.workspaces.ensureWorkspace(integrationId)).toEqual(first);
  });

  it('retries only once: an operation that keeps failing after the heal fails', async () => {
    const { integrationId } = world.connectUser();
    let runs = 0;
    await expect(
      t.workspaces.withWorkspace(integrationId, async () => {
        runs += 1;
        throw new NotionObjectNotFoundError();
      }),
    ).rejects.toBeInstanceOf(NotionObjectNotFoundError);
    expect(runs).toBe(2);
  });

  it('adds back a property that was removed, and keeps one the user renamed', async () => {
    const { integrationId } = world.connectUser();
    const first = await t.workspaces.ensureWorkspace(integrationId);
    await direct(integrationId).dataSources.update({ data_source_id: first.dataSourceId, properties: { Tags: null, Summary: { name: 'Abstract' } } });

    const healed = await t.workspaces.heal(integrationId, first);

    const source = await direct(integrationId).dataSources.retrieve({ data_source_id: first.dataSourceId });
    const names = isFullDataSource(source) ? Object.values(source.properties).map((p) => p.name) : [];
    expect(names).toContain('Tags');
    expect(names).toContain('Abstract');
    expect(names).not.toContain('Summary');
    expect(healed.propertyIds.Summary).toBe(first.propertyIds.Summary);
    expect(healed.propertyIds.Tags).not.toBe(first.propertyIds.Tags);
  });

  describe('GET /workspace', () => {
    it('shows the signed-in user their root page and database, created on the first call', async () => {
      const user = await signUp(t, 'notion');
      const integrationId = world.connections.connect(user.userId, { workspaceId: world.workspaceId, personId: world.personId });

      const res = await t.http().get('/workspace').set(...bearer(user.token)).expect(200);
      world.sandbox.control.clearRequestLog();
      const again = await t.http().get('/workspace').set(...bearer(user.token)).expect(200);

      expect(res.body).toEqual({
        integrationId,
        rootPage: { id: expect.any(String), url: expect.stringMatching(/^http/) },
        database: { id: expect.any(String), url: expect.stringMatching(/^http/), dataSourceId: expect.any(String) },
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
      const stranger = world.connectUser('stranger');
      await t.http().get('/workspace').query({ integrationId: stranger.integrationId }).set(...bearer(user.token)).expect(404);
      const bad = await t.http().get('/workspace').query({ integrationId: 'nope' }).set(...bearer(user.token)).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });

    it('needs a session', async () => {
      await t.http().get('/workspace').expect(401);
    });
  });
});
