import { createHash } from 'node:crypto';
import { OAuthStateStore, type OAuthStateRecord } from './oauth-state.store';

const MAX_PENDING = 10_000;

/** For the embedded default (no Redis): one process, so a Map is the whole truth. */
export class MemoryOAuthStateStore extends OAuthStateStore {
  private readonly pending = new Map<string, OAuthStateRecord>();

  save(state: string, record: OAuthStateRecord): Promise<void> {
    if (this.pending.size >= MAX_PENDING) {
      const now = Date.now();
      for (const [k, r] of this.pending) if (r.expiresAt <= now) this.pending.delete(k);
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    }
    this.pending.set(key(state), record);
    return Promise.resolve();
  }

  peek(state: string): Promise<OAuthStateRecord | null> {
    return Promise.resolve(this.pending.get(key(state)) ?? null);
  }

  consume(state: string): Promise<OAuthStateRecord | null> {
    const k = key(state);
    const record = this.pending.get(k) ?? null;
    this.pending.delete(k);
    return Promise.resolve(record);
  }
}

function key(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}
