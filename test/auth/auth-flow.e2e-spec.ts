import { bootApp, type TestApp } from '../support/app';
import { TEST_PASSWORD, bearer, login, register, signUp, uniqueEmail } from '../support/auth';

describe('accounts and sessions over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  it('registers, signs in, answers /auth/me with bearer and cookie, and signs out', async () => {
    const email = uniqueEmail('Flow');
    const created = await t.http().post('/auth/register').send({ email, password: TEST_PASSWORD, name: '  Ada  ' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), email, name: 'Ada', createdAt: expect.any(String) });
    expect(JSON.stringify(created.body)).not.toContain(TEST_PASSWORD);

    const res = await t.http().post('/auth/login').send({ email: email.toUpperCase(), password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: expect.any(String), user: created.body });
    const setCookie = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('pa_session='));
    expect(setCookie).toBeDefined();
    expect(setCookie).toContain(`pa_session=${res.body.token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);

    const viaBearer = await t.http().get('/auth/me').set(...bearer(res.body.token));
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.body).toEqual(created.body);
    const viaCookie = await t.http().get('/auth/me').set('Cookie', `pa_session=${res.body.token}`);
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body.id).toBe(created.body.id);

    const out = await t.http().post('/auth/logout').set(...bearer(res.body.token));
    expect(out.status).toBe(204);
    expect(([] as string[]).concat(out.headers['set-cookie']).join()).toMatch(/pa_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await t.http().get('/auth/me').set(...bearer(res.body.token))).status).toBe(401);
  });

  it('issues a new token on every sign-in', async () => {
    const { email } = await register(t);
    const first = await login(t, email);
    const second = await login(t, email);
    expect(second.token).not.toBe(first.token);
    // Signing in with a cookie in hand still mints a new token rather than adopting the presented one.
    const third = await t
      .http()
      .post('/auth/login')
      .set('Cookie', first.cookie)
      .set('Origin', t.config.http.publicUrl)
      .send({ email, password: TEST_PASSWORD });
    expect(third.status).toBe(200);
    expect(third.body.token).not.toBe(first.token);
  });

  it('ends every session of the user on logout-all, and no one else\'s', async () => {
    const a1 = await signUp(t, 'a');
    const a2 = await login(t, a1.email);
    const b = await signUp(t, 'b');
    const res = await t.http().post('/auth/logout-all').set(...bearer(a1.token));
    expect(res.status).toBe(204);
    expect((await t.http().get('/auth/me').set(...bearer(a1.token))).status).toBe(401);
    expect((await t.http().get('/auth/me').set(...bearer(a2.token))).status).toBe(401);
    expect((await t.http().get('/auth/me').set(...bearer(b.token))).status).toBe(200);
  });

  it('lists the sessions with the current one flagged, and deletes one', async () => {
    const phone = await signUp(t, 'lister');
    const laptop = await login(t, phone.email, TEST_PASSWORD, 'laptop-browser');
    const list = await t.http().get('/auth/sessions').set(...bearer(laptop.token));
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    const current = list.body.find((s: { current: boolean }) => s.current);
    const other = list.body.find((s: { current: boolean }) => !s.current);
    expect(current).toMatchObject({ userAgent: 'laptop-browser', ip: expect.any(String), id: expect.any(String) });
    expect(current).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      lastSeenAt: expect.any(String),
      expiresAt: expect.any(String),
      ip: expect.any(String),
      userAgent: 'laptop-browser',
      current: true,
    });
    expect(other.userAgent).toBe('jest');
    // The public id is neither the token nor usable as one.
    for (const s of list.body as { id: string }[]) {
      expect([phone.token, laptop.token]).not.toContain(s.id);
      expect((await t.http().get('/auth/me').set(...bearer(s.id))).status).toBe(401);
    }

    expect((await t.http().delete(`/auth/sessions/${other.id}`).set(...bearer(laptop.token))).status).toBe(204);
    expect((await t.http().get('/auth/me').set(...bearer(phone.token))).status).toBe(401);
    expect((await t.http().get('/auth/me').set(...bearer(laptop.token))).status).toBe(200);
    const after = await t.http().get('/auth/sessions').set(...bearer(laptop.token));
    expect(after.body.map((s: { id: string }) => s.id)).toEqual([current.id]);
  });

  it("cannot delete another user's session, nor one that does not exist", async () => {
    const owner = await signUp(t, 'owner');
    const intruder = await signUp(t, 'intruder');
    const [ownerSession] = (await t.http().get('/auth/sessions').set(...bearer(owner.token))).body as { id: string }[];
    const res = await t.http().delete(`/auth/sessions/${ownerSession.id}`).set(...bearer(intruder.token));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect((await t.http().get('/auth/me').set(...bearer(owner.token))).status).toBe(200);
    const bad = await t.http().delete('/auth/sessions/not-a-uuid').set(...bearer(intruder.token));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
