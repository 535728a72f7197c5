import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { SessionStore } from '../../src/auth/sessions/session-store';
import { bootApp, type TestApp } from '../support/app';
import { TEST_PASSWORD, signUp, type SignedIn } from '../support/auth';
import { has } from '../support/requirements';

/** Every key under the app's prefix, with its value whatever its type, as one string. */
async function dumpRedis(url: string, prefix: string): Promise<string> {
  const redis = new Redis(url);
  try {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'string' ? await redis.get(key) : type === 'hash' ? await redis.hgetall(key) : `<${type}>`;
        out.push(`${key} => ${JSON.stringify(value)}`);
      }
    } while (cursor !== '0');
    return out.join('\n');
  } finally {
    await redis.quit();
  }
}

/** Every row of every table of the database, as text. */
async function dumpDatabase(dataSource: DataSource): Promise<string> {
  const tables = (await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  )) as { table_name: string }[];
  const out: string[] = [];
  for (const { table_name: table } of tables) {
    const rows = (await dataSource.query(`SELECT t::text AS row FROM "${table}" t`)) as { row: string }[];
    out.push(...rows.map((r) => `${table}: ${r.row}`));
  }
  return out.join('\n');
}

describe('what the stores keep', () => {
  let t: TestApp;
  let user: SignedIn;

  beforeAll(async () => {
    t = await bootApp();
    user = await signUp(t, 'at-rest');
    await t.http().get('/auth/me').set('Cookie', user.cookie).expect(200);
  });
  afterAll(() => t.close());

  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('keeps only the SHA-256 of the session token, never the token', async () => {
    const dump = has('redis')
      ? await dumpRedis(t.config.redis.url as string, t.config.redis.keyPrefix)
      : inspect(t.app.get(SessionStore), { depth: null, maxStringLength: null, maxArrayLength: null });
    // The dump did see the session (so the check below is not vacuous)...
    expect(dump).toContain(sha256(user.token));
    // ...and holds neither the token nor any encoding of it we would plausibly write.
    expect(dump).not.toContain(user.token);
    expect(dump).not.toContain(Buffer.from(user.token, 'base64url').toString('hex'));
    expect(dump).not.toContain(Buffer.from(user.token, 'base64url').toString('base64'));
    expect(dump).not.toContain(user.email);
  });

  it('keeps no token in PostgreSQL, and the password only as an argon2id hash', async () => {
    const dataSource = t.app.get(DataSource);
    const dump = await dumpDatabase(dataSource);
    expect(dump).toContain(user.userId);
    expect(dump).not.toContain(user.token);
    expect(dump).not.toContain(sha256(user.token));
    expect(dump).not.toContain(TEST_PASSWORD);

    const [row] = (await dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [user.userId])) as {
      password_hash: string;
    }[];
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  });
});
