import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { MemoryOAuthStateStore } from '../../src/oauth/state/memory-oauth-state.store';
import type { OAuthStateRecord, OAuthStateStore } from '../../src/oauth/state/oauth-state.store';
import { RedisOAuthStateStore } from '../../src/oauth/state/redis-oauth-state.store';
import { describeWith } from '../support/requirements';
import { testConfig } from '../support/test-config';

const record = (): OAuthStateRecord => ({
  provider: 'notion',
  userId: randomUUID(),
  sessionId: randomUUID(),
  expiresAt: Date.now() + 600_000,
});
const newState = () => randomBytes(32).toString('base64url');

/** What the connect flow relies on from either adapter. */
function stateStoreContract(
  name: string,
  make: () => Promise<{ store: OAuthStateStore; dump: () => Promise<string>; close: () => Promise<void> }>,
) {
  describe(`${name} OAuth state store`, () => {
    let store: OAuthStateStore;
    let dump: () => Promise<string>;
    let close: () => Promise<void>;
    beforeAll(async () => ({ store, dump, close } = await make()));
    afterAll(() => close());

    it('gives a state back once, then never again', async () => {
      const state = newState();
      const saved = record();
      await store.save(state, saved, 600);
      expect(await store.consume(state)).toEqual(saved);
      expect(await store.consume(state)).toBeNull();
      expect(await store.consume(newState())).toBeNull();
    });

    it('peek reads a pending state without using it up', async () => {
      const state = newState();
      const saved = record();
      await store.save(state, saved, 600);
      expect(await store.peek(state)).toEqual(saved);
      expect(await store.peek(state)).toEqual(saved);
      expect(await store.consume(state)).toEqual(saved);
      expect(await store.peek(state)).toBeNull();
      expect(await store.peek(newState())).toBeNull();
    });

    it('two concurrent callbacks with one state: exactly one wins', async () => {
      const state = newState();
      await store.save(state, record(), 600);
      const results = await Promise.all(Array.from({ length: 10 }, () => store.consume(state)));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('keeps a digest of the state, not the state', async () => {
      const state = newState();
      await store.save(state, record(), 600);
      expect(await dump()).not.toContain(state);
      await store.consume(state);
    });
  });
}

stateStoreContract('memory', async () => {
  const store = new MemoryOAuthStateStore();
  return {
    store,
    dump: async () => JSON.stringify([...(store as unknown as { pending: Map<string, unknown> }).pending.entries()]),
    close: async () => undefined,
  };
});

describeWith('redis', 'Redis state store', () => {
  stateStoreContract('Redis', async () => {
    const config = testConfig();
    const prefix = `${config.redis.keyPrefix}state-contract:`;
    const redis = new Redis(config.redis.url as string, { keyPrefix: prefix });
    const raw = new Redis(config.redis.url as string);
    return {
      store: new RedisOAuthStateStore(redis),
      dump: async () => {
        const keys = await raw.keys(`${prefix}*`);
        const values = await Promise.all(keys.map((k) => raw.get(k)));
        return JSON.stringify([keys, values]);
      },
      close: async () => {
        await redis.quit();
        await raw.quit();
      },
    };
  });
});
