import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp } from '../support/auth';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('session timeouts', () => {
  describe('idle (sliding)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootApp({ env: { SESSION_IDLE_TIMEOUT_SECONDS: '1', SESSION_ABSOLUTE_TIMEOUT_SECONDS: '3600' } });
    });
    afterAll(() => t.close());

    it('stays alive while used, and ends after the idle timeout without use', async () => {
      const user = await signUp(t, 'idle');
      // Used every 600 ms for 1.8 s: well past one idle timeout in total, never idle for a whole one.
      for (let i = 0; i < 3; i++) {
        await sleep(600);
        expect((await t.http().get('/auth/me').set(...bearer(user.token))).status).toBe(200);
      }
      await sleep(1300);
      const res = await t.http().get('/auth/me').set(...bearer(user.token));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      // And it is gone from the list too.
      const other = await signUp(t, 'idle-other');
      expect((await t.http().get('/auth/sessions').set(...bearer(other.token))).body).toHaveLength(1);
    });
  });

  describe('absolute', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootApp({ env: { SESSION_IDLE_TIMEOUT_SECONDS: '3600', SESSION_ABSOLUTE_TIMEOUT_SECONDS: '2' } });
    });
    afterAll(() => t.close());

    it('ends a busy session once it is older than the absolute timeout', async () => {
      const user = await signUp(t, 'absolute');
      const login = Date.now();
      while (Date.now() - login < 1500) {
        expect((await t.http().get('/auth/me').set('Cookie', user.cookie)).status).toBe(200);
        await sleep(300);
      }
      await sleep(2100 - (Date.now() - login));
      const res = await t.http().get('/auth/me').set('Cookie', user.cookie);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('sets the cookie to expire with the session', async () => {
      const user = await signUp(t, 'cookie-expiry');
      const expires = /Expires=([^;]+)/.exec(user.setCookie)?.[1];
      expect(expires).toBeDefined();
      const ms = new Date(expires as string).getTime() - Date.now();
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThanOrEqual(2000);
    });
  });
});
