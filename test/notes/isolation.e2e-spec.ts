import { DataSource } from 'typeorm';
import type { TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { listRoutes, routeKey } from '../support/routes';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, type ConnectedPerson } from './support/notes-world';

/** Valid bodies, so that a 404 cannot come from validation failing first. */
const bodies = (ownTarget: string): Record<string, object> => ({
  'PATCH /notes/:id': { title: 'Taken over' },
  'POST /notes/:id/enhance': { mode: 'all' },
  'POST /notes/:id/links': { targetNoteId: ownTarget },
});

describe("another user's note id → 404 on every notes route", () => {
  let world: OAuthWorld;
  let t: TestApp;
  let alice: ConnectedPerson;
  let bob: ConnectedPerson;
  let aliceNote: { id: string; title: string; version?: number };
  let bobNote: string;

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await world.boot(FAST_SYNC_ENV);
    alice = await connectedPerson(t, world, 'alice');
    bob = await connectedPerson(t, world, 'bob');
    aliceNote = (await postNote(t, alice, { content: 'Alice private diary entry about the launch' })).body;
    bobNote = (await postNote(t, bob, { content: 'Bob note' })).body.id;
  });
  afterAll(() => world.close());

  const idRoutes = () => listRoutes(t.app).filter((r) => r.path.startsWith('/notes/:id'));

  it('finds every route that takes a note id', () => {
    expect(idRoutes().map(routeKey).sort()).toEqual([
      'DELETE /notes/:id',
      'DELETE /notes/:id/links/:target',
      'GET /notes/:id',
      'GET /notes/:id/backlinks',
      'GET /notes/:id/history',
      'GET /notes/:id/intelligence',
      'GET /notes/:id/related',
      'PATCH /notes/:id',
      'POST /notes/:id/enhance',
      'POST /notes/:id/links',
      'POST /notes/:id/restore',
      'POST /notes/:id/sync',
    ]);
  });

  it("answers Bob 404 NOT_FOUND on each, as for an id that does not exist, and leaves Alice's note alone", async () => {
    const ds = t.app.get(DataSource);
    const [before] = await ds.query(`SELECT title, version, trashed_at FROM notes WHERE id = $1`, [aliceNote.id]);
    for (const route of idRoutes()) {
      const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
      for (const id of [aliceNote.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        // As the source (Alice's id) and as the target of a link (Bob's own note → Alice's).
        const paths = [route.path.replace(':id', id).replace(':target', bobNote)];
        if (route.path.includes(':target')) paths.push(route.path.replace(':id', bobNote).replace(':target', id));
        for (const path of paths) {
          const res = await t.http()[method](path).set(...bearer(bob.token)).send(bodies(bobNote)[routeKey(route)] ?? {});
          expect([routeKey(route), path, res.status, res.body.code]).toEqual([routeKey(route), path, 404, 'NOT_FOUND']);
        }
      }
    }
    // Linking Bob's own note to Alice's note: 404 too.
    const link = await t.http().post(`/notes/${bobNote}/links`).set(...bearer(bob.token)).send({ targetNoteId: aliceNote.id });
    expect([link.status, link.body.code]).toEqual([404, 'NOT_FOUND']);

    const [after] = await ds.query(`SELECT title, version, trashed_at FROM notes WHERE id = $1`, [aliceNote.id]);
    expect(after).toEqual(before);
    const [links] = await ds.query(`SELECT count(*)::int AS n FROM note_links WHERE target_note_id = $1 OR source_note_id = $1`, [aliceNote.id]);
    expect(links.n).toBe(0);
  });

  it("never shows Bob Alice's notes in lists, search, related or intelligence", async () => {
    const list = await t.http().get('/notes').set(...bearer(bob.token)).expect(200);
    expect(list.body.items.map((n: { id: string }) => n.id)).toEqual([bobNote]);
    const search = await t.http().get('/notes/search?q=diary').set(...bearer(bob.token)).expect(200);
    expect(search.body.items).toEqual([]);
    const bobDiary = (await postNote(t, bob, { content: 'My diary entry about the launch' })).body;
    const related = await t.http().get(`/notes/${bobDiary.id}/related`).set(...bearer(bob.token)).expect(200);
    expect(related.body.map((n: { noteId: string }) => n.noteId)).not.toContain(aliceNote.id);
    const intel = await t.http().get(`/notes/${bobDiary.id}/intelligence`).set(...bearer(bob.token)).expect(200);
    expect(JSON.stringify(intel.body)).not.toContain(aliceNote.id);
    // Alice still sees hers.
    await t.http().get(`/notes/${aliceNote.id}`).set(...bearer(alice.token)).expect(200);
  });
});
