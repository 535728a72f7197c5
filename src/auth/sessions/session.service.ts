import { Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { NotFoundError } from '../../core/errors/domain-error';
import { SessionStore, type SessionRecord } from './session-store';
import { generateSessionId, generateSessionToken, hashSessionToken, looksLikeSessionToken } from './session-token';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface NewSession {
  /** The only time the token exists outside the client. */
  token: string;
  session: SessionRecord;
}

/** Last-seen is written at most this often (or a quarter of the idle timeout, if shorter). */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Opaque bearer sessions: 256-bit random tokens of which only the SHA-256 is stored, with a sliding idle
 * timeout and an absolute one. Every method takes the user it acts for.
 */
@Injectable()
export class SessionService {
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly touchIntervalMs: number;

  constructor(
    private readonly store: SessionStore,
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.idleMs = config.session.idleTimeoutSeconds * 1000;
    this.absoluteMs = config.session.absoluteTimeoutSeconds * 1000;
    this.touchIntervalMs = Math.min(TOUCH_INTERVAL_MS, this.idleMs / 4);
  }

  /** Starts a session with a token never issued before: a sign-in never reuses what the client sent. */
  async create(userId: string, client: ClientInfo): Promise<NewSession> {
    const now = this.clock.now();
    const token = generateSessionToken();
    const session: SessionRecord = {
      id: generateSessionId(),
      tokenHash: hashSessionToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.absoluteMs,
      ip: client.ip,
      userAgent: client.userAgent,
    };
    await this.store.save(session, this.ttl(session, now));
    return { token, session };
  }

  /** The live session of a token, or null when it is unknown, expired or revoked. Records the use. */
  async authenticate(token: string): Promise<SessionRecord | null> {
    if (!looksLikeSessionToken(token)) return null;
    const tokenHash = hashSessionToken(token);
    const session = await this.store.findByTokenHash(tokenHash);
    if (!session) return null;
    const now = this.clock.now();
    if (now >= session.expiresAt || now - session.lastSeenAt >= this.idleMs) {
      await this.store.delete(session.userId, session.id);
      return null;
    }
    if (now - session.lastSeenAt >= this.touchIntervalMs) {
      session.lastSeenAt = now;
      await this.store.touch(session, this.ttl(session, now));
    }
    return session;
  }

  /** The user's live sessions, newest first. */
  async list(userId: string): Promise<SessionRecord[]> {
    const sessions = await this.store.listByUser(userId);
    return sessions.sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Ends one of the user's own sessions; another user's session id is "not found". */
  async revoke(userId: string, sessionId: string): Promise<void> {
    if (!(await this.store.delete(userId, sessionId))) throw new NotFoundError('Session');
  }

  /** Ends the session a request was made with (sign-out); quietly done if it already ended. */
  async end(userId: string, sessionId: string): Promise<void> {
    await this.store.delete(userId, sessionId);
  }

  revokeAll(userId: string): Promise<number> {
    return this.store.deleteAllByUser(userId);
  }

  /** How long the store keeps a record: until it would go idle, and never past its absolute end. */
  private ttl(session: SessionRecord, now: number): number {
    return Math.max(1, Math.min(session.lastSeenAt + this.idleMs, session.expiresAt) - now);
  }
}
