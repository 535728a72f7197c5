import { DataSource } from 'typeorm';
import type { TestApp } from '../support/app';
import { bearer, signUp } from '../support/auth';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, sandboxRows, untilSyncStatus, type ConnectedPerson } from './support/notes-world';

const MEETING = `# Weekly sync with the data team

We discussed the migration of the reporting pipeline to the new warehouse.

- [ ] Alice drafts the migration plan
- [ ] Bob checks the dashboard costs

Next meeting on Friday.`;

describe('notes API against the sandbox (offline enhancer)', () => {
  let world: OAuthWorld;
  let t: TestApp;
  let alice: ConnectedPerson;

  beforeAll(async () => {
    world = await startOAuthWorld();
    // A long wait: these tests are about what a synced note looks like (202 is covered by the sync tests).
    t = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '20000', LOG_LEVEL: process.env.NOTES_TEST_LOG ?? 'silent' });
    alice = await connectedPerson(t, world, 'alice');
    // The workspace exists before the first note, so every test sees steady state (its cost is measured in bench/).
    await t.http().get('/workspace').set(...bearer(alice.token)).expect(200);
  });
  afterAll(() => world.close());

  it('POST /notes: enhanced, saved and synced within the wait → 201 with the Notion URL; the row has every property and the content', async () => {
    const res = await postNote(t, alice, { content: MEETING, tags: ['Data Team'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Weekly sync with the data team',
      type: 'meeting',
      originalContent: MEETING,
      integrationId: alice.integrationId,
      sync: { status: 'synced', attempts: 0, lastError: null },
      enhancement: { enhancer: 'offline' },
      links: [],
      trashedAt: null,
    });
    expect(res.body.tags[0]).toBe('data-team');
    expect(res.body.tags.length).toBeGreaterThanOrEqual(3);
    expect(res.body.notion.url).toMatch(new RegExp(`^${world.sandbox.url}/`));

    const rows = await sandboxRows(t, world, alice.integrationId);
    expect(rows.filter((r) => r.noteId === res.body.id)).toHaveLength(1);
    const content = world.sandbox.control.pageContent(res.body.notion.pageId);
    expect(content.title).toBe('Weekly sync with the data team');
    expect(content.blocks.map((b) => b.type)).toEqual(['paragraph', 'to_do', 'to_do', 'paragraph']);
    // The page view a user opens shows it.
    const view = await fetch(res.body.notion.url);
    expect(view.status).toBe(200);
    expect(await view.text()).toContain('Alice drafts the migration plan');
  });

  it("a user's first note costs four Notion calls: the workspace (root page, Table of Contents, its Related relation) and the page", async () => {
    const newcomer = await connectedPerson(t, world, 'newcomer');
    world.sandbox.control.clearRequestLog();
    const res = await postNote(t, newcomer, { content: 'My very first note.' });
    expect(res.status).toBe(201);
    const calls = world.sandbox.control.requestLog().filter((e) => e.path.startsWith('/v1/') && e.path !== '/v1/oauth/token');
    expect(calls.map((c) => `${c.method} ${c.route}`)).toEqual([
      'POST /v1/pages',
      'POST /v1/databases',
      'PATCH /v1/data_sources/{data_source_id}',
      'POST /v1/pages',
    ]);
  });

  it('a note at steady state costs exactly one Notion call: pages.create with properties and content', async () => {
    world.sandbox.control.clearRequestLog();
    const res = await postNote(t, alice, { content: 'Idea: a plugin that turns voice memos into notes.' });
    expect(res.status).toBe(201);
    const calls = world.sandbox.control.requestLog().filter((e) => e.path.startsWith('/v1/') && e.path !== '/v1/oauth/token');
    expect(calls.map((c) => `${c.method} ${c.route}`)).toEqual(['POST /v1/pages']);
  });

  it('content past 100 blocks: one more append per further 100 blocks', async () => {
    world.sandbox.control.clearRequestLog();
    const content = Array.from({ length: 250 }, (_, i) => `Paragraph number ${i + 1}.`).join('\n\n');
    const res = await postNote(t, alice, { content, enhance: false, title: 'Long note' });
    expect(res.status).toBe(201);
    const calls = world.sandbox.control.requestLog().filter((e) => e.path.startsWith('/v1/'));
    expect(calls.map((c) => `${c.method} ${c.route}`)).toEqual([
      'POST /v1/pages',
      'PATCH /v1/blocks/{block_id}/children',
      'PATCH /v1/blocks/{block_id}/children',
    ]);
    expect(world.sandbox.control.pageContent(res.body.notion.pageId).blocks).toHaveLength(250);
    expect(res.body.enhancement.enhancer).toBe('none');
    expect(res.body.content).toBe(content);
  });

  it('GET /notes: filters, full-text search with ranking, cursor pagination', async () => {
    const bob = await connectedPerson(t, world, 'bob-list');
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await postNote(t, bob, { content: `Learning note ${i} about rust ownership and borrowing`, type: 'learning', tags: [`batch-${i % 2}`] });
      made.push(res.body.id);
    }
    const other = await postNote(t, bob, { content: 'Groceries: apples, bread, coffee beans', type: 'personal' });
    const list = (q: string) => t.http().get(`/notes${q}`).set(...bearer(bob.token));

    const first = await list('?limit=4').expect(200);
    expect(first.body.items.map((n: { id: string }) => n.id)).toEqual([other.body.id, ...made.slice(2).reverse()]);
    const second = await list(`?limit=4&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.map((n: { id: string }) => n.id)).toEqual(made.slice(0, 2).reverse());
    expect(second.body.nextCursor).toBeNull();

    expect((await list('?type=personal').expect(200)).body.items.map((n: { id: string }) => n.id)).toEqual([other.body.id]);
    expect((await list('?tag=batch-1').expect(200)).body.items).toHaveLength(2);
    const learning = (await list('?type=learning').expect(200)).body.items;
    expect(learning.map((n: { sync: { status: string } }) => n.sync)).toEqual(Array(5).fill(expect.objectContaining({ status: 'synced' })));
    expect((await list('?status=synced&type=learning').expect(200)).body.items).toHaveLength(5);
    const found = await t.http().get('/notes/search?q=coffee').set(...bearer(bob.token)).expect(200);
    expect(found.body.items.map((n: { id: string }) => n.id)).toEqual([other.body.id]);
    const ranked = await list('?q=rust%20borrowing&limit=3').expect(200);
    expect(ranked.body.items).toHaveLength(3);
    const rest = await list(`?q=rust%20borrowing&limit=3&cursor=${ranked.body.nextCursor}`).expect(200);
    expect([...ranked.body.items, ...rest.body.items].map((n: { id: string }) => n.id).sort()).toEqual([...made].sort());

    const bad = await list('?cursor=bm9wZQ').expect(400);
    expect(bad.body.code).toBe('NOTE_CURSOR_INVALID');
    expect((await t.http().get('/notes/search').set(...bearer(bob.token))).body.code).toBe('VALIDATION_FAILED');
  });

  it('PATCH /notes/:id: Notion gets the new properties and content', async () => {
    const created = await postNote(t, alice, { content: 'First draft of the roadmap', enhance: false });
    const res = await t.http().patch(`/notes/${created.body.id}`).set(...bearer(alice.token))
      .send({ title: 'Roadmap 2027', type: 'project', tags: ['Roadmap', 'planning'], content: '## Goals\n\nShip the notes panel.' })
      .expect(200);
    expect(res.body).toMatchObject({ title: 'Roadmap 2027', type: 'project', tags: ['roadmap', 'planning'] });
    await untilSyncStatus(t, alice, created.body.id, 'synced');
    const content = world.sandbox.control.pageContent(created.body.notion.pageId);
    expect(content.title).toBe('Roadmap 2027');
    expect(content.blocks.map((b) => [b.type, b.text])).toEqual([['heading_2', 'Goals'], ['paragraph', 'Ship the notes panel.']]);
  });

  it('links show on both pages (Related and Linked from); backlinks; trash and restore here and in Notion', async () => {
    const a = (await postNote(t, alice, { content: 'Project Apollo kickoff notes', type: 'project', tags: ['apollo'] })).body;
    const b = (await postNote(t, alice, { content: 'Apollo budget research', type: 'research', tags: ['apollo'] })).body;
    const linked = await t.http().post(`/notes/${a.id}/links`).set(...bearer(alice.token)).send({ targetNoteId: b.id }).expect(200);
    expect(linked.body.links).toEqual([b.id]);
    await untilSyncStatus(t, alice, a.id, 'synced');
    const pageA = (await sandboxRows(t, world, alice.integrationId)).find((r) => r.noteId === a.id);
    expect(pageA?.related).toEqual([b.notion.pageId]);
    // The other side of the two-way relation ("Linked from") shows on B's page.
    const viewB = await (await fetch(b.notion.url)).text();
    expect(viewB).toContain('Linked from');
    expect(viewB).toContain('Project Apollo kickoff notes');
    const back = await t.http().get(`/notes/${b.id}/backlinks`).set(...bearer(alice.token)).expect(200);
    expect(back.body.map((n: { noteId: string }) => n.noteId)).toEqual([a.id]);
    const related = await t.http().get(`/notes/${a.id}/related`).set(...bearer(alice.token)).expect(200);
    expect(related.body[0]).toMatchObject({ noteId: b.id, sharedTags: ['apollo'], linked: true });
    const self = await t.http().post(`/notes/${a.id}/links`).set(...bearer(alice.token)).send({ targetNoteId: a.id }).expect(400);
    expect(self.body.code).toBe('NOTE_LINK_INVALID');

    await t.http().delete(`/notes/${b.id}`).set(...bearer(alice.token)).expect(200);
    await untilSyncStatus(t, alice, b.id, 'synced');
    expect((await sandboxRows(t, world, alice.integrationId)).find((r) => r.noteId === b.id)?.inTrash).toBe(true);
    const trashedList = await t.http().get('/notes?trashed=true').set(...bearer(alice.token)).expect(200);
    expect(trashedList.body.items.map((n: { id: string }) => n.id)).toEqual([b.id]);
    const edit = await t.http().patch(`/notes/${b.id}`).set(...bearer(alice.token)).send({ title: 'x' }).expect(409);
    expect(edit.body.code).toBe('NOTE_IN_TRASH');
    await t.http().post(`/notes/${b.id}/restore`).set(...bearer(alice.token)).expect(200);
    await untilSyncStatus(t, alice, b.id, 'synced');
    expect((await sandboxRows(t, world, alice.integrationId)).find((r) => r.noteId === b.id)?.inTrash).toBe(false);

    await t.http().delete(`/notes/${a.id}/links/${b.id}`).set(...bearer(alice.token)).expect(200);
    await untilSyncStatus(t, alice, a.id, 'synced');
    expect((await sandboxRows(t, world, alice.integrationId)).find((r) => r.noteId === a.id)?.related).toEqual([]);
  });

  it('a link to a note not yet in Notion is completed once that note syncs', async () => {
    const a = (await postNote(t, alice, { content: 'Source note about gardening' })).body;
    // The target's create went out but its answer was lost: no page id here, a page in Notion.
    const b = (await postNote(t, alice, { content: 'Target note about tomatoes' })).body;
    const ds = t.app.get(DataSource);
    await ds.query(`UPDATE notes SET notion_page_id = NULL, notion_url = NULL, sync_status = 'pending' WHERE id = $1`, [b.id]);
    await t.http().post(`/notes/${a.id}/links`).set(...bearer(alice.token)).send({ targetNoteId: b.id }).expect(200);
    await untilSyncStatus(t, alice, a.id, 'synced');
    expect((await sandboxRows(t, world, alice.integrationId)).find((r) => r.noteId === a.id)?.related).toEqual([]);
    // Retrying the target: its earlier page is adopted by Note ID (no second row), then A's relation follows.
    await t.http().post(`/notes/${b.id}/sync`).set(...bearer(alice.token)).expect(200);
    await untilSyncStatus(t, alice, b.id, 'synced');
    await untilSyncStatus(t, alice, a.id, 'synced');
    const rows = await sandboxRows(t, world, alice.integrationId);
    expect(rows.filter((r) => r.noteId === b.id).map((r) => r.pageId)).toEqual([b.notion.pageId]);
    expect(rows.find((r) => r.noteId === a.id)?.related).toEqual([b.notion.pageId]);
  });

  it('enhance and intelligence', async () => {
    const created = (await postNote(t, alice, { content: 'todo: call the plumber\nremember to pay rent', enhance: false })).body;
    const intel = await t.http().get(`/notes/${created.id}/intelligence`).set(...bearer(alice.token)).expect(200);
    expect(intel.body.suggestions.join(' ')).toContain('/enhance');
    const enhanced = await t.http().post(`/notes/${created.id}/enhance`).set(...bearer(alice.token)).send({ mode: 'all' }).expect(200);
    expect(enhanced.body.enhancement.enhancer).toBe('offline');
    expect(enhanced.body.actionItems.length).toBeGreaterThan(0);
    const again = await t.http().get(`/notes/${created.id}/intelligence`).set(...bearer(alice.token)).expect(200);
    expect(again.body.actionItems).toEqual(enhanced.body.actionItems);
    const bad = await t.http().post(`/notes/${created.id}/enhance`).set(...bearer(alice.token)).send({ mode: 'poetry' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('bad input → 400 with a code; no connection → 409 NOTION_NOT_CONNECTED', async () => {
    for (const body of [{}, { content: '' }, { content: '   ' }, { content: 'x'.repeat(100_001) }, { content: 'a', type: 'poem' }, { content: 'a', tags: ['a,b'] }]) {
      const res = await postNote(t, alice, body);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const loner = await signUp(t, 'loner');
    const res = await postNote(t, { ...loner, personId: '', workspaceId: '', pageId: '' }, { content: 'hello' });
    expect([res.status, res.body.code]).toEqual([409, 'NOTION_NOT_CONNECTED']);
  });
});
