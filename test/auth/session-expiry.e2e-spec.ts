import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp } from '../support/auth';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One end-to-end check per timeout, through the real stores and HTTP; the rules themselves (sliding,
// boundaries, touch interval) are tested on an injected clock in session-timeouts.spec.ts.
describe('session timeouts, end to end', () => {
  it('ends a session left idle for the idle timeout', async () => {
    const t = await bootApp({ env: { SESSION_IDLE_TIMEOUT_SECONDS: '1', SESSION_ABSOLUTE_TIMEOUT_SECONDS: '3600' } });
    try {
      const user = await signUp(t, 'idle');
      expect((await t.http().get('/auth/me').set(...bearer(user.token))).status).toBe(200);
      await sleep(1100);
      const res = await t.http().get('/auth/me').set(...bearer(user.token));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    } finally {
      await t.close();
    }
  });

  describe('absolute', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootApp({ env: { SESSION_IDLE_TIMEOUT_SECONDS: '3600', SESSION_ABSOLUTE_TIMEOUT_SECONDS: '1' } });
    });
    afterAll(() => t.close());

    it('ends a session once it is older than the absolute timeout', async () => {
      const user = await signUp(t, 'absolute');
      expect((await t.http().get('/auth/me').set('Cookie', user.cookie)).status).toBe(200);
      await sleep(1100);
      const res = await t.http().get('/auth/me').set('Cookie', user.cookie);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('sets the cookie to expire with the session', async () => {
      const user = await signUp(t, 'cookie-expiry');
      const expires = /Expires=([^;]+)/.exec(user.setCookie)?.[1];
      expect(expires).toBeDefined();
      const ms = new Date(expires as string).getTime() - Date.now();
      expect(ms).toBeGreaterThan(-1000);
      expect(ms).toBeLessThanOrEqual(1000);
    });
  });
});
