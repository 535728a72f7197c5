import { Clock } from '../core/clock';
import {
  BlockRecord,
  DataSourceRecord,
  DatabaseRecord,
  JsonObject,
  PageRecord,
  SandboxState,
  emptyState,
} from './model';

export type ContentNode =
  | { kind: 'page'; record: PageRecord }
  | { kind: 'block'; record: BlockRecord }
  | { kind: 'database'; record: DatabaseRecord }
  | { kind: 'data_source'; record: DataSourceRecord };

/**
 * Holds the state and answers structural questions about it (what is this id, what contains
 * what). Permission checks live in access.ts; response shapes in the renderers.
 */
export class SandboxStore {
  state: SandboxState = emptyState();
  private listeners: Array<() => void> = [];

  constructor(readonly clock: Clock) {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Called after every write so the snapshot (if any) follows. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  replace(state: SandboxState): void {
    this.state = { ...emptyState(), ...state };
    this.changed();
  }

  node(id: string): ContentNode | null {
    const s = this.state;
    if (s.pages[id]) return { kind: 'page', record: s.pages[id] };
    if (s.blocks[id]) return { kind: 'block', record: s.blocks[id] };
    if (s.databases[id]) return { kind: 'database', record: s.databases[id] };
    if (s.dataSources[id]) return { kind: 'data_source', record: s.dataSources[id] };
    return null;
  }

  /** The id one level up, following Notion's containment (data source → database → page …). */
  parentOf(node: ContentNode): string | null {
    switch (node.kind) {
      case 'page':
        return node.record.parent.type === 'workspace' ? null : node.record.parent.id;
      case 'block':
        return node.record.parent.id;
      case 'database':
        return node.record.parent.type === 'workspace' ? null : node.record.parent.id;
      case 'data_source':
        return node.record.databaseId;
    }
  }

  /** Ordered child ids of a page or block (blocks, child pages and inline databases). */
  childList(id: string): string[] | null {
    return this.state.pages[id]?.children ?? this.state.blocks[id]?.children ?? null;
  }

  /** Trashed when the object itself or any container above it is in the trash. */
  isEffectivelyTrashed(id: string): boolean {
    let current: string | null = id;
    for (let depth = 0; current && depth < 1000; depth += 1) {
      const node = this.node(current);
      if (!node) return false;
      if (node.record.inTrash) return true;
      current = this.parentOf(node);
    }
    return false;
  }

  pageTitle(page: PageRecord): JsonObject[] {
    for (const value of Object.values(page.properties)) {
      if (value.type === 'title') return value.value;
    }
    return [];
  }

  touch(record: { lastEditedTime: string; lastEditedBy: string }, by: string): void {
    record.lastEditedTime = this.clock.isoNow();
    record.lastEditedBy = by;
  }
}

export function plainTextOf(items: JsonObject[]): string {
  return items.map((item) => (typeof item.plain_text === 'string' ? item.plain_text : '')).join('');
}
