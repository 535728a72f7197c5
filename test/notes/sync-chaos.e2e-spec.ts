import { DataSource } from 'typeorm';
import type { TestApp } from '../support/app';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, sandboxRows, untilOutboxEmpty, type ConnectedPerson } from './support/notes-world';

/**
 * 60 notes (not the 200: the machine has 2 shared cores, and every note here is a real HTTP
 * round trip through the app and the sandbox) from 3 users while the sandbox answers a share of all
 * Notion calls with 500s, 429s, connection resets and `fail_after_write` (the write happens, the answer
 * says 500). Two app instances share the database and Redis, each running its sync worker, and the notes
 * are written through both. Every note must end synced, with exactly one row in its user's Table of Contents.
 */
const USERS = 3;
const NOTES_PER_USER = 20;

describe('sync under chaos: every note synced exactly once', () => {
  let world: OAuthWorld;
  let t: TestApp;
  let t2: TestApp;
  let people: ConnectedPerson[];

  beforeAll(async () => {
    world = await startOAuthWorld();
    const env = { ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '0', NOTES_SYNC_MAX_ATTEMPTS: '40', NOTES_SYNC_CONCURRENCY: '8' };
    t = await world.boot(env);
    t2 = await world.boot(env);
    people = [];
    for (let i = 0; i < USERS; i += 1) people.push(await connectedPerson(t, world, `chaos-${i}`));
  });
  afterAll(() => world.close());

  it('500s, 429s, resets and fail_after_write on every kind of Notion call', async () => {
    const control = world.sandbox.control;
    // The first two of each kind for certain (random ones alone can miss a short run), then at random.
    control.injectFault({ kind: 'status', status: 500, path: '/v1/*', times: 2 });
    control.injectFault({ kind: 'rate_limit', path: '/v1/*', times: 2, retryAfterSeconds: 1 });
    control.injectFault({ kind: 'reset', path: '/v1/*', times: 2 });
    control.injectFault({ kind: 'fail_after_write', status: 500, method: 'POST', path: '/v1/pages', times: 2 });
    control.injectFault({ kind: 'status', status: 500, path: '/v1/*', probability: 0.1 });
    control.injectFault({ kind: 'rate_limit', path: '/v1/*', probability: 0.05, retryAfterSeconds: 1 });
    control.injectFault({ kind: 'reset', path: '/v1/*', probability: 0.1 });
    control.injectFault({ kind: 'fail_after_write', status: 500, method: 'POST', path: '/v1/pages', probability: 0.25 });
    control.injectFault({ kind: 'fail_after_write', status: 502, method: 'PATCH', path: '/v1/*', probability: 0.1 });
    control.clearRequestLog();

    const ids = new Map<string, string>();
    await Promise.all(
      people.map(async (person) => {
        for (let i = 0; i < NOTES_PER_USER; i += 1) {
          const res = await postNote(i % 2 === 0 ? t : t2, person, { content: `Chaos note ${i} of ${person.email}\n\n- [ ] check it arrives once` });
          expect(res.status).toBe(202);
          ids.set(res.body.id, person.integrationId);
        }
      }),
    );
    expect(ids.size).toBe(USERS * NOTES_PER_USER);

    await untilOutboxEmpty(t, people.map((p) => p.integrationId), 240_000);
    const faults = control.requestLog().filter((e) => e.fault);
    control.clearFaults();
    const kinds = new Set(faults.map((f) => f.fault));
    expect([...kinds].sort()).toEqual(['fail_after_write', 'rate_limit', 'reset', 'status']);

    const rows = await t.app.get(DataSource).query(`SELECT id, sync_status, notion_page_id FROM notes WHERE id = ANY($1::uuid[])`, [[...ids.keys()]]);
    expect(rows.filter((r: { sync_status: string }) => r.sync_status !== 'synced')).toEqual([]);
    for (const person of people) {
      const inNotion = (await sandboxRows(t, world, person.integrationId)).filter((r) => !r.inTrash);
      const mine = [...ids].filter(([, integration]) => integration === person.integrationId).map(([id]) => id);
      // None missing, none doubled: exactly one live row per note, and it is the page the note points at.
      expect(inNotion.map((r) => r.noteId).sort()).toEqual(mine.sort());
      for (const row of inNotion) {
        expect(rows.find((r: { id: string }) => r.id === row.noteId)?.notion_page_id).toBe(row.pageId);
      }
    }
  }, 300_000);
});
