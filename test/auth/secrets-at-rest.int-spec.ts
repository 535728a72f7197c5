import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bootApp, type TestApp } from '../support/app';
import { TEST_PASSWORD, signUp, type SignedIn } from '../support/auth';
import { has } from '../support/requirements';
import { dumpDatabase, dumpRedis } from '../support/dumps';

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

  it('keeps only the SHA-256 of the session token, never the token (Redis, or the sessions table without it)', async () => {
    const dump = has('redis')
      ? await dumpRedis(t.config.redis.url as string, t.config.redis.keyPrefix)
      : JSON.stringify(await t.app.get(DataSource).query('SELECT * FROM sessions'));
    // The dump did see the session (so the check below is not vacuous)...
    expect(dump).toContain(sha256(user.token));
    // ...and holds neither the token nor any encoding of it we would plausibly write.
    expect(dump).not.toContain(user.token);
    expect(dump).not.toContain(Buffer.from(user.token, 'base64url').toString('hex'));
    expect(dump).not.toContain(Buffer.from(user.token, 'base64url').toString('base64'));
    // The session records name the user by id only. The one copy of the email outside PostgreSQL is the
    // guard's cached user row (60 s, core/cache), which holds what /auth/me shows and nothing else.
    const lines = dump.split('\n');
    const cachedRows = lines.filter((line) => line.includes(`cache:user:${user.userId}`));
    expect(lines.filter((line) => line.includes(user.email))).toEqual(cachedRows);
    if (has('redis')) {
      expect(cachedRows).toHaveLength(1);
      expect(cachedRows[0]).not.toMatch(/argon2|password/i);
    }
  });

  it('keeps no token in PostgreSQL, and the password only as an argon2id hash', async () => {
    const dataSource = t.app.get(DataSource);
    const dump = await dumpDatabase(dataSource);
    expect(dump).toContain(user.userId);
    expect(dump).not.toContain(user.token);
    // Without Redis the sessions table holds the hash (checked above); with Redis nothing of the session is here.
    if (has('redis')) expect(dump).not.toContain(sha256(user.token));
    expect(dump).not.toContain(TEST_PASSWORD);

    const [row] = (await dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [user.userId])) as {
      password_hash: string;
    }[];
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  });
});
