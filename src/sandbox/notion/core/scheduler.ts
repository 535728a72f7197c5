import { Clock } from './clock';

interface Task {
  id: number;
  at: number;
  run: () => void;
  timer: NodeJS.Timeout | null;
}

/**
 * Runs work at a time on the sandbox clock: a real timer fires it when that time comes, and
 * `Clock.advance` fires it at once when the clock is moved past it, so tests can age aggregation
 * windows and retry back-offs without sleeping. Timers are unref'd and `stop()` cancels them all.
 */
export class ClockScheduler {
  private readonly tasks = new Map<number, Task>();
  private nextId = 1;
  private stopped = false;

  constructor(private readonly clock: Clock) {
    clock.onAdvance(() => this.runDue());
  }

  /** Runs `run` once the sandbox clock reaches `at` (ms); returns an id for `cancel`. */
  at(at: number, run: () => void): number {
    const task: Task = { id: this.nextId++, at, run, timer: null };
    if (this.stopped) return task.id;
    this.tasks.set(task.id, task);
    const delay = Math.max(0, at - this.clock.now());
    task.timer = setTimeout(() => this.fire(task), delay);
    task.timer.unref();
    return task.id;
  }

  cancel(id: number): void {
    const task = this.tasks.get(id);
    if (!task) return;
    if (task.timer) clearTimeout(task.timer);
    this.tasks.delete(id);
  }

  /** Fires, in time order, every task whose time has come on the sandbox clock. */
  runDue(): void {
    const now = this.clock.now();
    const due = [...this.tasks.values()].filter((t) => t.at <= now).sort((a, b) => a.at - b.at || a.id - b.id);
    for (const task of due) this.fire(task);
  }

  /** Whether a task is due now or earlier and has not run yet. */
  hasDue(): boolean {
    const now = this.clock.now();
    for (const task of this.tasks.values()) if (task.at <= now) return true;
    return false;
  }

  /** Cancels every waiting task (reset); the scheduler keeps working. */
  clear(): void {
    for (const task of this.tasks.values()) if (task.timer) clearTimeout(task.timer);
    this.tasks.clear();
  }

  stop(): void {
    this.stopped = true;
    for (const task of this.tasks.values()) if (task.timer) clearTimeout(task.timer);
    this.tasks.clear();
  }

  private fire(task: Task): void {
    if (!this.tasks.delete(task.id)) return;
    if (task.timer) clearTimeout(task.timer);
    // A timer can fire a little before the sandbox clock agrees (or after `reset` moved it back): run anyway.
    task.run();
  }
}
