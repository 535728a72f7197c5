import { DataSource } from 'typeorm';
import type { TestApp } from '../support/app';
import { NoteSyncJobsRepository } from '../../src/notes/sync/note-sync-jobs.repository';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, type ConnectedPerson } from './support/notes-world';

/**
 * The claim itself, in the database: turns per integration (oldest first within one), offset by what an
 * integration already has leased on any instance, resting integrations left out, and two claimers never
 * holding one job. The app's worker is off, so the jobs stay where the test puts them; the app's keyring holds
 * only this world's key, so its claims leave out jobs of other test files sharing the database.
 */
describe('the fair claim of note sync jobs', () => {
  let world: OAuthWorld;
  let t: TestApp;
  let jobs: NoteSyncJobsRepository;
  const people: ConnectedPerson[] = [];
  const notesOf = new Map<string, string[]>();

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_WORKER: 'false', NOTES_SYNC_WAIT_MS: '0' });
    jobs = t.app.get(NoteSyncJobsRepository);
    for (const label of ['heavy', 'light-1', 'light-2']) people.push(await connectedPerson(t, world, label));
    // heavy queues 6 notes first, then each light person one: oldest first would hand heavy the first 6 slots.
    for (const [index, person] of people.entries()) {
      const ids: string[] = [];
      for (let i = 0; i < (index === 0 ? 6 : 1); i += 1) ids.push((await postNote(t, person, { content: `Note ${i} of ${person.email}`, enhance: false })).body.id);
      notesOf.set(person.integrationId, ids);
    }
  });
  afterAll(() => world.close());

  const release = async () => {
    const ids = [...notesOf.values()].flat();
    await t.app.get(DataSource).query(`UPDATE note_sync_jobs SET locked_until = NULL, locked_by = NULL WHERE note_id = ANY($1::uuid[])`, [ids]);
  };
  const claim = (worker: string, limit: number, resting: string[] = []) =>
    jobs.claim(worker, limit, 60_000, { perIntegration: 2, resting });
  const owner = (noteId: string) => [...notesOf].find(([, ids]) => ids.includes(noteId))?.[0];

  it('serves every integration before anyone gets a second turn, and at most two turns each', async () => {
    const [heavy, light1, light2] = people.map((p) => p.integrationId);
    const first = await claim('w1', 4);
    expect(first.map((j) => owner(j.noteId)).sort()).toEqual([heavy, heavy, light1, light2].sort());
    // heavy's two are its oldest two.
    expect(first.filter((j) => j.integrationId === heavy).map((j) => j.noteId).sort()).toEqual(notesOf.get(heavy)?.slice(0, 2).sort());
    // heavy already holds two leases (on "another instance"): nothing more for it until one ends.
    expect(await claim('w2', 10)).toEqual([]);
    await release();
  });

  it('leaves resting integrations out', async () => {
    const [heavy, light1, light2] = people.map((p) => p.integrationId);
    const claimed = await claim('w1', 10, [heavy, light2]);
    expect(claimed.map((j) => j.integrationId)).toEqual([light1]);
    await release();
  });

  it('leaves out integrations whose tokens are under a key this instance lacks (a rolling key rotation)', async () => {
    const [heavy, light1, light2] = people.map((p) => p.integrationId);
    const db = t.app.get(DataSource);
    // The claimer has just read which integrations it cannot decrypt (an earlier claim); light-1 turns
    // unreadable after that, as an integration connected elsewhere between that read and the claim would.
    await claim('w0', 10);
    await release();
    await db.query(`UPDATE oauth_integrations SET key_id = 'elsewhere' WHERE id = $1`, [light1]);
    try {
      const claimed = await claim('w1', 10);
      expect(claimed.map((j) => j.integrationId).sort()).toEqual([heavy, heavy, light2].sort());
      // ...and light-1's job is free again at once, for an instance that holds its key.
      const [held] = await db.query(`SELECT locked_by FROM note_sync_jobs WHERE note_id = $1`, [notesOf.get(light1)?.[0]]);
      expect(held.locked_by).toBeNull();
    } finally {
      await db.query(`UPDATE oauth_integrations SET key_id = $2 WHERE id = $1`, [light1, world.kid]);
      await release();
    }
  });

  it('releases only what the claim just took: a job of that integration claimed earlier keeps its lease', async () => {
    const [heavy, light1, light2] = people.map((p) => p.integrationId);
    const db = t.app.get(DataSource);
    const [running] = await jobs.claim('w1', 1, 60_000, { perIntegration: 6, resting: [] });
    expect(running.integrationId).toBe(heavy);
    // heavy's tokens go under a key this instance lacks while its first job runs.
    await db.query(`UPDATE oauth_integrations SET key_id = 'elsewhere' WHERE id = $1`, [heavy]);
    try {
      const claimed = await jobs.claim('w1', 10, 60_000, { perIntegration: 6, resting: [] });
      expect(claimed.map((j) => j.integrationId).sort()).toEqual([light1, light2].sort());
      const held = await db.query(`SELECT note_id FROM note_sync_jobs WHERE locked_by = 'w1' AND note_id = ANY($1::uuid[])`, [notesOf.get(heavy)]);
      expect(held.map((r: { note_id: string }) => r.note_id)).toEqual([running.noteId]);
    } finally {
      await db.query(`UPDATE oauth_integrations SET key_id = $2 WHERE id = $1`, [heavy, world.kid]);
      await release();
    }
  });

  it('never hands one job to two claimers at once', async () => {
    const claims = await Promise.all(['a', 'b', 'c', 'd'].map((w) => claim(`w-${w}`, 3)));
    const all = claims.flat().map((j) => j.noteId);
    expect(new Set(all).size).toBe(all.length);
    // Together they lease at least the first turn of everyone and heavy's second.
    expect(all.length).toBeGreaterThanOrEqual(4);
    await release();
  });

  it('a deferred job is due again only after its delay, with no attempt counted', async () => {
    const [, light1] = people.map((p) => p.integrationId);
    const [job] = await claim('w1', 10, people.filter((p) => p.integrationId !== light1).map((p) => p.integrationId));
    await jobs.defer(job, 60_000);
    expect(await claim('w1', 10, people.filter((p) => p.integrationId !== light1).map((p) => p.integrationId))).toEqual([]);
    const [row] = await t.app.get(DataSource).query(`SELECT attempts, locked_by FROM note_sync_jobs WHERE note_id = $1`, [job.noteId]);
    expect(row).toEqual({ attempts: 0, locked_by: null });
  });
});
