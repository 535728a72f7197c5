import type { TestApp } from '../support/app';
import { bearer } from '../support/auth';
import { describeWith } from '../support/requirements';
import { newKey, startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, type ConnectedPerson } from './support/notes-world';

/**
 * POST /notes waits up to NOTES_SYNC_WAIT_MS for its note's sync. With several instances another one's
 * worker may sync it: the request must see that and answer 201 then, not wait out the whole time. Here the
 * instance that takes the request cannot run the job at all (its keyring lacks the integration's key),
 * so the other instance always does.
 */
describeWith('sharedServers', 'POST /notes on one instance, synced by another', () => {
  let world: OAuthWorld;
  let syncer: TestApp;
  let front: TestApp;
  let person: ConnectedPerson;

  beforeAll(async () => {
    world = await startOAuthWorld();
    syncer = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '0' });
    front = await world.boot({ ...FAST_SYNC_ENV, NOTES_SYNC_WAIT_MS: '15000', NOTES_SYNC_POLL_MS: '60000', TOKEN_ENCRYPTION_KEYS: newKey('other').entry });
    person = await connectedPerson(syncer, world, 'two-instances');
    // The workspace exists before anything is timed (its first note would provision it).
    expect((await syncer.http().get('/workspace').set(...bearer(person.token))).status).toBe(200);
  });
  afterAll(() => world.close());

  it('answers 201 once the other instance has synced the note, long before the wait runs out', async () => {
    for (let i = 0; i < 2; i += 1) {
      const started = Date.now();
      const res = await postNote(front, person, { content: `Written here, synced there (${i})`, enhance: false });
      const elapsed = Date.now() - started;
      expect(res.status).toBe(201);
      expect(res.body.sync.status).toBe('synced');
      // Half the wait, with room for a loaded machine: without the row check it is the whole 15 s.
      expect(elapsed).toBeLessThan(7500);
    }
  }, 60_000);
});
