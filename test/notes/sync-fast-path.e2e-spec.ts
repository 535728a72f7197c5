import { DataSource } from 'typeorm';
import type { TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, sandboxRows, untilOutboxEmpty, untilSyncStatus, type ConnectedPerson } from './support/notes-world';

/**
 * The fast path of POST /notes: the note's first attempt runs in the writing instance at once, on a job
 * inserted already leased to its worker, and the answer is the row that attempt recorded. What must hold
 * besides speed: one Notion call for a note at steady state, an answer equal to what GET reads, exactly
 * one page when the first create's answer is lost, and a link made to the note while its page is being
 * created reaching the linking note's Related.
 */
describe('POST /notes: the first attempt in the writing request', () => {
  let world: OAuthWorld;
  let t: TestApp;
  let person: ConnectedPerson;
  const as = () => bearer(person.token);
  const notionCalls = () => world.sandbox.control.requestLog().filter((e) => e.path.startsWith('/v1/') && e.path !== '/v1/oauth/token');

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_POLL_MS: '200', NOTES_SYNC_WAIT_MS: '10000' });
    person = await connectedPerson(t, world, 'fast-path');
    expect((await t.http().get('/workspace').set(...as())).status).toBe(200);
  });
  afterAll(() => world.close());
  afterEach(() => world.sandbox.control.clearFaults());

  it('costs one Notion call, and answers with the note as GET reads it', async () => {
    world.sandbox.control.clearRequestLog();
    const res = await postNote(t, person, { content: 'Fast path: one call.\n\n- [ ] check the log', tags: ['fast'] });
    expect(res.status).toBe(201);
    // Only the create: no search for an earlier page (this attempt is the first that may have sent one).
    expect(notionCalls().map((e) => `${e.method} ${e.path}`)).toEqual(['POST /v1/pages']);
    const read = await t.http().get(`/notes/${res.body.id}`).set(...as());
    expect(read.status).toBe(200);
    expect(res.body).toEqual(read.body);
    expect(res.body.sync).toMatchObject({ status: 'synced' });
    expect(res.body.notion).toEqual({ pageId: expect.any(String), url: expect.any(String) });
    const [job] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM note_sync_jobs WHERE note_id = $1`, [res.body.id]);
    expect(job.n).toBe(0);
  });

  it('when the first create happened but its answer was lost, the retry adopts that page: one page', async () => {
    world.sandbox.control.injectFault({ kind: 'fail_after_write', status: 500, method: 'POST', path: '/v1/pages', times: 1 });
    const res = await postNote(t, person, { content: 'Created, but the answer was lost.', title: 'Lost answer', enhance: false });
    expect(res.status).toBe(202);
    const synced = await untilSyncStatus(t, person, res.body.id, 'synced');
    const rows = (await sandboxRows(t, world, person.integrationId)).filter((r) => r.noteId === res.body.id);
    expect(rows).toHaveLength(1);
    expect(synced.notion.pageId).toBe(rows[0].pageId);
  });

  it('a link made to the note while its page is being created reaches the linking note in Notion', async () => {
    const source = await postNote(t, person, { content: 'The note that links.', title: 'Source', enhance: false });
    expect(source.status).toBe(201);
    // The next create takes a second: the new note is listed, and linked to, before its page exists.
    world.sandbox.control.injectFault({ kind: 'latency', latencyMs: 1500, method: 'POST', path: '/v1/pages', times: 1 });
    // `.then` sends the request now (supertest sends on the first then).
    const writing = postNote(t, person, { content: 'The note linked to while it is created.', title: 'Target', enhance: false }).then((r) => r);
    let targetId: string | undefined;
    for (let i = 0; i < 100 && !targetId; i += 1) {
      const list = await t.http().get('/notes?limit=5').set(...as());
      targetId = (list.body.items as Array<{ id: string; title: string; notion: unknown }>).find((n) => n.title === 'Target' && !n.notion)?.id;
      if (!targetId) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(targetId).toBeDefined();
    const linked = await t.http().post(`/notes/${source.body.id}/links`).set(...as()).send({ targetNoteId: targetId });
    expect(linked.status).toBe(200);
    const target = await writing;
    expect(target.status).toBe(201);
    await untilOutboxEmpty(t, [person.integrationId], 20_000);
    const rows = await sandboxRows(t, world, person.integrationId);
    const sourceRow = rows.find((r) => r.noteId === source.body.id);
    expect(sourceRow?.related).toEqual([target.body.notion.pageId]);
  });
});
