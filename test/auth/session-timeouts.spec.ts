import { MemorySessionStore } from '../../src/auth/sessions/memory-session.store';
import { SessionService } from '../../src/auth/sessions/session.service';
import { loadConfig } from '../../src/core/config/app-config';
import { FakeClock } from '../support/fake-clock';

const SECOND = 1000;
const client = { ip: '203.0.113.5', userAgent: 'clock' };

/** The session rules on a clock the test moves: no sleeps, exact boundaries. */
function setup(idleSeconds: number, absoluteSeconds: number) {
  const clock = new FakeClock();
  const store = new MemorySessionStore(clock);
  const config = loadConfig({
    SESSION_IDLE_TIMEOUT_SECONDS: String(idleSeconds),
    SESSION_ABSOLUTE_TIMEOUT_SECONDS: String(absoluteSeconds),
  });
  return { clock, store, sessions: new SessionService(store, config, clock) };
}

describe('session timeouts (injected clock)', () => {
  it('slides the idle timeout with use, and ends the session one idle period after its last use', async () => {
    const { clock, sessions } = setup(3600, 30 * 86400);
    const { token, session } = await sessions.create('user-1', client);
    // Used every 50 minutes for 10 hours: never idle for an hour.
    for (let i = 0; i < 12; i++) {
      clock.advance(50 * 60 * SECOND);
      expect(await sessions.authenticate(token)).not.toBeNull();
    }
    clock.advance(3600 * SECOND - 1);
    expect(await sessions.authenticate(token)).not.toBeNull();
    clock.advance(3600 * SECOND);
    expect(await sessions.authenticate(token)).toBeNull();
    expect(await sessions.list(session.userId)).toEqual([]);
  });

  it('ends a busy session at its absolute timeout, to the millisecond', async () => {
    const { clock, sessions } = setup(3600, 86400);
    const { token } = await sessions.create('user-2', client);
    const halfHour = 30 * 60 * SECOND;
    let elapsed = 0;
    while (elapsed + halfHour < 86400 * SECOND) {
      clock.advance(halfHour);
      elapsed += halfHour;
      expect(await sessions.authenticate(token)).not.toBeNull();
    }
    clock.advance(86400 * SECOND - elapsed - 1);
    expect(await sessions.authenticate(token)).not.toBeNull();
    clock.advance(1);
    expect(await sessions.authenticate(token)).toBeNull();
  });

  it('records last use at most once a minute', async () => {
    const { clock, store, sessions } = setup(3600, 86400);
    const touch = jest.spyOn(store, 'touch');
    const { token, session } = await sessions.create('user-3', client);
    clock.advance(59 * SECOND);
    await sessions.authenticate(token);
    expect(touch).not.toHaveBeenCalled();
    clock.advance(SECOND);
    const seen = await sessions.authenticate(token);
    expect(touch).toHaveBeenCalledTimes(1);
    expect(seen?.lastSeenAt).toBe(session.createdAt + 60 * SECOND);
  });

  it('records last use at least four times per idle period when that is shorter than a minute', async () => {
    const { clock, store, sessions } = setup(8, 86400);
    const touch = jest.spyOn(store, 'touch');
    const { token } = await sessions.create('user-4', client);
    for (let i = 0; i < 10; i++) {
      clock.advance(2 * SECOND);
      expect(await sessions.authenticate(token)).not.toBeNull();
    }
    expect(touch).toHaveBeenCalledTimes(10);
  });
});
