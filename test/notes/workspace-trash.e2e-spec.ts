import { DataSource, type EntityManager } from 'typeorm';
import { NotesRepository } from '../../src/notes/notes.repository';
import { NoteSyncJobsRepository } from '../../src/notes/sync/note-sync-jobs.repository';
import { NoteSyncWorker } from '../../src/notes/sync/note-sync.worker';
import type { TestApp } from '../support/app';
import { createApiKey } from '../support/api-keys';
import { bearer } from '../support/auth';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, sandboxRows, untilOutboxEmpty, untilSyncStatus, type ConnectedPerson } from './support/notes-world';

/**
 * The root page and the Table of Contents are the person's (issue 19, item 5). The person edits through the
 * sandbox's person API, as in Notion's app; the product reaches the sandbox over HTTP only. When they trash
 * the root or the Table of Contents, the product creates nothing behind their back: writes park, GET
 * /workspace shows the state and the choices, and restore or start-new resolves it. Two app instances
 * share the database and Redis, each with its sync worker.
 */
describe('the workspace is the person’s: trashed root or Table of Contents, restore, start anew', () => {
  let world: OAuthWorld;
  let t: TestApp;
  let t2: TestApp;

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await world.boot(FAST_SYNC_ENV);
    t2 = await world.boot(FAST_SYNC_ENV);
  });
  afterAll(() => world?.close());

  const person = (user: ConnectedPerson) => world.sandbox.person(user.personId);
  const workspaceOf = async (user: ConnectedPerson) => (await t.http().get('/workspace').set(...bearer(user.token)).expect(200)).body;
  /** Pages and databases in the whole sandbox, trashed ones too: what "nothing created" counts. */
  const objectCount = () => {
    const state = world.sandbox.control.exportState();
    return Object.keys(state.pages).length + Object.keys(state.databases).length;
  };
  const successfulCreates = () =>
    world.sandbox.control
      .requestLog()
      .filter((r) => r.method === 'POST' && (r.route === '/v1/pages' || r.route === '/v1/databases') && r.status === 200);

  async function untilParked(noteId: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [job] = await t.app.get(DataSource).query(`SELECT parked FROM note_sync_jobs WHERE note_id = $1`, [noteId]);
      if (job?.parked === true) return;
      if (Date.now() > deadline) throw new Error(`note ${noteId} not parked after ${timeoutMs} ms (${JSON.stringify(job)})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function notesOf(user: ConnectedPerson, count: number, label: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const res = await postNote(i % 2 === 0 ? t : t2, user, { content: `${label} ${i}: kept in the Table of Contents`, enhance: false });
      expect([201, 202]).toContain(res.status);
      ids.push(res.body.id);
    }
    await untilOutboxEmpty(t, [user.integrationId]);
    return ids;
  }

  it('root page trashed, then restored: a note written meanwhile parks, nothing is created, and it lands in the same Table of Contents', async () => {
    const ada = await connectedPerson(t, world, 'ada');
    const earlier = await notesOf(ada, 3, 'Earlier note');
    const before = await workspaceOf(ada);
    expect(before).toMatchObject({ state: 'active', choices: [], schemaIssues: [] });
    await person(ada).trashPage(before.rootPage.id);
    const objects = objectCount();
    world.sandbox.control.clearRequestLog();

    const late = await postNote(t, ada, { content: 'Written while the root is in the trash', enhance: false });
    expect(late.status).toBe(202);
    await untilParked(late.body.id);

    const waiting = await t.http().get(`/notes/${late.body.id}`).set(...bearer(ada.token)).expect(200);
    expect(waiting.body.sync).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/^NOTION_WORKSPACE_TRASHED: /) });
    const trashed = await workspaceOf(ada);
    expect(trashed).toMatchObject({ state: 'root_trashed', choices: ['restore', 'start_new'], rootPage: before.rootPage, database: before.database });
    expect(successfulCreates()).toEqual([]);
    expect(objectCount()).toBe(objects);
    // The reauthorisation sweep leaves it parked while the workspace is in the trash, at no Notion call.
    world.sandbox.control.clearRequestLog();
    const unpark = (manager: EntityManager, ids: string[]) => t.app.get(NotesRepository).markResumed(manager, ids);
    expect(await t.app.get(NoteSyncJobsRepository).resumeParked(ada.integrationId, unpark)).toBe(0);
    expect(world.sandbox.control.requestLog()).toEqual([]);

    world.sandbox.control.clearRequestLog();
    const restored = await t.http().post('/workspace/restore').set(...bearer(ada.token)).expect(200);

    expect(restored.body).toMatchObject({ state: 'active', choices: [], rootPage: before.rootPage, database: before.database });
    // Three reads and one write: only the root was in the trash.
    const workspaceObjects = [before.rootPage.id, before.database.id, before.database.dataSourceId];
    const restoreCalls = world.sandbox.control.requestLog().filter((r) => workspaceObjects.some((id) => r.path.endsWith(id)));
    expect(restoreCalls.map((r) => `${r.method} ${r.route}`)).toEqual([
      'GET /v1/pages/{page_id}',
      'PATCH /v1/pages/{page_id}',
      'GET /v1/databases/{database_id}',
      'GET /v1/data_sources/{data_source_id}',
    ]);
    await untilSyncStatus(t, ada, late.body.id, 'synced');
    expect(world.sandbox.control.pageContent(before.rootPage.id).page.in_trash).toBe(false);
    const rows = (await sandboxRows(t, world, ada.integrationId)).filter((r) => !r.inTrash);
    expect(rows.map((r) => r.noteId).sort()).toEqual([...earlier, late.body.id].sort());
    expect(successfulCreates().filter((r) => r.route === '/v1/databases')).toEqual([]);
    expect(objectCount()).toBe(objects + 1);
    // Restoring what is in place is a no-op; starting anew from it is refused.
    await t.http().post('/workspace/restore').set(...bearer(ada.token)).expect(200);
    const refused = await t.http().post('/workspace/start-new').set(...bearer(ada.token)).expect(409);
    expect(refused.body.code).toBe('WORKSPACE_ACTIVE');
  }, 60_000);

  it('Table of Contents trashed alone, then restored by the person in Notion: GET /workspace sees it and the parked edit syncs', async () => {
    const bea = await connectedPerson(t, world, 'bea');
    const [noteId] = await notesOf(bea, 1, 'Bea note');
    const before = await workspaceOf(bea);
    await person(bea).deleteBlock(before.database.id);
    const objects = objectCount();
    world.sandbox.control.clearRequestLog();

    // A new note's row is refused by Notion (its table is in the trash): the workspace is checked and the note parks.
    const fresh = await postNote(t, bea, { content: 'Bea note written while the table is in the trash', enhance: false });
    await untilParked(fresh.body.id);
    expect(await workspaceOf(bea)).toMatchObject({ state: 'toc_trashed', choices: ['restore', 'start_new'], database: before.database });
    // Known now: an edit of an existing note parks before any Notion call (the sandbox, like Notion, would
    // take an edit of a row inside a trashed table; the change feed checks the workspace when it hears of one).
    world.sandbox.control.clearRequestLog();
    await t.http().patch(`/notes/${noteId}`).set(...bearer(bea.token)).send({ title: 'Renamed while the table is in the trash' }).expect(200);
    await untilParked(noteId);
    expect(world.sandbox.control.requestLog()).toEqual([]);
    expect(objectCount()).toBe(objects);

    await person(bea).request('PATCH', `/v1/blocks/${before.database.id}`, { in_trash: false });
    expect(await workspaceOf(bea)).toMatchObject({ state: 'active', choices: [], database: before.database });

    // Resumed by the sweep (NOTES_REAUTH_SWEEP_MS), now that the workspace is active again.
    await untilSyncStatus(t, bea, noteId, 'synced');
    await untilSyncStatus(t, bea, fresh.body.id, 'synced');
    const rows = (await sandboxRows(t, world, bea.integrationId)).filter((r) => !r.inTrash);
    expect(rows.map((r) => r.noteId).sort()).toEqual([noteId, fresh.body.id].sort());
    expect(rows.find((r) => r.noteId === noteId)?.title).toBe('Renamed while the table is in the trash');
    expect(successfulCreates().filter((r) => r.route === '/v1/databases')).toEqual([]);
    expect(objectCount()).toBe(objects + 1);
  }, 60_000);

  it('start-new with 6 notes from two racing instances and workers: one new root and Table of Contents, each note written there exactly once', async () => {
    const N = 6;
    const cy = await connectedPerson(t, world, 'cy');
    const ids = await notesOf(cy, N, 'Cy note');
    const before = await workspaceOf(cy);
    const db = t.app.get(DataSource);
    const pagesBefore = new Map<string, string>(
      (await db.query(`SELECT id, notion_page_id FROM notes WHERE id = ANY($1::uuid[])`, [ids])).map((r: { id: string; notion_page_id: string }) => [r.id, r.notion_page_id]),
    );
    await person(cy).trashPage(before.rootPage.id);
    const late = await postNote(t2, cy, { content: 'Cy note written while the root is in the trash', enhance: false });
    await untilParked(late.body.id);
    const all = [...ids, late.body.id];

    // Both instances' workers stopped, so that the jobs start-new queues are raced by both at once afterwards.
    const workers = [t, t2].map((app) => app.app.get(NoteSyncWorker));
    await Promise.all(workers.map((w) => w.stop()));
    world.sandbox.control.clearRequestLog();
    const answers = await Promise.all([t, t2].map((app) => app.http().post('/workspace/start-new').set(...bearer(cy.token))));
    // Normally both 200 with the same workspace (the second waits for the first's); a second request that
    // starts only after the first finished finds the workspace active: 409 WORKSPACE_ACTIVE, nothing done.
    const ok = answers.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(answers.filter((r) => r.status !== 200).map((r) => [r.status, r.body.code])).toEqual(answers.length === ok.length ? [] : [[409, 'WORKSPACE_ACTIVE']]);
    const a = ok[0];
    expect(new Set(ok.map((r) => r.body.rootPage.id))).toEqual(new Set([a.body.rootPage.id]));
    expect(a.body).toMatchObject({ state: 'active', choices: [] });
    expect(a.body.rootPage.id).not.toBe(before.rootPage.id);
    expect(a.body.database.dataSourceId).not.toBe(before.database.dataSourceId);
    // One root page and one Table of Contents created between the two requests (the workers are stopped).
    expect(successfulCreates().map((r) => r.route)).toEqual(['/v1/pages', '/v1/databases']);
    const queued = await db.query(`SELECT n.id, n.notion_page_id, j.parked FROM notes n JOIN note_sync_jobs j ON j.note_id = n.id WHERE n.id = ANY($1::uuid[])`, [all]);
    expect(queued).toHaveLength(N + 1);
    expect(queued.filter((r: { notion_page_id: string | null; parked: boolean }) => r.notion_page_id !== null || r.parked)).toEqual([]);

    // The first three creates are applied by Notion but answered 500: each must be adopted by Note ID, not repeated.
    world.sandbox.control.injectFault({ kind: 'fail_after_write', status: 500, method: 'POST', path: '/v1/pages', times: 3 });
    world.sandbox.control.clearRequestLog();
    workers.forEach((w) => w.start());
    await untilOutboxEmpty(t, [cy.integrationId], 60_000);
    world.sandbox.control.clearFaults();

    expect(world.sandbox.control.requestLog().filter((r) => r.fault === 'fail_after_write')).toHaveLength(3);
    const rows = (await sandboxRows(t, world, cy.integrationId)).filter((r) => !r.inTrash);
    expect(rows.map((r) => r.noteId).sort()).toEqual([...all].sort());
    const after = await db.query(`SELECT id, notion_page_id, sync_status FROM notes WHERE id = ANY($1::uuid[])`, [all]);
    for (const note of after as Array<{ id: string; notion_page_id: string; sync_status: string }>) {
      expect({ id: note.id, status: note.sync_status }).toEqual({ id: note.id, status: 'synced' });
      expect(rows.find((r) => r.noteId === note.id)?.pageId).toBe(note.notion_page_id);
      expect(note.notion_page_id).not.toBe(pagesBefore.get(note.id));
    }
    // One new root at the top of the person's workspace besides the one in the trash (and the page the person had).
    const state = world.sandbox.control.exportState();
    const roots = Object.values(state.pages).filter((p) => p.workspaceId === cy.workspaceId && p.parent.type === 'workspace' && p.createdBy !== cy.personId);
    expect(roots.map((p) => [p.id, p.inTrash]).sort()).toEqual([[a.body.rootPage.id, false], [before.rootPage.id, true]].sort());
    expect(Object.values(state.databases).filter((d) => d.parent.type === 'page_id' && d.parent.id === a.body.rootPage.id)).toHaveLength(1);
    const oldRows = Object.values(state.pages).filter((p) => p.parent.type === 'data_source_id' && p.parent.id === before.database.dataSourceId);
    expect(oldRows).toHaveLength(N);
  }, 120_000);

  it('properties: one the person renamed is still written, one they deleted is added back, one whose type they changed is reported and left alone', async () => {
    const dee = await connectedPerson(t, world, 'dee');
    const [noteId] = await notesOf(dee, 1, 'Dee note');
    const before = await workspaceOf(dee);
    const source = before.database.dataSourceId;
    await person(dee).renameProperty(source, 'Summary', 'Abstract');
    await person(dee).deleteProperty(source, 'Tags');
    // Notion keeps a property's id when its type changes; the sandbox refuses type changes, so the person
    // deletes Type and makes a text property of that name (our id is gone, the name is taken).
    await person(dee).deleteProperty(source, 'Type');
    await person(dee).request('PATCH', `/v1/data_sources/${source}`, { properties: { Type: { rich_text: {} } } });

    await t.http().patch(`/notes/${noteId}`).set(...bearer(dee.token)).send({ tags: ['kept-tag'], type: 'idea', title: 'Dee after the schema edits' }).expect(200);
    const synced = await untilSyncStatus(t, dee, noteId, 'synced');

    expect(synced.tags).toEqual(['kept-tag']);
    const workspace = await workspaceOf(dee);
    expect(workspace).toMatchObject({ state: 'active', choices: [], schemaIssues: [{ property: 'Type', kind: 'type_changed', expected: 'select', found: 'rich_text' }] });
    const state = world.sandbox.control.exportState();
    const schema = Object.fromEntries(state.dataSources[source].properties.map((p) => [p.name, p]));
    expect(Object.fromEntries(Object.entries(schema).map(([name, p]) => [name, p.type]))).toMatchObject({ Abstract: 'rich_text', Tags: 'multi_select', Type: 'rich_text' });
    expect(schema).not.toHaveProperty('Summary');
    const [row] = (await sandboxRows(t, world, dee.integrationId)).filter((r) => !r.inTrash);
    expect(row.title).toBe('Dee after the schema edits');
    const values = row.properties as Record<string, { type: string; value: unknown }>;
    expect(values[schema.Tags.id].value).toEqual([expect.objectContaining({ name: 'kept-tag' })]);
    expect(JSON.stringify(values[schema.Abstract.id].value)).toContain(synced.summary.slice(0, 20));
    // The person's Type is theirs: the product wrote nothing into it.
    expect(values[schema.Type.id].value).toEqual([]);
  }, 60_000);

  it('restore and start-new need a signed-in session: none → 401, an API key → 403', async () => {
    await t.http().post('/workspace/restore').expect(401);
    await t.http().post('/workspace/start-new').expect(401);
    const eve = await connectedPerson(t, world, 'eve');
    const key = await createApiKey(t, eve, 'agent');
    for (const path of ['/workspace/restore', '/workspace/start-new']) {
      const res = await t.http().post(path).set(...bearer(key.key)).expect(403);
      expect(res.body.code).toBe('API_KEY_NOT_ALLOWED');
    }
    expect(await t.app.get(DataSource).query(`SELECT 1 FROM notion_workspaces WHERE integration_id = $1`, [eve.integrationId])).toEqual([]);
  });
});
