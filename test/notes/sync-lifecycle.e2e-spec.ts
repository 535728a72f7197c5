import { Client, LogLevel } from '@notionhq/client';
import { DataSource } from 'typeorm';
import { NotionConnections } from '../../src/notion/notion-connections';
import { NoteSyncWorker } from '../../src/notes/sync/note-sync.worker';
import type { TestApp } from '../support/app';
import { connectWorkspace, startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, sandboxRows, untilOutboxEmpty, untilSyncStatus } from './support/notes-world';

/** Each test boots its own app on the shared database; the workers of earlier ones must not take part. */
const stopWorker = (t: TestApp) => t.app.get(NoteSyncWorker).stop();

describe('sync lifecycle: restart, reauthorisation, failures, stopping', () => {
  let world: OAuthWorld;

  beforeAll(async () => {
    world = await startOAuthWorld();
  });
  afterAll(() => world.close());

  it('restart: notes pending when the app stops all sync after it starts again, once each', async () => {
    const first = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '200' });
    const person = await connectedPerson(first, world, 'restart');
    // Notion is down for page creation: the notes stay pending (attempts pile up with back-off).
    world.sandbox.control.injectFault({ kind: 'status', status: 503, method: 'POST', path: '/v1/pages', probability: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const res = await postNote(first, person, { content: `Written before the restart, number ${i}` });
      expect([res.status, res.body.sync.status]).toEqual([202, 'pending']);
      ids.push(res.body.id);
    }
    await first.close(); // stops the worker: must return, not hang
    expect(first.app.get(NoteSyncWorker).running).toBe(false);
    world.sandbox.control.clearFaults();

    const second = await world.boot(FAST_SYNC_ENV);
    await untilOutboxEmpty(second, [person.integrationId]);
    const rows = await second.app.get(DataSource).query(`SELECT sync_status, last_sync_error FROM notes WHERE id = ANY($1::uuid[])`, [ids]);
    expect(rows.map((r: { sync_status: string; last_sync_error: string | null }) => [r.sync_status, r.last_sync_error])).toEqual(Array(8).fill(['synced', null]));
    const inNotion = (await sandboxRows(second, world, person.integrationId)).map((r) => r.noteId);
    expect(inNotion.sort()).toEqual([...ids].sort());
    await stopWorker(second);
  });

  it('a worker in the middle of jobs stops promptly and releases what it holds', async () => {
    const t = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '0' });
    const person = await connectedPerson(t, world, 'stopper');
    world.sandbox.control.injectFault({ kind: 'latency', latencyMs: 300, path: '/v1/pages', probability: 1 });
    for (let i = 0; i < 5; i += 1) await postNote(t, person, { content: `In flight ${i}` });
    const worker = t.app.get(NoteSyncWorker);
    await worker.stop();
    world.sandbox.control.clearFaults();
    const [held] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM note_sync_jobs WHERE locked_by = $1`, [worker.id]);
    expect(held.n).toBe(0);
    worker.start();
    await untilOutboxEmpty(t, [person.integrationId]);
    expect((await sandboxRows(t, world, person.integrationId)).length).toBe(5);
    await stopWorker(t);
  });

  it('NOTION_REAUTH_REQUIRED parks notes as needs_reauth; they sync by themselves after the user reconnects', async () => {
    const t = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '500' });
    const person = await connectedPerson(t, world, 'reauth');
    await postNote(t, person, { content: 'Before the connection broke' });
    // The user removes the connection in Notion: the token pair dies there.
    const token = await t.app.get(NotionConnections).getValidAccessToken(person.integrationId);
    const notion = new Client({ baseUrl: world.sandbox.url, notionVersion: '2026-03-11', logLevel: LogLevel.ERROR });
    await notion.oauth.revoke({ client_id: world.env.NOTION_CLIENT_ID, client_secret: world.env.NOTION_CLIENT_SECRET, token });

    const res = await postNote(t, person, { content: 'Written while the connection is broken' });
    expect(res.status).toBe(202);
    const parked = await untilSyncStatus(t, person, res.body.id, 'needs_reauth');
    expect(parked.sync.lastError).toMatch(/^NOTION_REAUTH_REQUIRED/);
    // Accepted while the integration needs reauthorisation, too.
    const later = await postNote(t, person, { content: 'Also written before reconnecting' });
    expect(later.status).toBe(202);
    await untilSyncStatus(t, person, later.body.id, 'needs_reauth');

    expect(await connectWorkspace(t, world, person)).toBe(person.integrationId);
    await untilSyncStatus(t, person, res.body.id, 'synced');
    await untilSyncStatus(t, person, later.body.id, 'synced');
    const rows = (await sandboxRows(t, world, person.integrationId)).map((r) => r.noteId);
    expect(rows.filter((id) => id === res.body.id || id === later.body.id)).toHaveLength(2);
    await stopWorker(t);
  });

  it('transient failures retry with back-off, then `failed` with a sanitised reason; POST /notes/:id/sync tries again', async () => {
    const t = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '0', NOTES_SYNC_MAX_ATTEMPTS: '3' });
    const person = await connectedPerson(t, world, 'failing');
    await postNote(t, person, { content: 'Workspace first' });
    await untilOutboxEmpty(t, [person.integrationId]);
    world.sandbox.control.injectFault({ kind: 'status', status: 500, method: 'POST', path: '/v1/pages', probability: 1 });
    const res = await postNote(t, person, { content: 'Notion keeps failing this one' });
    const failed = await untilSyncStatus(t, person, res.body.id, 'failed');
    expect(failed.sync).toMatchObject({ attempts: 3, lastError: 'NOTION_UNAVAILABLE: Notion is unavailable; try again shortly.' });
    world.sandbox.control.clearFaults();
    const retried = await t.http().post(`/notes/${res.body.id}/sync`).set('Authorization', `Bearer ${person.token}`).expect(200);
    expect(['pending', 'synced']).toContain(retried.body.sync.status);
    await untilSyncStatus(t, person, res.body.id, 'synced');
    expect((await sandboxRows(t, world, person.integrationId)).filter((r) => r.noteId === res.body.id)).toHaveLength(1);
  });
});
