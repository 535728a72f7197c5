import { KickableLoop } from '../../src/core/scheduling/kickable-loop';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

/** The loop the background workers share, on real timers. */
describe('KickableLoop', () => {
  let loop: KickableLoop | undefined;
  afterEach(() => loop?.stop());

  /** A round that waits for `release` to be called, counting the rounds started. */
  function gatedRounds(more = () => false) {
    const state = { started: 0, release: () => undefined as void };
    loop = new KickableLoop(
      () =>
        new Promise<boolean>((resolve) => {
          state.started += 1;
          state.release = () => resolve(more());
        }),
      () => 60_000,
    );
    return state;
  }

  it('runs a round at start, and one more (not one per kick) after a round during which it was kicked', async () => {
    const rounds = gatedRounds();
    loop?.start();
    expect(rounds.started).toBe(1);
    loop?.kick();
    loop?.kick();
    rounds.release();
    await tick();
    expect(rounds.started).toBe(2);
    rounds.release();
    await tick();
    expect(rounds.started).toBe(2);
  });

  it('runs again at once when a round says more is due, and waits for the interval otherwise', async () => {
    let full = 2;
    const rounds = gatedRounds(() => (full -= 1) >= 0);
    loop?.start();
    for (let i = 0; i < 3; i += 1) {
      rounds.release();
      await tick();
    }
    // Two full rounds, each followed at once by another; the third was not full.
    expect(rounds.started).toBe(3);
  });

  it('polls every interval when nobody kicks', async () => {
    let started = 0;
    loop = new KickableLoop(async () => {
      started += 1;
    }, () => 20);
    loop.start();
    await tick(110);
    expect(started).toBeGreaterThanOrEqual(3);
  });

  it('stop waits for the round under way and starts none after it, kicked or not', async () => {
    const rounds = gatedRounds(() => true);
    loop?.start();
    loop?.kick();
    const stopping = loop?.stop();
    expect(loop?.running).toBe(false);
    rounds.release();
    await stopping;
    loop?.kick();
    await tick(20);
    expect(rounds.started).toBe(1);
  });

  it('keeps going after a round that threw', async () => {
    let started = 0;
    loop = new KickableLoop(async () => {
      started += 1;
      if (started === 1) throw new Error('boom');
    }, () => 60_000);
    loop.start();
    await tick();
    loop.kick();
    await tick();
    expect(started).toBe(2);
  });
});
