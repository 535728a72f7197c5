/** A session as the stores keep it: never the token, only its hash. Times are epoch milliseconds. */
export interface SessionRecord {
  /** Public id, unrelated to the token. */
  id: string;
  tokenHash: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  /** The absolute end, however busy the session is. */
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Where sessions live: Redis when configured, the database otherwise (both shared by every instance and kept
 * across restarts); process memory for unit tests. Each
 * record lives for `ttlMs` after its last save or touch; the service decides the timeouts.
 */
export abstract class SessionStore {
  abstract save(record: SessionRecord, ttlMs: number): Promise<void>;
  abstract findByTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  /**
   * Records a use: saves `record` (the caller has just read it and moved its lastSeenAt) only if the session
   * still exists, so a session deleted meanwhile is never brought back.
   */
  abstract touch(record: SessionRecord, ttlMs: number): Promise<void>;
  abstract listByUser(userId: string): Promise<SessionRecord[]>;
  /** Deletes one of the user's sessions; false when the user has no session with that id. */
  abstract delete(userId: string, sessionId: string): Promise<boolean>;
  /** Deletes every session of the user; returns how many there were. */
  abstract deleteAllByUser(userId: string): Promise<number>;
}
