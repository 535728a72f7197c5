import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SandboxState, emptyState } from './model';
import { SandboxStore } from './store';

const SAVE_DELAY_MS = 100;

/**
 * Keeps the state in a JSON file so a sandbox keeps its content across restarts. Writes are
 * batched (one write per burst of changes) and atomic (temp file + rename); `flush` runs on close.
 */
export class SnapshotFile {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly path: string,
    private readonly store: SandboxStore,
  ) {}

  /** Loads the file if it exists; returns whether there was anything to load. */
  load(): boolean {
    if (!existsSync(this.path)) return false;
    const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as { version?: number; state?: SandboxState };
    if (parsed.version !== 1 || !parsed.state) throw new Error(`Not a Notion sandbox snapshot: ${this.path}`);
    this.store.replace({ ...emptyState(), ...parsed.state });
    return true;
  }

  watch(): void {
    this.store.onChange(() => this.schedule());
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify({ version: 1, savedAt: new Date().toISOString(), state: this.store.state }));
    renameSync(temp, this.path);
  }
}
