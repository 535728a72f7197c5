import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { unavailableOnError } from '../../core/errors/domain-error';
import { SessionStore, type SessionRecord } from './session-store';

interface SessionRow {
  token_hash: string;
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

const COLUMNS = `"token_hash", "id", "user_id", "created_at", "last_seen_at", "expires_at", "ip", "user_agent"`;
/** Expired rows are deleted on every this many saves (reads ignore them meanwhile). */
const SWEEP_EVERY_SAVES = 100;

/**
 * Sessions in the `sessions` table: the default without Redis, so that the embedded database keeps
 * everyone signed in across restarts. Each row is forgotten `ttlMs` after its last save or touch
 * (`evict_at`, compared with the injected clock, like the memory store); reads never return an evicted
 * row, and evicted rows are swept now and then.
 */
@Injectable()
export class PostgresSessionStore extends SessionStore {
  private saves = 0;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  async save(record: SessionRecord, ttlMs: number): Promise<void> {
    return unavailableOnError('session store', async () => {
      if (++this.saves % SWEEP_EVERY_SAVES === 0) await this.sweep();
      await this.db.query(
        `INSERT INTO "sessions" (${COLUMNS}, "evict_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT ("token_hash") DO UPDATE SET "last_seen_at" = EXCLUDED."last_seen_at",
           "expires_at" = EXCLUDED."expires_at", "evict_at" = EXCLUDED."evict_at",
           "ip" = EXCLUDED."ip", "user_agent" = EXCLUDED."user_agent"`,
        [
          record.tokenHash,
          record.id,
          record.userId,
          new Date(record.createdAt),
          new Date(record.lastSeenAt),
          new Date(record.expiresAt),
          record.ip,
          record.userAgent,
          this.evictAt(ttlMs),
        ],
      );
    });
  }

  async findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    return unavailableOnError('session store', async () => {
      const rows: SessionRow[] = await this.db.query(`SELECT ${COLUMNS} FROM "sessions" WHERE "token_hash" = $1 AND "evict_at" > $2`, [
        tokenHash,
        this.now(),
      ]);
      return rows.length > 0 ? toRecord(rows[0]) : null;
    });
  }

  async touch(record: SessionRecord, ttlMs: number): Promise<void> {
    return unavailableOnError('session store', async () => {
      // An UPDATE never inserts: a session deleted or evicted meanwhile stays gone.
      await this.db.query(`UPDATE "sessions" SET "last_seen_at" = $2, "evict_at" = $3 WHERE "token_hash" = $1 AND "evict_at" > $4`, [
        record.tokenHash,
        new Date(record.lastSeenAt),
        this.evictAt(ttlMs),
        this.now(),
      ]);
    });
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    return unavailableOnError('session store', async () => {
      const rows: SessionRow[] = await this.db.query(
        `SELECT ${COLUMNS} FROM "sessions" WHERE "user_id" = $1 AND "evict_at" > $2 ORDER BY "created_at", "id"`,
        [userId, this.now()],
      );
      return rows.map(toRecord);
    });
  }

  async delete(userId: string, sessionId: string): Promise<boolean> {
    return unavailableOnError('session store', async () => {
      // (A CTE, because TypeORM answers a bare DELETE … RETURNING with [rows, count].)
      const rows: Array<{ live: boolean }> = await this.db.query(
        `WITH d AS (DELETE FROM "sessions" WHERE "user_id" = $1 AND "id" = $2 RETURNING "evict_at") SELECT ("evict_at" > $3) AS "live" FROM d`,
        [userId, sessionId, this.now()],
      );
      return rows.some((row) => row.live);
    });
  }

  async deleteAllByUser(userId: string): Promise<number> {
    return unavailableOnError('session store', async () => {
      const rows: Array<{ live: boolean }> = await this.db.query(
        `WITH d AS (DELETE FROM "sessions" WHERE "user_id" = $1 RETURNING "evict_at") SELECT ("evict_at" > $2) AS "live" FROM d`,
        [userId, this.now()],
      );
      return rows.filter((row) => row.live).length;
    });
  }

  /** Deletes every evicted row; returns how many. */
  async sweep(): Promise<number> {
    const rows: unknown[] = await this.db.query(`WITH d AS (DELETE FROM "sessions" WHERE "evict_at" <= $1 RETURNING 1) SELECT 1 FROM d`, [this.now()]);
    return rows.length;
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  private evictAt(ttlMs: number): Date {
    return new Date(this.clock.now() + Math.ceil(ttlMs));
  }
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: new Date(row.created_at).getTime(),
    lastSeenAt: new Date(row.last_seen_at).getTime(),
    expiresAt: new Date(row.expires_at).getTime(),
    ip: row.ip,
    userAgent: row.user_agent,
  };
}
