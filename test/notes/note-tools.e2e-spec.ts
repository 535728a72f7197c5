import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DataSource } from 'typeorm';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { createApiKey } from '../support/api-keys';
import type { TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { FAST_SYNC_ENV, connectedPerson, postNote, sandboxRows, type ConnectedPerson } from './support/notes-world';

const NOTE_KEYS = ['actionItems', 'content', 'createdAt', 'keyTopics', 'linkedNoteIds', 'noteId', 'notionUrl', 'pageId', 'summary', 'sync', 'tags', 'title', 'trashed', 'type', 'updatedAt'];
const HIT_KEYS = ['createdAt', 'excerpt', 'noteId', 'notionUrl', 'pageId', 'summary', 'sync', 'tags', 'title', 'trashed', 'type', 'updatedAt'];

const MEETING = [
  'meeting with the design team about the onboarding launch',
  '- decided to ship the onboarding checklist on friday',
  '- TODO: Maria to write the release notes',
  '- TODO: Sam to update the onboarding screenshots',
].join('\n');

describe('the note tools (create_enhanced_note, smart_search_notes, enhance_existing_note, get_note_intelligence)', () => {
  let world: OAuthWorld;
  let t: TestApp;
  let base: string;
  let ada: ConnectedPerson;
  let bob: ConnectedPerson;
  let adaKey: string;
  let bobKey: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await world.boot(FAST_SYNC_ENV);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${((t.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    ada = await connectedPerson(t, world, 'ada');
    bob = await connectedPerson(t, world, 'bob');
    adaKey = (await createApiKey(t, ada, 'ada agent')).key;
    bobKey = (await createApiKey(t, bob, 'bob agent')).key;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await world.close();
  });

  const invoke = (credential: string, name: string, args: unknown) =>
    t.http().post(`/tools/${name}/invoke`).set(...bearer(credential)).send({ arguments: args });

  async function mcp(credential: string): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${credential}` } } });
    const client = new Client({ name: 'jest-note-tools', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }
  const json = (result: unknown) => JSON.parse(((result as CallToolResult).content[0] as { text: string }).text);
  const noteRow = async (id: string) =>
    (await t.app.get(DataSource).query(`SELECT user_id, title, content, tags, summary, version, trashed_at FROM notes WHERE id = $1`, [id]))[0];

  it('are listed with descriptions for a model and schemas naming their arguments', async () => {
    const res = await t.http().get('/tools').set(...bearer(ada.token));
    const byName = new Map((res.body as Array<{ function: { name: string; description: string; parameters: { properties: object; required?: string[] } } }>).map((tool) => [tool.function.name, tool.function]));
    const args = (name: string) => ({ properties: Object.keys(byName.get(name)?.parameters.properties ?? {}).sort(), required: byName.get(name)?.parameters.required?.sort() });
    expect(args('create_enhanced_note')).toEqual({ properties: ['content', 'enhance', 'integrationId', 'tags', 'title', 'type'], required: ['content'] });
    expect(args('smart_search_notes')).toEqual({ properties: ['limit', 'q', 'tag', 'type'], required: ['q'] });
    // mode is POST /notes/{id}/enhance's: optional, 'all' by default (the input is that route's DTO).
    expect(args('enhance_existing_note')).toEqual({ properties: ['mode', 'noteId'], required: ['noteId'] });
    expect(args('get_note_intelligence')).toEqual({ properties: ['noteId'], required: ['noteId'] });
    for (const name of ['create_enhanced_note', 'smart_search_notes', 'enhance_existing_note', 'get_note_intelligence']) {
      expect(byName.get(name)?.description.length).toBeGreaterThan(150);
    }
  });

  it('over REST: create, search, enhance and analyse a note, as the caller, with compact results', async () => {
    const created = await invoke(adaKey, 'create_enhanced_note', { content: MEETING, tags: ['onboarding'] });
    expect(created.status).toBe(200);
    const note = created.body.result;
    expect(Object.keys(note).sort()).toEqual(NOTE_KEYS);
    expect(note).toMatchObject({ type: expect.any(String), sync: { status: 'synced', lastError: null }, trashed: false });
    expect(note.tags).toContain('onboarding');
    expect(note.notionUrl).toMatch(/^https?:\/\//);
    expect(note.actionItems.length).toBeGreaterThanOrEqual(2);
    // The same note REST serves, and it is Ada's, in Ada's Notion.
    const rest = await t.http().get(`/notes/${note.noteId}`).set(...bearer(ada.token));
    expect(rest.body).toMatchObject({ id: note.noteId, title: note.title, content: note.content, tags: note.tags, notion: { url: note.notionUrl, pageId: note.pageId } });
    expect((await noteRow(note.noteId)).user_id).toBe(ada.userId);
    expect((await sandboxRows(t, world, ada.integrationId)).map((row) => row.noteId)).toContain(note.noteId);

    const found = await invoke(ada.token, 'smart_search_notes', { q: 'onboarding release notes', limit: 5 });
    expect(found.status).toBe(200);
    expect(found.body.result.notes.map((n: { noteId: string }) => n.noteId)).toEqual([note.noteId]);
    expect(Object.keys(found.body.result.notes[0]).sort()).toEqual(HIT_KEYS);
    expect(found.body.result.notes[0].excerpt.length).toBeLessThanOrEqual(280);
    const filtered = await invoke(ada.token, 'smart_search_notes', { q: 'onboarding', type: 'idea' });
    expect(filtered.body.result).toEqual({ notes: [] });

    const versionBefore = (await noteRow(note.noteId)).version;
    const enhanced = await invoke(adaKey, 'enhance_existing_note', { noteId: note.noteId, mode: 'summary' });
    expect(enhanced.status).toBe(200);
    expect(Object.keys(enhanced.body.result).sort()).toEqual(NOTE_KEYS);
    expect(enhanced.body.result.summary.length).toBeGreaterThan(0);
    expect((await noteRow(note.noteId)).version).toBe(versionBefore + 1);

    const intelligence = await invoke(adaKey, 'get_note_intelligence', { noteId: note.noteId });
    expect(intelligence.status).toBe(200);
    const viaRest = await t.http().get(`/notes/${note.noteId}/intelligence`).set(...bearer(ada.token));
    expect(intelligence.body.result).toEqual(viaRest.body);
    expect(intelligence.body.result.actionItems.length).toBeGreaterThanOrEqual(2);
  });

  it('over MCP with a real client: the same four tools, as the owner of the key', async () => {
    const client = await mcp(adaKey);
    const created = await client.callTool({ name: 'create_enhanced_note', arguments: { content: 'Idea: a weekly digest of saved articles about gardening', type: 'idea', enhance: false } });
    expect(created.isError).toBeFalsy();
    const note = json(created);
    expect(Object.keys(note).sort()).toEqual(NOTE_KEYS);
    expect(note).toMatchObject({ type: 'idea', content: 'Idea: a weekly digest of saved articles about gardening', sync: { status: 'synced' } });
    expect(created.structuredContent).toMatchObject({ noteId: note.noteId });
    expect((await noteRow(note.noteId)).user_id).toBe(ada.userId);

    const found = json(await client.callTool({ name: 'smart_search_notes', arguments: { q: 'gardening digest' } }));
    expect(found.notes.map((n: { noteId: string }) => n.noteId)).toEqual([note.noteId]);

    const enhanced = await client.callTool({ name: 'enhance_existing_note', arguments: { noteId: note.noteId, mode: 'tags' } });
    expect(enhanced.isError).toBeFalsy();
    expect(json(enhanced).tags.length).toBeGreaterThanOrEqual(3);
    expect((await t.http().get(`/notes/${note.noteId}`).set(...bearer(ada.token))).body.tags).toEqual(json(enhanced).tags);

    const intelligence = json(await client.callTool({ name: 'get_note_intelligence', arguments: { noteId: note.noteId } }));
    expect(intelligence).toEqual((await t.http().get(`/notes/${note.noteId}/intelligence`).set(...bearer(ada.token))).body);
  });

  it("a noteId works wherever a page id is asked for: the page tools read, link and list the note's page", async () => {
    // As a model would: it found a note with smart_search_notes and hands the id it got to the page tools.
    const created = async (content: string) => (await invoke(adaKey, 'create_enhanced_note', { content, enhance: false })).body.result;
    const first = await created('Pottery kiln schedule for the winter term');
    const second = await created('Glaze recipes tried in the winter term');
    expect([first.sync.status, second.sync.status]).toEqual(['synced', 'synced']);
    const hit = (await invoke(adaKey, 'smart_search_notes', { q: 'kiln schedule' })).body.result.notes[0];
    expect({ noteId: hit.noteId, pageId: hit.pageId }).toEqual({ noteId: first.noteId, pageId: first.pageId });
    expect(hit.pageId).not.toBe(hit.noteId);

    const read = await invoke(adaKey, 'read_note_page', { pageId: hit.noteId });
    expect({ status: read.status, pageId: read.body.result?.pageId, content: read.body.result?.content }).toEqual({
      status: 200,
      pageId: first.pageId,
      content: expect.stringContaining('Pottery kiln schedule'),
    });
    const viaMcp = json(await (await mcp(adaKey)).callTool({ name: 'read_note_page', arguments: { pageId: first.noteId } }));
    expect(viaMcp.pageId).toBe(first.pageId);

    const link = await invoke(adaKey, 'create_link', { fromPageId: first.noteId, toPageId: second.noteId });
    expect({ status: link.status, from: link.body.result?.from.pageId, to: link.body.result?.to.pageId }).toEqual({ status: 200, from: first.pageId, to: second.pageId });
    const backlinks = (await invoke(adaKey, 'get_backlinks', { pageId: second.noteId })).body.result;
    expect(backlinks.page.pageId).toBe(second.pageId);
    expect(backlinks.linkedFrom.map((l: { pageId: string }) => l.pageId)).toEqual([first.pageId]);

    // Another user's note id is just an unknown page to Bob.
    const bobs = await invoke(bobKey, 'read_note_page', { pageId: first.noteId });
    expect([bobs.status, bobs.body.code]).toEqual([404, 'NOTION_OBJECT_NOT_FOUND']);
  });

  it('bad arguments answer VALIDATION_FAILED naming each field, over REST and MCP, and save nothing', async () => {
    const [{ n: before }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM notes WHERE user_id = $1`, [ada.userId]);
    const cases: Array<[string, object, string[]]> = [
      ['create_enhanced_note', { content: '   ', type: 'novel', tags: ['a,b'], integrationId: 'x', user_id: bob.userId }, ['content', 'integrationId', 'tags.0', 'type', 'user_id']],
      ['smart_search_notes', { limit: 500 }, ['limit', 'q']],
      ['enhance_existing_note', { noteId: 'not-an-id', mode: 'everything' }, ['mode', 'noteId']],
      ['get_note_intelligence', {}, ['noteId']],
    ];
    const client = await mcp(adaKey);
    for (const [name, args, fields] of cases) {
      const res = await invoke(adaKey, name, args);
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 400, code: 'VALIDATION_FAILED' });
      expect({ name, fields: res.body.details.map((d: { field: string }) => d.field).sort() }).toEqual({ name, fields });
      const viaMcp = await client.callTool({ name, arguments: args as Record<string, unknown> });
      expect(viaMcp.isError).toBe(true);
      expect({ name, fields: json(viaMcp).error.details.map((d: { field: string }) => d.field).sort() }).toEqual({ name, fields });
    }
    const [{ n: after }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM notes WHERE user_id = $1`, [ada.userId]);
    expect(after).toBe(before);
  });

  it("another user never reads, finds or enhances Ada's note through a tool: 404, by session, key and MCP", async () => {
    const note = (await postNote(t, ada, { content: 'Ada private: the salary negotiation plan for March', enhance: false })).body;
    const before = await noteRow(note.id);
    const bobMcp = await mcp(bobKey);
    for (const [name, args] of [
      ['enhance_existing_note', { noteId: note.id, mode: 'all' }],
      ['get_note_intelligence', { noteId: note.id }],
    ] as const) {
      for (const credential of [bob.token, bobKey]) {
        const res = await invoke(credential, name, args);
        expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 404, code: 'NOT_FOUND' });
      }
      const viaMcp = await bobMcp.callTool({ name, arguments: args });
      expect(viaMcp.isError).toBe(true);
      expect({ name, code: json(viaMcp).error.code }).toEqual({ name, code: 'NOT_FOUND' });
      expect(JSON.stringify(viaMcp)).not.toContain('salary');
    }
    const search = await invoke(bobKey, 'smart_search_notes', { q: 'salary negotiation' });
    expect(search.body.result).toEqual({ notes: [] });
    expect(json(await bobMcp.callTool({ name: 'smart_search_notes', arguments: { q: 'salary' } }))).toEqual({ notes: [] });
    // Writing into Ada's Notion connection is refused like a missing one.
    const intoAda = await invoke(bobKey, 'create_enhanced_note', { content: 'Bob writes here', integrationId: ada.integrationId });
    expect([intoAda.status, intoAda.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(await noteRow(note.id)).toEqual(before);
    expect((await sandboxRows(t, world, ada.integrationId)).map((row) => row.title)).not.toContain('Bob writes here');
    // Ada herself still can.
    expect((await invoke(adaKey, 'get_note_intelligence', { noteId: note.id })).status).toBe(200);
  });

  it('refuses to enhance a note in the trash with NOTE_IN_TRASH', async () => {
    const note = (await postNote(t, ada, { content: 'A note for the bin', enhance: false })).body;
    await t.http().delete(`/notes/${note.id}`).set(...bearer(ada.token)).expect(200);
    const res = await invoke(adaKey, 'enhance_existing_note', { noteId: note.id, mode: 'all' });
    expect([res.status, res.body.code]).toEqual([409, 'NOTE_IN_TRASH']);
  });
});
