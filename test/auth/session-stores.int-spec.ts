import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { SystemClock } from '../../src/core/clock/clock';
import { dataSourceOptions } from '../../src/core/database/data-source-options';
import { PostgresSessionStore } from '../../src/auth/sessions/postgres-session.store';
import { MemorySessionStore } from '../../src/auth/sessions/memory-session.store';
import { RedisSessionStore } from '../../src/auth/sessions/redis-session.store';
import type { SessionRecord, SessionStore } from '../../src/auth/sessions/session-store';
import { generateSessionId, generateSessionToken, hashSessionToken } from '../../src/auth/sessions/session-token';
import { describeWith, type Requirement } from '../support/requirements';
import { testConfig } from '../support/test-config';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function record(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = Date.now();
  return {
    id: generateSessionId(),
    tokenHash: hashSessionToken(generateSessionToken()),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + 60_000,
    ip: '203.0.113.9',
    userAgent: 'contract',
    ...overrides,
  };
}

/** The behaviour every adapter must share; the service relies on nothing else. */
function storeContract(
  name: string,
  make: () => Promise<{ store: SessionStore; close: () => Promise<void> }>,
  requirement?: Requirement,
) {
  const suite = (fn: () => void) => (requirement ? describeWith(requirement, `${name} session store`, fn) : describe(`${name} session store`, fn));
  suite(() => {
    let store: SessionStore;
    let close: () => Promise<void>;
    beforeAll(async () => ({ store, close } = await make()));
    afterAll(() => close());

    it('saves, finds by token hash, lists and deletes by user', async () => {
      const user = randomUUID();
      const a = record(user);
      const b = record(user);
      const other = record(randomUUID());
      for (const r of [a, b, other]) await store.save(r, 60_000);
      expect(await store.findByTokenHash(a.tokenHash)).toEqual(a);
      expect((await store.listByUser(user)).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
      expect(await store.delete(user, a.id)).toBe(true);
      expect(await store.delete(user, a.id)).toBe(false);
      expect(await store.findByTokenHash(a.tokenHash)).toBeNull();
      // Another user's session id is not found through this user.
      expect(await store.delete(user, other.id)).toBe(false);
      expect(await store.findByTokenHash(other.tokenHash)).toEqual(other);
    });

    it('deletes all of one user\'s sessions only', async () => {
      const user = randomUUID();
      const mine = [record(user), record(user), record(user)];
      const theirs = record(randomUUID());
      for (const r of [...mine, theirs]) await store.save(r, 60_000);
      expect(await store.deleteAllByUser(user)).toBe(3);
      expect(await store.listByUser(user)).toEqual([]);
      for (const r of mine) expect(await store.findByTokenHash(r.tokenHash)).toBeNull();
      expect(await store.findByTokenHash(theirs.tokenHash)).toEqual(theirs);
      expect(await store.deleteAllByUser(user)).toBe(0);
    });

    it('forgets a record after its time to live, and a touch extends it', async () => {
      const user = randomUUID();
      const short = record(user);
      const touched = record(user);
      await store.save(short, 400);
      await store.save(touched, 400);
      await sleep(250);
      await store.touch({ ...touched, lastSeenAt: Date.now() }, 1000);
      await sleep(300);
      expect(await store.findByTokenHash(short.tokenHash)).toBeNull();
      expect((await store.findByTokenHash(touched.tokenHash))?.lastSeenAt).toBeGreaterThan(touched.lastSeenAt);
      expect((await store.listByUser(user)).map((r) => r.id)).toEqual([touched.id]);
    });

    it('never brings back a deleted session by touching it', async () => {
      const user = randomUUID();
      const r = record(user);
      await store.save(r, 60_000);
      await store.delete(user, r.id);
      await store.touch({ ...r, lastSeenAt: Date.now() }, 60_000);
      expect(await store.findByTokenHash(r.tokenHash)).toBeNull();
      expect(await store.listByUser(user)).toEqual([]);
    });
  });
}

storeContract('memory', async () => ({ store: new MemorySessionStore(), close: async () => undefined }));

storeContract(
  'Redis',
  async () => {
    const config = testConfig();
    const redis = new Redis(config.redis.url as string, { keyPrefix: `${config.redis.keyPrefix}store-contract:` });
    return { store: new RedisSessionStore(redis, config), close: async () => void (await redis.quit()) };
  },
  'redis',
);

// The run's database: real PostgreSQL, or the embedded one when DATABASE_URL is unset (so never skipped).
storeContract('PostgreSQL', async () => {
  const db = await new DataSource(dataSourceOptions(testConfig().database.url as string, 2)).initialize();
  const store = new PostgresSessionStore(db, new SystemClock());
  return { store, close: () => db.destroy() };
});

describe('PostgreSQL session store cleanup', () => {
  it('sweeps the rows whose time to live has passed, and only those', async () => {
    const db = await new DataSource(dataSourceOptions(testConfig().database.url as string, 2)).initialize();
    try {
      let now = Date.now();
      const store = new PostgresSessionStore(db, { now: () => now });
      const user = randomUUID();
      const gone = record(user);
      const kept = record(user);
      await store.save(gone, 1_000);
      await store.save(kept, 60_000);
      now += 5_000;
      expect(await store.sweep()).toBeGreaterThanOrEqual(1);
      const left: Array<{ token_hash: string }> = await db.query(`SELECT token_hash FROM sessions WHERE user_id = $1`, [user]);
      expect(left.map((r) => r.token_hash)).toEqual([kept.tokenHash]);
    } finally {
      await db.destroy();
    }
  });
});
