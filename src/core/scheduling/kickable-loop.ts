/**
 * The loop shared by the background workers: runs `round` now when kicked, again every `intervalMs()`
 * otherwise (the safety net for work nobody kicked about), and once more right after a round during which
 * it was kicked or that asked for it (returned true: a full batch suggests more). Rounds never overlap;
 * `stop` lets the round under way finish and schedules nothing after it.
 */
export class KickableLoop {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly round: () => Promise<boolean | void>,
    private readonly intervalMs: () => number,
  ) {}

  get running(): boolean {
    return !this.stopped;
  }

  /** Starts with a round now. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.kick();
  }

  /** Runs a round now (or right after the round under way). */
  kick(): void {
    if (this.stopped) return;
    if (this.current) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Rounds handle their own errors; a stray rejection must not end the loop.
    this.current = this.round().then(
      (more) => {
        if (more === true) this.again = true;
      },
      () => undefined,
    ).finally(() => {
      this.current = null;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.timer = setTimeout(() => this.kick(), this.intervalMs());
        this.timer.unref();
      }
    });
  }

  /** No more rounds; resolves when the round under way (if any) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }
}
