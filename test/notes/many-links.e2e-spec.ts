import { NoteSyncWorker } from '../../src/notes/sync/note-sync.worker';
import type { TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, sandboxRows, untilOutboxEmpty, type ConnectedPerson } from './support/notes-world';

jest.setTimeout(240_000);

/**
 * Past Notion's relation limits: a note linked to 101 others still syncs (Related holds the first 100, the
 * product's graph all 101), and backlinks read relations past the 25 a page object shows.
 */
describe('notes with many links', () => {
  let world: OAuthWorld;
  let t: TestApp;
  let person: ConnectedPerson;
  let hub: { id: string; pageId: string };
  let targets: Array<{ id: string; pageId: string }>;

  const as = () => bearer(person.token);
  const note = async (id: string) => (await t.http().get(`/notes/${id}`).set(...as())).body;
  const link = async (from: string, to: string) => {
    const res = await t.http().post(`/notes/${from}/links`).set(...as()).send({ targetNoteId: to });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '0' });
    person = await connectedPerson(t, world, 'linker');
    const created: string[] = [];
    for (let i = 0; i <= 101; i += 1) created.push((await postNote(t, person, { title: `Note ${i}`, content: `Body ${i}`, enhance: false })).body.id);
    await untilOutboxEmpty(t, [person.integrationId], 120_000);
    // One read at a time: 102 at once queue up on the embedded database's single session past its query timeout.
    const withPage: Array<{ id: string; pageId: string }> = [];
    for (const id of created) withPage.push({ id, pageId: (await note(id)).notion.pageId as string });
    [hub, ...targets] = withPage;
    for (const target of targets) await link(hub.id, target.id);
    // The 101st target (not in the hub's Related): 27 Related notes and 27 notes relating to it.
    for (const target of targets.slice(0, 27)) await link(targets[100].id, target.id);
    for (const source of targets.slice(27, 54)) await link(source.id, targets[100].id);
    await untilOutboxEmpty(t, [person.integrationId], 120_000);
  });

  afterAll(async () => {
    await t?.app.get(NoteSyncWorker).stop();
    await world?.close();
  });

  it('syncs a note linked to 101 others: Related holds the first 100, the note keeps all 101 links', async () => {
    const read = await note(hub.id);
    expect(read.sync.status).toBe('synced');
    expect(read.links).toHaveLength(101);
    const row = (await sandboxRows(t, world, person.integrationId)).find((r) => r.noteId === hub.id);
    expect(row?.related).toEqual(targets.slice(0, 100).map((n) => n.pageId));
  });

  it('backlinks list every Related note and every note relating to it, past the 25 a page object shows', async () => {
    const res = await t.http().get(`/pages/${targets[100].pageId}/backlinks`).set(...as());
    expect(res.status).toBe(200);
    expect(res.body.related.map((r: { pageId: string }) => r.pageId)).toEqual(targets.slice(0, 27).map((n) => n.pageId));
    expect(res.body.relatedFrom.map((r: { pageId: string }) => r.pageId).sort()).toEqual(targets.slice(27, 54).map((n) => n.pageId).sort());
  });
});
