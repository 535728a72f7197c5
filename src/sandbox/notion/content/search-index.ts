import { Clock } from '../core/clock';
import { SandboxStore, plainTextOf } from '../store/store';

/** What search knows about one page or data source. */
export interface IndexedEntry {
  title: string;
  trashed: boolean;
}

/**
 * Notion's search index lags behind writes ("Search indexing is not immediate"). With a delay,
 * every change records what search will know once the delay has passed on the sandbox clock;
 * search reads the newest record that old. Without a delay (the default) search reads the
 * live state.
 */
export class SearchIndex {
  private snapshots: Array<{ at: number; entries: Map<string, IndexedEntry> }> = [];

  constructor(
    private readonly store: SandboxStore,
    private readonly clock: Clock,
    private readonly delayMs: number,
  ) {
    if (delayMs > 0) {
      this.snapshots.push({ at: Number.NEGATIVE_INFINITY, entries: this.build() });
      store.onChange(() => this.record());
    }
  }

  /** The entries search may use now: the live state, or what was indexed `delayMs` ago. */
  entries(): Map<string, IndexedEntry> {
    if (this.delayMs <= 0) return this.build();
    const cutoff = this.clock.now() - this.delayMs;
    let current = 0;
    for (let i = 0; i < this.snapshots.length; i += 1) if (this.snapshots[i].at <= cutoff) current = i;
    if (current > 0) this.snapshots.splice(0, current);
    return this.snapshots[0].entries;
  }

  private record(): void {
    this.snapshots.push({ at: this.clock.now(), entries: this.build() });
  }

  private build(): Map<string, IndexedEntry> {
    const store = this.store;
    const entries = new Map<string, IndexedEntry>();
    for (const page of Object.values(store.state.pages)) {
      entries.set(page.id, { title: plainTextOf(store.pageTitle(page)), trashed: store.isEffectivelyTrashed(page.id) });
    }
    for (const source of Object.values(store.state.dataSources)) {
      // Queries match the database title, even though results are data sources.
      const db = store.state.databases[source.databaseId];
      entries.set(source.id, { title: `${plainTextOf(db?.title ?? [])} ${plainTextOf(source.title)}`, trashed: store.isEffectivelyTrashed(source.id) });
    }
    return entries;
  }
}

/** Lower-case words of a title or query (letters and digits of any script). */
export function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Every word of the query starts a word of the title ("kiw" finds "Kiwi jam"; "iwi" does not). */
export function titleMatches(query: string[], title: string): boolean {
  if (query.length === 0) return true;
  const titleWords = words(title);
  return query.every((q) => titleWords.some((w) => w.startsWith(q)));
}
