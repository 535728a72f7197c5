import { Injectable } from '@nestjs/common';
import { Clock, SystemClock } from '../../core/clock/clock';
import { SessionStore, type SessionRecord } from './session-store';

interface Entry {
  record: SessionRecord;
  evictAt: number;
}

/** Sessions in process memory: the embedded default, for a single instance. */
@Injectable()
export class MemorySessionStore extends SessionStore {
  private readonly byTokenHash = new Map<string, Entry>();
  /** userId → (sessionId → tokenHash) */
  private readonly byUser = new Map<string, Map<string, string>>();
  private saves = 0;

  constructor(private readonly clock: Clock = new SystemClock()) {
    super();
  }

  async save(record: SessionRecord, ttlMs: number): Promise<void> {
    // Abandoned sessions are never read again; sweep now and then so they do not pile up.
    if (++this.saves % 100 === 0) this.sweep();
    this.byTokenHash.set(record.tokenHash, { record: { ...record }, evictAt: this.clock.now() + ttlMs });
    const index = this.byUser.get(record.userId) ?? new Map<string, string>();
    index.set(record.id, record.tokenHash);
    this.byUser.set(record.userId, index);
  }

  async findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const entry = this.live(tokenHash);
    return entry ? { ...entry.record } : null;
  }

  async touch(record: SessionRecord, ttlMs: number): Promise<void> {
    const entry = this.live(record.tokenHash);
    if (!entry) return;
    entry.record.lastSeenAt = record.lastSeenAt;
    entry.evictAt = this.clock.now() + ttlMs;
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    const index = this.byUser.get(userId);
    if (!index) return [];
    const out: SessionRecord[] = [];
    for (const tokenHash of index.values()) {
      const entry = this.live(tokenHash);
      if (entry) out.push({ ...entry.record });
    }
    return out;
  }

  async delete(userId: string, sessionId: string): Promise<boolean> {
    const tokenHash = this.byUser.get(userId)?.get(sessionId);
    if (!tokenHash) return false;
    const existed = this.live(tokenHash) !== undefined;
    this.remove(userId, sessionId, tokenHash);
    return existed;
  }

  async deleteAllByUser(userId: string): Promise<number> {
    const index = this.byUser.get(userId);
    if (!index) return 0;
    let count = 0;
    for (const [sessionId, tokenHash] of [...index]) {
      if (this.live(tokenHash)) count += 1;
      this.remove(userId, sessionId, tokenHash);
    }
    return count;
  }

  private sweep(): void {
    for (const tokenHash of [...this.byTokenHash.keys()]) this.live(tokenHash);
  }

  /** The entry when it has not been evicted yet; evicts it (and its index entry) lazily otherwise. */
  private live(tokenHash: string): Entry | undefined {
    const entry = this.byTokenHash.get(tokenHash);
    if (!entry) return undefined;
    if (entry.evictAt > this.clock.now()) return entry;
    this.remove(entry.record.userId, entry.record.id, tokenHash);
    return undefined;
  }

  private remove(userId: string, sessionId: string, tokenHash: string): void {
    this.byTokenHash.delete(tokenHash);
    const index = this.byUser.get(userId);
    index?.delete(sessionId);
    if (index?.size === 0) this.byUser.delete(userId);
  }
}
