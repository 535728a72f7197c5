/**
 * The sandbox's notion of "now". Tests shift it forward to expire codes and tokens without
 * sleeping; timestamps in responses come from the same clock so they stay consistent.
 */
export class Clock {
  private offsetMs = 0;
  private lastIso = '';
  private readonly advanceListeners: Array<() => void> = [];

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
    for (const listener of this.advanceListeners) listener();
  }

  /** Called after every `advance`, so work scheduled on this clock (webhook deliveries) runs when its time comes. */
  onAdvance(listener: () => void): void {
    this.advanceListeners.push(listener);
  }

  reset(): void {
    this.offsetMs = 0;
  }

  /** Strictly increasing ISO timestamps, so "last_edited_time moves on writes" holds even within one millisecond. */
  isoNow(): string {
    let iso = new Date(this.now()).toISOString();
    if (iso <= this.lastIso) iso = new Date(Date.parse(this.lastIso) + 1).toISOString();
    this.lastIso = iso;
    return iso;
  }
}
