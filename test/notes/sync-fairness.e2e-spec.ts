import { DataSource } from 'typeorm';
import type { TestApp } from '../support/app';
import { describeWith } from '../support/requirements';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, sandboxRows, untilOutboxEmpty, untilSyncStatus, type ConnectedPerson } from './support/notes-world';

/**
 * One tenant's burst must not hold up another's note. The sandbox enforces Notion's 3 requests/s per
 * integration; A files BURST notes at once (scaled down from the 1,000: each is a real HTTP round
 * trip, and A's backlog drains at 3/s), then B writes one. B's note must sync long before A's backlog
 * drains, within a bound relative to B's idle time (generous slack: the machine is shared, and
 * `npm run bench:notes` carries the real figure), and every note must land in Notion exactly once.
 * Two instances share the database and Redis and both run the worker, so the fairness is the claim's, not one process's.
 */
const BURST = 60;

/** Sync latency as the database saw it: from the row's creation to its `synced_at`. */
async function syncLatencyMs(t: TestApp, noteId: string): Promise<number> {
  const [row] = await t.app.get(DataSource).query(
    `SELECT EXTRACT(EPOCH FROM (synced_at - created_at)) * 1000 AS ms FROM notes WHERE id = $1`,
    [noteId],
  );
  return Number(row.ms);
}

async function queued(t: TestApp, integrationId: string): Promise<number> {
  const [row] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM note_sync_jobs WHERE integration_id = $1`, [integrationId]);
  return row.n as number;
}

describeWith('sharedServers', 'fair sync scheduling across integrations, two instances', () => {
  let world: OAuthWorld;
  let t: TestApp;
  let t2: TestApp;
  let a: ConnectedPerson;
  let b: ConnectedPerson;

  beforeAll(async () => {
    world = await startOAuthWorld({ rateLimit: { requestsPerSecond: 3, burst: 10 } });
    const env = { ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '0', NOTES_SYNC_CONCURRENCY: '8', NOTES_SYNC_POLL_MS: '200', NOTION_RATE_LIMIT_PER_SECOND: '3' };
    t = await world.boot(env);
    t2 = await world.boot(env);
    a = await connectedPerson(t, world, 'burst-a');
    b = await connectedPerson(t, world, 'quiet-b');
    // Each workspace exists before anything is measured (its first note would provision it).
    for (const person of [a, b]) {
      const first = await postNote(t, person, { content: `Warm-up note of ${person.email}` });
      await untilSyncStatus(t, person, first.body.id, 'synced');
    }
  }, 120_000);
  afterAll(() => world.close());

  it("B's note syncs within a small multiple of its idle time while A's burst drains, and no note is lost or doubled", async () => {
    const idle: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await postNote(t, b, { content: `Idle note ${i} of B`, enhance: false });
      await untilSyncStatus(t, b, res.body.id, 'synced');
      idle.push(await syncLatencyMs(t, res.body.id));
      await new Promise((resolve) => setTimeout(resolve, 1100)); // a fresh rate window for each
    }
    const idleMs = idle.sort((x, y) => x - y)[1];

    const burstIds: string[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, lane) => {
        for (let i = lane; i < BURST; i += 6) {
          const res = await postNote(i % 2 === 0 ? t : t2, a, { content: `Burst note ${i} of A`, enhance: false });
          expect(res.status).toBe(202);
          burstIds.push(res.body.id);
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // A's backlog is being worked when B writes
    const quiet = await postNote(t2, b, { content: 'B writes while A bursts', enhance: false });
    await untilSyncStatus(t, b, quiet.body.id, 'synced', 60_000);
    const behindMs = await syncLatencyMs(t, quiet.body.id);
    const aLeft = await queued(t, a.integrationId);

    // A's burst is still draining (it takes BURST / 3 s), and B's note did not wait behind it.
    expect(behindMs).toBeLessThanOrEqual(5 * idleMs + 1500);
    expect(aLeft).toBeGreaterThan(BURST / 3);

    await untilOutboxEmpty(t, [a.integrationId, b.integrationId], 120_000);
    const rows = await t.app.get(DataSource).query(`SELECT id, sync_status FROM notes WHERE id = ANY($1::uuid[])`, [burstIds]);
    expect(rows.filter((r: { sync_status: string }) => r.sync_status !== 'synced')).toEqual([]);
    const inNotion = (await sandboxRows(t, world, a.integrationId)).filter((r) => !r.inTrash && burstIds.includes(r.noteId));
    expect(inNotion.map((r) => r.noteId).sort()).toEqual([...burstIds].sort());
    const bRows = (await sandboxRows(t, world, b.integrationId)).filter((r) => r.noteId === quiet.body.id);
    expect(bRows).toHaveLength(1);
  }, 240_000);
});

describe('a note written with NOTES_SYNC_WAIT_MS=0', () => {
  let world: OAuthWorld;
  let t: TestApp;

  beforeAll(async () => {
    world = await startOAuthWorld();
    // A poll that never comes during the test: only the kick of the write can start the sync.
    t = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '0', NOTES_SYNC_POLL_MS: '600000' });
  });
  afterAll(() => world.close());

  it('is claimed at once, not at the next poll', async () => {
    const person = await connectedPerson(t, world, 'no-wait');
    for (let i = 0; i < 2; i += 1) {
      const res = await postNote(t, person, { content: `Answered 202 at once, synced right after (${i})`, enhance: false });
      expect(res.status).toBe(202);
      await untilSyncStatus(t, person, res.body.id, 'synced', 15_000);
    }
  }, 60_000);
});
