import { DataSource } from 'typeorm';
import type { TestApp } from '../support/app';
import { describeWith } from '../support/requirements';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { listenerName } from '../../src/notes/sync/note-sync.listener';
import { NoteSyncWorker } from '../../src/notes/sync/note-sync.worker';
import { FAST_SYNC_ENV, connectedPerson, postNote, untilSyncStatus, type ConnectedPerson } from './support/notes-world';

/** Far longer than the test waits: a note synced in time was picked up through NOTIFY, not by a poll. */
const POLL_NEVER = { NOTES_SYNC_POLL_MS: '600000', NOTES_REAUTH_SWEEP_MS: '600000' };
const PROMPTLY_MS = 5_000;

/**
 * Cross-instance pickup through Postgres LISTEN/NOTIFY: notes are written through an instance with no sync
 * worker, and the other instance, whose worker polls only every ten minutes, must sync them within seconds.
 * (The embedded database runs one session, where LISTEN cannot reach another connection: there the
 * single instance's in-process kick does this job, which the other notes tests cover.)
 */
describeWith('postgres', 'sync pickup across instances (LISTEN/NOTIFY)', () => {
  let world: OAuthWorld;
  let writer: TestApp;
  let syncer: TestApp;
  let person: ConnectedPerson;

  beforeAll(async () => {
    world = await startOAuthWorld();
    writer = await world.boot({ ...FAST_SYNC_ENV, ...POLL_NEVER, NOTES_SYNC_WORKER: 'false', NOTES_SYNC_WAIT_MS: '0' });
    syncer = await world.boot({ ...FAST_SYNC_ENV, ...POLL_NEVER });
    person = await connectedPerson(writer, world, 'pickup');
  });
  afterAll(() => world.close());

  /** The instance's LISTEN connection (other test files' instances may listen on this database too). */
  const listeners = (t: TestApp): Promise<Array<{ pid: number }>> =>
    t.app
      .get(DataSource)
      .query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN %'`, [listenerName(t.app.get(NoteSyncWorker).id)]);
  async function untilListening(t: TestApp): Promise<void> {
    const deadline = Date.now() + PROMPTLY_MS;
    while ((await listeners(t)).length === 0) {
      if (Date.now() > deadline) throw new Error('the instance does not listen for due sync jobs');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('syncs a note written on another instance at once, not at the next poll', async () => {
    const res = await postNote(writer, person, { content: 'Written on one instance, synced by the other.', enhance: false });
    expect(res.status).toBe(202);

    const started = Date.now();
    const note = await untilSyncStatus(syncer, person, res.body.id, 'synced', PROMPTLY_MS);

    expect(note.notion.pageId).toEqual(expect.any(String));
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
  });

  it('listens again after its connection drops, and picks up what was written meanwhile', async () => {
    await untilListening(syncer);
    const [{ pid }] = await listeners(syncer);
    await syncer.app.get(DataSource).query('SELECT pg_terminate_backend($1)', [pid]);
    const res = await postNote(writer, person, { content: 'Written while the listener was away.', enhance: false });
    expect(res.status).toBe(202);

    await untilSyncStatus(syncer, person, res.body.id, 'synced', PROMPTLY_MS);
    await untilListening(syncer);
    expect((await listeners(syncer)).map((r) => r.pid)).not.toContain(pid);

    const after = await postNote(writer, person, { content: 'Written once the listener was back.', enhance: false });
    await untilSyncStatus(syncer, person, after.body.id, 'synced', PROMPTLY_MS);
  });
});
