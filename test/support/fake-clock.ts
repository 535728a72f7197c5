import { Clock } from '../../src/core/clock/clock';

/** A clock that moves only when told to. */
export class FakeClock extends Clock {
  constructor(private time = Date.UTC(2030, 0, 1)) {
    super();
  }

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
