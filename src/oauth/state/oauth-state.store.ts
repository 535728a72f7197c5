/** What a `state` value stands for between the connect redirect and the callback. */
export interface OAuthStateRecord {
  provider: string;
  userId: string;
  /** The public id of the session that asked: the callback must come back on the same session. */
  sessionId: string;
  /** Epoch ms after which the state is refused (checked by the caller against its clock). */
  expiresAt: number;
}

/**
 * Pending authorization requests. Keys are digests of the state, so a store dump cannot be replayed;
 * `consume` is atomic and single-use (two callbacks with one state: one wins, one gets null).
 */
export abstract class OAuthStateStore {
  abstract save(state: string, record: OAuthStateRecord, ttlSeconds: number): Promise<void>;
  /** Reads a pending state without using it up: the callback checks it is this session's before consuming. */
  abstract peek(state: string): Promise<OAuthStateRecord | null>;
  abstract consume(state: string): Promise<OAuthStateRecord | null>;
}
