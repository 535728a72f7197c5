import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/core/clock/clock';
import { createApiKey } from '../support/api-keys';
import { LogCapture, bootApp, type TestApp } from '../support/app';
import { bearer, login, signUp, type SignedIn } from '../support/auth';
import { FakeClock } from '../support/fake-clock';

const KEY_PATTERN = /^pak_[A-Za-z0-9_-]{43}$/;

describe('API keys for agents', () => {
  let t: TestApp;
  let ada: SignedIn;
  let bob: SignedIn;
  const clock = new FakeClock(Date.now());
  const logs = new LogCapture();

  beforeAll(async () => {
    t = await bootApp({ logs, env: { LOG_LEVEL: 'debug' }, override: (builder) => builder.overrideProvider(Clock).useValue(clock) });
    ada = await signUp(t, 'ada');
    bob = await signUp(t, 'bob');
  });
  afterAll(() => t.close());

  const keysOf = async (who: SignedIn) => (await t.http().get('/auth/api-keys').set(...bearer(who.token))).body as Array<Record<string, unknown>>;

  it('creates a named key, shows it once, lists it by hint only, and stores nothing but its SHA-256', async () => {
    const res = await t.http().post('/auth/api-keys').set(...bearer(ada.token)).send({ name: '  Claude Desktop ', expiresInDays: 30 });
    expect(res.status).toBe(201);
    const key = res.body.key as string;
    expect(key).toMatch(KEY_PATTERN);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Claude Desktop',
      hint: `pak_…${key.slice(-4)}`,
      createdAt: new Date(clock.now()).toISOString(),
      lastUsedAt: null,
      expiresAt: new Date(clock.now() + 30 * 86_400_000).toISOString(),
      key,
    });

    const listed = await keysOf(ada);
    expect(listed).toContainEqual({ ...res.body, key: undefined, lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(Object.keys(listed[0]).sort()).toEqual(['createdAt', 'expiresAt', 'hint', 'id', 'lastUsedAt', 'name']);

    const rows = await t.app.get(DataSource).query('SELECT * FROM api_keys WHERE id = $1', [res.body.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(key.slice(4));
  });

  it('authenticates like a bearer session, scoped to its user', async () => {
    const { key } = await createApiKey(t, bob);
    const me = await t.http().get('/auth/me').set(...bearer(key));
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(bob.userId);
    const tool = await t.http().post('/tools/get_account/invoke').set(...bearer(key)).send({});
    expect(tool.body.result.userId).toBe(bob.userId);
  });

  it('can never manage credentials: no keys minted, listed or revoked, no sessions listed or ended (403 API_KEY_NOT_ALLOWED)', async () => {
    const { key, id } = await createApiKey(t, ada);
    const attempts = [
      t.http().post('/auth/api-keys').set(...bearer(key)).send({ name: 'child' }),
      t.http().get('/auth/api-keys').set(...bearer(key)),
      t.http().delete(`/auth/api-keys/${id}`).set(...bearer(key)),
      t.http().get('/auth/sessions').set(...bearer(key)),
      t.http().delete('/auth/sessions/00000000-0000-4000-8000-000000000000').set(...bearer(key)),
      t.http().post('/auth/logout').set(...bearer(key)),
      t.http().post('/auth/logout-all').set(...bearer(key)),
    ];
    for (const res of await Promise.all(attempts)) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'API_KEY_NOT_ALLOWED' });
    }
    expect((await keysOf(ada)).filter((k) => k.name === 'child')).toEqual([]);
    expect((await t.http().get('/auth/me').set(...bearer(key))).status).toBe(200);
    expect((await t.http().get('/auth/me').set(...bearer(ada.token))).status).toBe(200);
  });

  it('stops working once revoked; another user cannot revoke it (404), nor see it', async () => {
    const { key, id } = await createApiKey(t, ada, 'to revoke');
    const foreign = await t.http().delete(`/auth/api-keys/${id}`).set(...bearer(bob.token));
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
    expect((await keysOf(bob)).map((k) => k.id)).not.toContain(id);
    expect((await t.http().get('/auth/me').set(...bearer(key))).status).toBe(200);

    expect((await t.http().delete(`/auth/api-keys/${id}`).set(...bearer(ada.token))).status).toBe(204);
    const after = await t.http().get('/auth/me').set(...bearer(key));
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
    expect((await t.http().delete(`/auth/api-keys/${id}`).set(...bearer(ada.token))).status).toBe(404);
  });

  it('expires after expiresInDays', async () => {
    const { key } = await createApiKey(t, ada, 'one day', { expiresInDays: 1 });
    clock.advance(86_400_000 - 1);
    expect((await t.http().get('/auth/me').set(...bearer(key))).status).toBe(200);
    clock.advance(1);
    expect((await t.http().get('/auth/me').set(...bearer(key))).status).toBe(401);
    // Sessions read the same injected clock, and a day without use is their default idle timeout: the
    // sessions signed in by beforeAll may have ended with this day, so the users sign in again.
    ada = await login(t, ada.email);
    bob = await login(t, bob.email);
  });

  it('records its last use, written at most once a minute', async () => {
    const { key, id } = await createApiKey(t, bob, 'usage');
    const lastUsed = async () => (await keysOf(bob)).find((k) => k.id === id)?.lastUsedAt;
    const first = clock.now();
    await t.http().get('/auth/me').set(...bearer(key));
    expect(await lastUsed()).toBe(new Date(first).toISOString());
    clock.advance(59_999);
    await t.http().get('/auth/me').set(...bearer(key));
    expect(await lastUsed()).toBe(new Date(first).toISOString());
    clock.advance(1);
    await t.http().get('/auth/me').set(...bearer(key));
    expect(await lastUsed()).toBe(new Date(clock.now()).toISOString());
  });

  it('refuses look-alike, unknown and cookie-borne keys with the same 401', async () => {
    const { key } = await createApiKey(t, ada, 'shape');
    const forged = `pak_${'A'.repeat(43)}`;
    for (const credential of [forged, `${key}x`, key.slice(0, -1), 'pak_']) {
      const res = await t.http().get('/auth/me').set(...bearer(credential));
      expect({ credential, status: res.status, code: res.body.code }).toEqual({ credential, status: 401, code: 'UNAUTHENTICATED' });
    }
    expect((await t.http().get('/auth/me').set('Cookie', `pa_session=${key}`)).status).toBe(401);
  });

  it('validates the request', async () => {
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 'a', expiresInDays: 0 }, { name: 'a', expiresInDays: 1.5 }, { name: 'a', user_id: bob.userId }]) {
      const res = await t.http().post('/auth/api-keys').set(...bearer(ada.token)).send(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await t.http().delete('/auth/api-keys/not-a-uuid').set(...bearer(ada.token))).status).toBe(400);
  });

  it('never writes a key into the logs', async () => {
    const { key } = await createApiKey(t, ada, 'logged?');
    await t.http().get('/auth/me').set(...bearer(key));
    await t.http().get('/auth/me').set(...bearer(`${key}x`));
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.text).not.toContain(key.slice(4));
  });
});
