import { DataSource } from 'typeorm';
import { NotionChangeSink } from '../../src/notes/changes/notion-change';
import type { JsonObject } from '../../src/sandbox/notion/store/model';
import type { TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, untilSyncStatus, type ConnectedPerson } from './support/notes-world';

const paragraph = (content: string) => ({ paragraph: { rich_text: [{ type: 'text', text: { content } }] } });
const plain = (rich: JsonObject[]) => rich.map((t) => String(t.plain_text ?? '')).join('');

/**
 * A person edits a synced note in Notion (through the sandbox's person API, as in Notion's app), and the
 * product writes the same note: nothing either side wrote is lost, on the page or in the note.
 */
describe('two-way sync: the product merges before it writes, and never overwrites the person', () => {
  let world: OAuthWorld;
  let t: TestApp;
  let person: ConnectedPerson;

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await world.boot(FAST_SYNC_ENV);
    person = await connectedPerson(t, world, 'two-way');
  });
  afterAll(() => world.close());

  const as = () => world.sandbox.person(person.personId);
  const get = (id: string) => t.http().get(`/notes/${id}`).set(...bearer(person.token));
  const patch = (id: string, body: object) => t.http().patch(`/notes/${id}`).set(...bearer(person.token)).send(body);

  async function synced(id: string) {
    return untilSyncStatus(t, person, id, 'synced');
  }

  async function newNote(content: string) {
    const res = await postNote(t, person, { content, title: 'Two-way', type: 'idea', tags: ['start'], enhance: false });
    expect(res.status).toBeLessThan(300);
    const note = await synced(res.body.id);
    return { id: note.id as string, pageId: note.notion.pageId as string };
  }

  async function pageText(pageId: string): Promise<string[]> {
    const list = await as().request('GET', `/v1/blocks/${pageId}/children?page_size=100`);
    return (list.results as JsonObject[]).map((b) => plain(((b[b.type as string] as JsonObject).rich_text as JsonObject[]) ?? []));
  }

  async function pageTags(pageId: string): Promise<string[]> {
    const page = await as().request('GET', `/v1/pages/${pageId}`);
    const tags = Object.values(page.properties as Record<string, JsonObject>).find((p) => p.type === 'multi_select');
    return (tags?.multi_select as JsonObject[]).map((o) => String(o.name));
  }

  async function tagInNotion(pageId: string, tags: string[]) {
    await as().setPageProperties(pageId, { Tags: { multi_select: tags.map((name) => ({ name })) } });
  }

  it('a paragraph and a tag added in Notion survive a title change made through the product', async () => {
    const note = await newNote('First paragraph written by the product.');
    await as().appendBlocks(note.pageId, [paragraph('PERSON-MARK-1 added in Notion.')]);
    await tagInNotion(note.pageId, ['start', 'from-notion']);

    expect((await patch(note.id, { title: 'Renamed through the product' })).status).toBe(200);
    const after = await synced(note.id);
    expect(after.title).toBe('Renamed through the product');
    expect(after.content).toContain('PERSON-MARK-1');
    expect(after.tags).toEqual(expect.arrayContaining(['start', 'from-notion']));
    expect(after.sync.lastPulledAt).not.toBeNull();
    expect(await pageText(note.pageId)).toEqual(['First paragraph written by the product.', 'PERSON-MARK-1 added in Notion.']);
    expect(await pageTags(note.pageId)).toEqual(expect.arrayContaining(['start', 'from-notion']));
    // Found by the note search, too.
    const found = await t.http().get('/notes').query({ q: 'PERSON-MARK-1' }).set(...bearer(person.token));
    expect(found.body.items.map((n: { id: string }) => n.id)).toContain(note.id);
  });

  it('a content change through the product keeps the paragraph the person added, in the same minute', async () => {
    const note = await newNote('Alpha line from the product.');
    await as().appendBlocks(note.pageId, [paragraph('PERSON-MARK-2 in Notion.')]);
    const res = await patch(note.id, { content: 'Alpha line from the product.\n\nPRODUCT-MARK-2 added here.' });
    expect(res.status).toBe(200);
    const after = await synced(note.id);
    expect(after.content).toContain('PERSON-MARK-2');
    expect(after.content).toContain('PRODUCT-MARK-2');
    expect(after.sync.conflict).toBeNull();
    const text = await pageText(note.pageId);
    expect(text).toEqual(expect.arrayContaining(['Alpha line from the product.', 'PERSON-MARK-2 in Notion.', 'PRODUCT-MARK-2 added here.']));
    expect(text).toHaveLength(3);
  });

  it('an enhance works on the merged text', async () => {
    const note = await newNote('Plans for the week.');
    await as().appendBlocks(note.pageId, [paragraph('PERSON-MARK-3 remember the dentist.')]);
    expect((await t.http().post(`/notes/${note.id}/enhance`).set(...bearer(person.token)).send({ mode: 'tags' })).status).toBe(200);
    const after = await synced(note.id);
    expect(after.content).toContain('PERSON-MARK-3');
    expect((await pageText(note.pageId)).join('\n')).toContain('PERSON-MARK-3');
  });

  it('a page the person trashed stays in the trash on the next product edit, and the note follows it there', async () => {
    const note = await newNote('Soon in the trash.');
    await as().trashPage(note.pageId);
    await patch(note.id, { title: 'Edited after the trash' });
    const after = await synced(note.id);
    expect(after.trashedAt).not.toBeNull();
    const page = await as().request('GET', `/v1/pages/${note.pageId}`);
    expect(page.in_trash).toBe(true);
  });

  it('both sides changing the same line: both kept, the note marked, resolved with a PATCH', async () => {
    const note = await newNote('Shared line.\n\nSecond line.');
    const [first] = (await as().request('GET', `/v1/blocks/${note.pageId}/children`)).results as JsonObject[];
    await as().updateBlock(String(first.id), paragraph('Shared line, as the PERSON wrote it.'));
    await patch(note.id, { content: 'Shared line, as the PRODUCT wrote it.\n\nSecond line.' });
    const after = await synced(note.id);
    expect(after.sync.conflict).toMatchObject({ ours: expect.stringContaining('PRODUCT'), theirs: expect.stringContaining('PERSON') });
    expect(after.content).toContain('as the PERSON wrote it');
    expect(after.content).toContain('as the PRODUCT wrote it');
    const text = (await pageText(note.pageId)).join('\n');
    expect(text).toContain('PERSON');
    expect(text).toContain('PRODUCT');

    const resolved = await patch(note.id, { resolveConflict: 'theirs' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.sync.conflict).toBeNull();
    const done = await synced(note.id);
    expect(done.content).toContain('as the PERSON wrote it');
    expect(done.content).not.toContain('PRODUCT');
    expect((await pageText(note.pageId)).join('\n')).not.toContain('PRODUCT');
  });

  it('a title changed on both sides: the later one wins, the other is in the history', async () => {
    const note = await newNote('Title race.');
    await as().renamePage(note.pageId, 'Person title');
    await patch(note.id, { title: 'Product title' });
    const after = await synced(note.id);
    // Within one minute Notion cannot say which came first: the product's change, made last, wins.
    expect(after.title).toBe('Product title');
    const history = await t.http().get(`/notes/${note.id}/history`).set(...bearer(person.token));
    expect(history.body).toEqual([expect.objectContaining({ field: 'title', value: 'Person title', source: 'notion' })]);
    const page = await as().request('GET', `/v1/pages/${note.pageId}`);
    const title = Object.values(page.properties as Record<string, JsonObject>).find((p) => p.type === 'title') as JsonObject;
    expect(plain(title.title as JsonObject[])).toBe('Product title');
  });

  it('a pull signal brings a Notion-only edit into the note and its search, with no write back', async () => {
    const note = await newNote('Pulled note.');
    await as().appendBlocks(note.pageId, [paragraph('PERSON-MARK-4 only in Notion.')]);
    await tagInNotion(note.pageId, ['start', 'pulled']);
    await t.app.get(NotionChangeSink).signal([{ integrationId: person.integrationId, entity: { id: note.pageId, type: 'page' }, kind: 'page.content_updated', at: new Date().toISOString() }]);
    const deadline = Date.now() + 10_000;
    let body = (await get(note.id)).body;
    while (!String(body.content).includes('PERSON-MARK-4') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      body = (await get(note.id)).body;
    }
    expect(body.content).toContain('PERSON-MARK-4');
    expect(body.tags).toEqual(['start', 'pulled']);
    expect(body.sync.notionEditedAt).not.toBeNull();
    // A signal about another integration's page changes nothing here.
    const other = await connectedPerson(t, world, 'two-way-other');
    await t.app.get(NotionChangeSink).signal([{ integrationId: other.integrationId, entity: { id: note.pageId, type: 'page' }, kind: 'page.content_updated', at: new Date().toISOString() }]);
    const [row] = await t.http().get('/notes').set(...bearer(other.token)).then((r) => r.body.items);
    expect(row).toBeUndefined();
  });

  it('a row the person adds to the Table of Contents becomes a note of theirs, its Note ID written back', async () => {
    await newNote('The workspace exists.');
    const [ws] = await t.app.get(DataSource).query(`SELECT data_source_id FROM notion_workspaces WHERE integration_id = $1`, [person.integrationId]);
    const row = await as().addRow(
      ws.data_source_id,
      { Name: { title: [{ type: 'text', text: { content: 'Row from Notion' } }] }, Tags: { multi_select: [{ name: 'inbox' }] }, Type: { select: { name: 'task' } } },
      [paragraph('PERSON-MARK-5 typed in the new row.')],
    );
    const signal = { integrationId: person.integrationId, entity: { id: String(row.id), type: 'page' as const }, kind: 'page.created', at: new Date().toISOString(), parentDataSourceId: ws.data_source_id };
    // Twice, as a webhook delivered twice would: one note.
    await t.app.get(NotionChangeSink).signal([signal]);
    await t.app.get(NotionChangeSink).signal([signal]);
    const deadline = Date.now() + 10_000;
    let found: Array<{ id: string; title: string; content: string; tags: string[]; type: string; notion: { pageId: string } | null }> = [];
    while (Date.now() < deadline) {
      found = (await t.http().get('/notes').query({ q: 'PERSON-MARK-5' }).set(...bearer(person.token))).body.items;
      if (found.length > 0 && found[0].title) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ title: 'Row from Notion', tags: ['inbox'], type: 'task', notion: { pageId: String(row.id) } });
    await synced(found[0].id);
    const page = await as().request('GET', `/v1/pages/${String(row.id)}`);
    const noteId = (page.properties as Record<string, JsonObject>)['Note ID'];
    expect(plain(noteId.rich_text as JsonObject[])).toBe(found[0].id);
    const all = (await t.http().get('/notes').query({ limit: 100 }).set(...bearer(person.token))).body.items as Array<{ notion: { pageId: string } | null }>;
    expect(all.filter((n) => n.notion?.pageId === String(row.id))).toHaveLength(1);
  });

  async function pullNow(pageId: string, kind = 'page.undeleted') {
    await t.app.get(NotionChangeSink).signal([{ integrationId: person.integrationId, entity: { id: pageId, type: 'page' }, kind, at: new Date().toISOString() }]);
  }

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 10_000;
    let value = await read();
    while (!done(value) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      value = await read();
    }
    return value;
  }

  it('a note trashed here and restored in Notion is restored here', async () => {
    const note = await newNote('Trashed here, restored there.');
    expect((await t.http().delete(`/notes/${note.id}`).set(...bearer(person.token))).status).toBe(200);
    await synced(note.id);
    expect((await as().request('GET', `/v1/pages/${note.pageId}`)).in_trash).toBe(true);
    await as().restorePage(note.pageId);
    await pullNow(note.pageId);
    const body = await until(async () => (await get(note.id)).body, (b) => b.trashedAt === null);
    expect(body.trashedAt).toBeNull();
  });

  it('a page gone from Notion for good leaves the note here, marked, and a retry writes it again', async () => {
    const note = await newNote('Deleted forever in Notion.');
    delete world.sandbox.control.liveState().pages[note.pageId];
    await pullNow(note.pageId, 'page.deleted');
    const body = await until(async () => (await get(note.id)).body, (b) => b.sync.notionMissing === true);
    expect(body.sync).toMatchObject({ notionMissing: true, status: 'failed' });
    expect(body.content).toContain('Deleted forever in Notion.');
    const retried = await t.http().post(`/notes/${note.id}/sync`).set(...bearer(person.token));
    expect(retried.status).toBe(200);
    const again = await synced(note.id);
    expect(again.sync.notionMissing).toBe(false);
    expect(again.notion.pageId).not.toBe(note.pageId);
    expect(await pageText(again.notion.pageId)).toEqual(['Deleted forever in Notion.']);
  });
});
