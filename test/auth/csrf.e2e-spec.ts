import { bootApp, type TestApp } from '../support/app';
import { TEST_PASSWORD, bearer, register, signUp } from '../support/auth';

const APP = 'https://app.example.test';

describe('CSRF: cookie-authenticated changes must come from the app origin', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp({ env: { PUBLIC_URL: `${APP}/` } });
  });
  afterAll(() => t.close());

  const expectRejected = (res: { status: number; body: { code?: string } }) => {
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_REJECTED');
  };

  it('refuses a cookie POST from a foreign Origin, and lets the session live', async () => {
    const user = await signUp(t, 'csrf-foreign');
    expectRejected(await t.http().post('/auth/logout').set('Cookie', user.cookie).set('Origin', 'https://evil.example'));
    expectRejected(await t.http().post('/auth/logout').set('Cookie', user.cookie).set('Origin', 'null'));
    // A look-alike host or another scheme or port is another origin.
    for (const origin of ['https://app.example.test.evil.example', 'http://app.example.test', 'https://app.example.test:8443']) {
      expectRejected(await t.http().post('/auth/logout').set('Cookie', user.cookie).set('Origin', origin));
    }
    expect((await t.http().get('/auth/me').set('Cookie', user.cookie)).status).toBe(200);
  });

  it('refuses a cookie DELETE with neither Origin nor Referer, and a foreign Referer', async () => {
    const user = await signUp(t, 'csrf-missing');
    const id = '00000000-0000-4000-8000-000000000000';
    expectRejected(await t.http().delete(`/auth/sessions/${id}`).set('Cookie', user.cookie));
    expectRejected(
      await t.http().delete(`/auth/sessions/${id}`).set('Cookie', user.cookie).set('Referer', 'https://evil.example/app'),
    );
  });

  it('lets the same cookie request through from the app origin (Origin, or Referer when Origin is absent)', async () => {
    const user = await signUp(t, 'csrf-same');
    const second = await signUp(t, 'csrf-same-2');
    const viaReferer = await t.http().post('/auth/logout').set('Cookie', second.cookie).set('Referer', `${APP}/settings`);
    expect(viaReferer.status).toBe(204);
    const viaOrigin = await t.http().post('/auth/logout').set('Cookie', user.cookie).set('Origin', APP);
    expect(viaOrigin.status).toBe(204);
    expect((await t.http().get('/auth/me').set('Cookie', user.cookie)).status).toBe(401);
  });

  it('takes Sec-Fetch-Site: same-origin for a browser that sends Origin: null (Referrer-Policy: no-referrer)', async () => {
    const user = await signUp(t, 'csrf-fetch-site');
    const cross = await t.http().post('/auth/logout').set('Cookie', user.cookie).set('Origin', 'null').set('Sec-Fetch-Site', 'cross-site');
    expectRejected(cross);
    const same = await t.http().post('/auth/logout').set('Cookie', user.cookie).set('Origin', 'null').set('Sec-Fetch-Site', 'same-origin');
    expect(same.status).toBe(204);
  });

  it('exempts bearer requests, even with the cookie and a foreign Origin', async () => {
    const user = await signUp(t, 'csrf-bearer');
    const res = await t
      .http()
      .post('/auth/logout')
      .set(...bearer(user.token))
      .set('Cookie', user.cookie)
      .set('Origin', 'https://evil.example');
    expect(res.status).toBe(204);
  });

  it('never checks safe methods', async () => {
    const user = await signUp(t, 'csrf-get');
    const res = await t.http().get('/auth/me').set('Cookie', user.cookie).set('Origin', 'https://evil.example');
    expect(res.status).toBe(200);
  });

  it('checks public routes too when a browser sends them with the cookie', async () => {
    const { email } = await register(t);
    const withCookie = () =>
      t.http().post('/auth/login').set('Cookie', 'pa_session=stale-or-planted').send({ email, password: TEST_PASSWORD });
    expectRejected(await withCookie().set('Origin', 'https://evil.example'));
    expect((await withCookie().set('Origin', APP)).status).toBe(200);
    // Without the cookie there is nothing to forge.
    const plain = await t.http().post('/auth/login').set('Origin', 'https://evil.example').send({ email, password: TEST_PASSWORD });
    expect(plain.status).toBe(200);
  });
});

describe('CSRF with PORT set and PUBLIC_URL unset', () => {
  it('takes http://localhost:<PORT> as the app origin, so a same-origin cookie sign-out works', async () => {
    const t = await bootApp({ env: { PORT: '4123', PUBLIC_URL: undefined } });
    try {
      const user = await signUp(t, 'csrf-port');
      const res = await t.http().post('/auth/logout').set('Cookie', user.cookie).set('Origin', 'http://localhost:4123');
      expect(res.status).toBe(204);
      expect((await t.http().get('/auth/me').set('Cookie', user.cookie)).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
