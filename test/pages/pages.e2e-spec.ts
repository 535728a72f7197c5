import { isFullBlock, type Client } from '@notionhq/client';
import { bearer } from '../support/auth';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { bootNotionApp, type NotionTestApp } from '../notion/support/notion-app';
import { connectUser, directClient, type ConnectedUser } from '../notion/support/notion-world';

/**
 * /pages against the sandbox over HTTP: users connect through the real OAuth flow, every Notion call
 * goes through their own integration. What the app wrote is read back with a Notion client of the test's own.
 */
describe('pages over REST', () => {
  let world: OAuthWorld;
  let t: NotionTestApp;
  let ada: ConnectedUser;
  let adaNotion: Client;

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await bootNotionApp(world);
    ada = await connectUser(t, world, 'ada');
    adaNotion = await directClient(t, world, ada.integrationId);
  });
  afterAll(() => world.close());

  const as = (user: ConnectedUser) => bearer(user.token);
  const createPage = async (user: ConnectedUser, body: Record<string, unknown>) => {
    const res = await t.http().post('/pages').set(...as(user)).send(body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as { pageId: string; title: string; url: string; content: string; parentPageId: string };
  };
  const toc = async (user: ConnectedUser) => {
    const res = await t.http().get('/pages/toc').set(...as(user));
    expect(res.status).toBe(200);
    return res.body as { rootPageId: string; total: number; groups: Array<{ type: string; entries: Array<{ pageId: string; title: string }> }> };
  };
  /** The rich text of every top-level block of a page, as Notion holds it. */
  const blocksOf = async (pageId: string) => {
    const list = await adaNotion.blocks.children.list({ block_id: pageId, page_size: 100 });
    return list.results.filter(isFullBlock);
  };

  it('creates a page from Markdown under the root, and reads it back as the same Markdown', async () => {
    // As the renderer writes it (a full language name, a final newline), so that it reads back unchanged.
    const markdown = '## Agenda\n\n- scope\n- **dates**\n\n1. one\n2. two\n\n```typescript\nconst a = 1;\n```\n';
    const created = await createPage(ada, { title: 'Kickoff with Grace', content: markdown });
    const root = (await toc(ada)).rootPageId;
    expect(created).toMatchObject({ title: 'Kickoff with Grace', parentPageId: root, inTrash: false, content: markdown });
    expect(created.url).toMatch(/^http/);

    const read = await t.http().get(`/pages/${created.pageId}`).set(...as(ada));
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      pageId: created.pageId,
      title: 'Kickoff with Grace',
      url: created.url,
      parentPageId: root,
      createdTime: expect.any(String),
      lastEditedTime: expect.any(String),
      inTrash: false,
      content: markdown,
    });
    // Compact: no Notion objects.
    expect(JSON.stringify(read.body)).not.toContain('"object"');
    const types = (await blocksOf(created.pageId)).map((b) => b.type);
    expect(types).toEqual(['heading_2', 'bulleted_list_item', 'bulleted_list_item', 'numbered_list_item', 'numbered_list_item', 'code']);
  });

  it('creates a page under another page of the user, given by id with or without dashes', async () => {
    const parent = await createPage(ada, { title: 'Projects', content: '' });
    const child = await createPage(ada, { title: 'Apollo', content: 'Moon.', parentPageId: parent.pageId.replace(/-/g, '').toUpperCase() });
    expect(child.parentPageId).toBe(parent.pageId);
    const page = await adaNotion.pages.retrieve({ page_id: child.pageId });
    expect((page as { parent: { page_id: string } }).parent.page_id).toBe(parent.pageId);
  });

  it('updates the title, appends content, and replaces content keeping sub-pages', async () => {
    const page = await createPage(ada, { title: 'Draft', content: 'first' });
    await createPage(ada, { title: 'Kept sub-page', content: '', parentPageId: page.pageId });

    const renamed = await t.http().patch(`/pages/${page.pageId}`).set(...as(ada)).send({ title: 'Final' });
    expect(renamed.status).toBe(200);
    // A sub-page shows in the content as its bold title.
    expect(renamed.body).toMatchObject({ title: 'Final', content: 'first\n\n**Kept sub-page**\n' });

    const appended = await t.http().patch(`/pages/${page.pageId}`).set(...as(ada)).send({ content: 'second', mode: 'append' });
    expect(appended.body.content).toBe('first\n\n**Kept sub-page**\n\nsecond\n');

    const replaced = await t.http().patch(`/pages/${page.pageId}`).set(...as(ada)).send({ content: '# New\n\nbody', mode: 'replace' });
    expect(replaced.status).toBe(200);
    expect(replaced.body.content).toBe('**Kept sub-page**\n\n# New\n\nbody\n');
    const kinds = (await blocksOf(page.pageId)).map((b) => (b.type === 'child_page' ? `page:${b.child_page.title}` : b.type));
    expect(kinds).toEqual(['page:Kept sub-page', 'heading_1', 'paragraph']);
  });

  it('moves a page to the trash', async () => {
    const page = await createPage(ada, { title: 'Throwaway', content: 'x' });
    const trashed = await t.http().delete(`/pages/${page.pageId}`).set(...as(ada));
    expect(trashed.status).toBe(200);
    expect(trashed.body).toMatchObject({ pageId: page.pageId, title: 'Throwaway', inTrash: true });
    expect(await adaNotion.pages.retrieve({ page_id: page.pageId })).toMatchObject({ in_trash: true });
    expect((await t.http().get(`/pages/${page.pageId}`).set(...as(ada))).body.inTrash).toBe(true);
  });

  it('refuses to trash the "Personal Assistant" page that holds the notes', async () => {
    const root = (await toc(ada)).rootPageId;
    const res = await t.http().delete(`/pages/${root}`).set(...as(ada));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'PAGE_PROTECTED' });
    expect(await adaNotion.pages.retrieve({ page_id: root })).toMatchObject({ in_trash: false });
  });

  it('searches titles by words within the user\'s workspace, compactly', async () => {
    const page = await createPage(ada, { title: 'Kiwifruit harvest plan', content: 'x' });
    const res = await t.http().get('/pages/search').query({ q: 'kiwi harv' }).set(...as(ada));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      query: 'kiwi harv',
      results: [{ pageId: page.pageId, noteId: null, title: 'Kiwifruit harvest plan', url: page.url, lastEditedTime: expect.any(String), source: 'notion' }],
    });
    expect((await t.http().get('/pages/search').query({ q: 'fruit' }).set(...as(ada))).body.results).toEqual([]);
  });

  it("searches the product's note index too: a note found by its content, one found by both, each page once", async () => {
    const cleo = await connectUser(t, world, 'cleo');
    const write = async (title: string, content: string) => {
      const res = await t.http().post('/notes').set(...as(cleo)).send({ title, content, enhance: false });
      expect(res.status).toBe(201);
      expect(res.body.sync.status).toBe('synced');
      return { id: res.body.id as string, notionPageId: res.body.notion.pageId as string };
    };
    const byContent = await write('Weekly sync', 'We talked about the axolotl tank and its filter.');
    const byTitle = await write('Axolotl feeding', 'Twice a week.');
    const plain = await createPage(cleo, { title: 'Axolotl photos', content: 'x' });
    const res = await t.http().get('/pages/search').query({ q: 'axolotl' }).set(...as(cleo));
    expect(res.status).toBe(200);
    const hits = res.body.results as Array<{ pageId: string; noteId: string | null; source: string }>;
    const byPage = Object.fromEntries(hits.map((hit) => [hit.pageId, [hit.noteId, hit.source]]));
    expect(byPage).toEqual({
      [byTitle.notionPageId]: [byTitle.id, 'both'],
      [byContent.notionPageId]: [byContent.id, 'notes'],
      [plain.pageId]: [null, 'notion'],
    });
    expect(hits[0].source).toBe('both');

    // A note id stands for its page (a model may pass the id the note tools gave it); Ada's own note ids only.
    const read = await t.http().get(`/pages/${byContent.id}`).set(...as(cleo));
    expect({ status: read.status, pageId: read.body.pageId, title: read.body.title }).toEqual({ status: 200, pageId: byContent.notionPageId, title: 'Weekly sync' });
    const foreign = await t.http().get(`/pages/${byContent.id}`).set(...as(ada));
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 404, code: 'NOTION_OBJECT_NOT_FOUND' });
  });

  it('keeps the table of contents in step with create, rename and trash', async () => {
    const before = await toc(ada);
    const page = await createPage(ada, { title: 'Tocked', content: '' });
    const titlesOf = (tc: Awaited<ReturnType<typeof toc>>) => tc.groups.find((g) => g.type === 'page')?.entries.map((e) => e.title) ?? [];

    const afterCreate = await toc(ada);
    expect(afterCreate.total).toBe(before.total + 1);
    expect(titlesOf(afterCreate)[0]).toBe('Tocked');

    await t.http().patch(`/pages/${page.pageId}`).set(...as(ada)).send({ title: 'Tocked renamed' });
    const afterRename = await toc(ada);
    expect(titlesOf(afterRename)).toContain('Tocked renamed');
    expect(titlesOf(afterRename)).not.toContain('Tocked');

    await t.http().delete(`/pages/${page.pageId}`).set(...as(ada));
    const afterTrash = await toc(ada);
    expect(titlesOf(afterTrash)).not.toContain('Tocked renamed');
    expect(afterTrash.total).toBe(before.total);
  });

  it('lists Table of Contents rows grouped by type, newest first, beside the plain sub-pages', async () => {
    const workspace = await t.workspaces.ensureWorkspace(ada.integrationId);
    const row = (name: string, type?: string) =>
      adaNotion.pages.create({
        parent: { type: 'data_source_id', data_source_id: workspace.dataSourceId },
        properties: {
          Name: { title: [{ text: { content: name } }] },
          ...(type ? { Type: { select: { name: type } } } : {}),
          Tags: { multi_select: [{ name: 'q3' }] },
          Summary: { rich_text: [{ text: { content: `about ${name}` } }] },
        },
      });
    await row('Standup 1', 'meeting');
    await row('Standup 2', 'meeting');
    await row('Roadmap', 'project');
    await row('Loose thought');

    const { groups } = await toc(ada);
    expect(groups.map((g) => g.type)).toEqual(['meeting', 'project', 'untyped', 'page']);
    expect(groups[0].entries.map((e) => e.title)).toEqual(['Standup 2', 'Standup 1']);
    expect(groups[0].entries[0]).toMatchObject({ tags: ['q3'], summary: 'about Standup 2', url: expect.stringMatching(/^http/) });
  });

  it('links two pages: a mention on both pages, backlinks both ways, and unlinking removes the mentions', async () => {
    const a = await createPage(ada, { title: 'Alpha', content: 'a' });
    const b = await createPage(ada, { title: 'Beta', content: 'b' });

    const link = await t.http().post(`/pages/${a.pageId}/links`).set(...as(ada)).send({ targetPageId: b.pageId });
    expect(link.status).toBe(201);
    expect(link.body).toEqual({ from: { pageId: a.pageId, title: 'Alpha' }, to: { pageId: b.pageId, title: 'Beta' }, createdAt: expect.any(String) });

    const mentionOn = async (pageId: string) =>
      (await blocksOf(pageId)).flatMap((block) =>
        block.type === 'paragraph'
          ? block.paragraph.rich_text.filter((r) => r.type === 'mention' && r.mention.type === 'page').map((r) => (r.type === 'mention' && r.mention.type === 'page' ? r.mention.page.id : ''))
          : [],
      );
    expect(await mentionOn(a.pageId)).toEqual([b.pageId]);
    expect(await mentionOn(b.pageId)).toEqual([a.pageId]);
    expect((await t.http().get(`/pages/${a.pageId}`).set(...as(ada))).body.content).toContain('Linked pages:');

    const fromA = await t.http().get(`/pages/${a.pageId}/backlinks`).set(...as(ada));
    expect(fromA.status).toBe(200);
    expect(fromA.body).toEqual({
      page: { pageId: a.pageId, title: 'Alpha' },
      linksTo: [{ pageId: b.pageId, title: 'Beta', linkedAt: expect.any(String) }],
      linkedFrom: [],
      related: [],
      relatedFrom: [],
    });
    const fromB = await t.http().get(`/pages/${b.pageId}/backlinks`).set(...as(ada));
    expect(fromB.body).toMatchObject({ linksTo: [], linkedFrom: [{ pageId: a.pageId, title: 'Alpha' }] });

    const again = await t.http().post(`/pages/${a.pageId}/links`).set(...as(ada)).send({ targetPageId: b.pageId });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'PAGE_LINK_EXISTS' });
    const self = await t.http().post(`/pages/${a.pageId}/links`).set(...as(ada)).send({ targetPageId: a.pageId.replace(/-/g, '') });
    expect({ status: self.status, code: self.body.code }).toEqual({ status: 400, code: 'PAGE_LINK_TO_SELF' });

    // Replacing a's content keeps the link's entry.
    await t.http().patch(`/pages/${a.pageId}`).set(...as(ada)).send({ content: 'rewritten', mode: 'replace' });
    expect(await mentionOn(a.pageId)).toEqual([b.pageId]);

    const removed = await t.http().delete(`/pages/${a.pageId}/links/${b.pageId}`).set(...as(ada));
    expect(removed.status).toBe(204);
    expect(await mentionOn(a.pageId)).toEqual([]);
    expect(await mentionOn(b.pageId)).toEqual([]);
    expect((await t.http().get(`/pages/${b.pageId}/backlinks`).set(...as(ada))).body.linkedFrom).toEqual([]);
    const gone = await t.http().delete(`/pages/${a.pageId}/links/${b.pageId}`).set(...as(ada));
    expect({ status: gone.status, code: gone.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('records one link when the same link is asked for twice at once, and leaves one entry on each page', async () => {
    const a = await createPage(ada, { title: 'Race A', content: '' });
    const b = await createPage(ada, { title: 'Race B', content: '' });
    const send = () => t.http().post(`/pages/${a.pageId}/links`).set(...as(ada)).send({ targetPageId: b.pageId });
    const statuses = (await Promise.all([send(), send()])).map((res) => `${res.status} ${res.body.code ?? ''}`.trim()).sort();
    expect(statuses).toEqual(['201', '409 PAGE_LINK_EXISTS']);
    const entries = async (pageId: string) =>
      (await blocksOf(pageId)).filter((b) => b.type === 'paragraph' && b.paragraph.rich_text.some((r) => r.type === 'mention')).length;
    expect([await entries(a.pageId), await entries(b.pageId)]).toEqual([1, 1]);
    const rows = await t.db.query('SELECT count(*)::int AS n FROM page_links WHERE from_page_id = $1 AND to_page_id = $2', [a.pageId, b.pageId]);
    expect(rows[0].n).toBe(1);
  });

  it('lists the Related relation of a Table of Contents row among its backlinks', async () => {
    const workspace = await t.workspaces.ensureWorkspace(ada.integrationId);
    const first = await adaNotion.pages.create({
      parent: { type: 'data_source_id', data_source_id: workspace.dataSourceId },
      properties: { Name: { title: [{ text: { content: 'Note one' } }] } },
    });
    const second = await adaNotion.pages.create({
      parent: { type: 'data_source_id', data_source_id: workspace.dataSourceId },
      properties: { Name: { title: [{ text: { content: 'Note two' } }] }, Related: { relation: [{ id: first.id }] } },
    });
    const ofSecond = await t.http().get(`/pages/${second.id}/backlinks`).set(...as(ada));
    expect(ofSecond.body).toMatchObject({ related: [{ pageId: first.id, title: 'Note one' }], relatedFrom: [] });
    const ofFirst = await t.http().get(`/pages/${first.id}/backlinks`).set(...as(ada));
    expect(ofFirst.body).toMatchObject({ related: [], relatedFrom: [{ pageId: second.id, title: 'Note two' }] });
  });

  it('names the bad field of a request', async () => {
    const cases: Array<[() => ReturnType<ReturnType<NotionTestApp['http']>['get']>, string]> = [
      [() => t.http().post('/pages').set(...as(ada)).send({ content: 'x' }), 'title'],
      [() => t.http().post('/pages').set(...as(ada)).send({ title: 'x' }), 'content'],
      // A title or a query of blanks names nothing (the tools refuse them too: their input is these DTOs).
      [() => t.http().post('/pages').set(...as(ada)).send({ title: '  \n', content: 'x' }), 'title'],
      [() => t.http().patch('/pages/0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e').set(...as(ada)).send({ title: ' ' }), 'title'],
      [() => t.http().get('/pages/search').query({ q: '   ' }).set(...as(ada)), 'q'],
      [() => t.http().post('/pages').set(...as(ada)).send({ title: 'x', content: '', parentPageId: 'nope' }), 'parentPageId'],
      [() => t.http().get('/pages/not-an-id').set(...as(ada)), 'id'],
      [() => t.http().patch('/pages/0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e').set(...as(ada)).send({ mode: 'overwrite', title: 'x' }), 'mode'],
      [() => t.http().patch('/pages/0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e').set(...as(ada)).send({}), 'title'],
      [() => t.http().get('/pages/search').set(...as(ada)), 'q'],
      [() => t.http().get('/pages/search').query({ q: 'a', limit: 500 }).set(...as(ada)), 'limit'],
      [() => t.http().post('/pages/0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e/links').set(...as(ada)).send({ targetPageId: 'x' }), 'targetPageId'],
      [() => t.http().delete('/pages/0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e/links/zzz').set(...as(ada)), 'target'],
    ];
    for (const [call, field] of cases) {
      const res = await call();
      expect({ field, status: res.status, code: res.body.code }).toEqual({ field, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('answers 404 for a page id the integration cannot see', async () => {
    const res = await t.http().get('/pages/0f0c8a8e-3b0e-4d7e-9a55-6f3c1c1b2d4e').set(...as(ada));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'NOTION_OBJECT_NOT_FOUND' });
  });
});
