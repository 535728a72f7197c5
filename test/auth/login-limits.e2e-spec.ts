import { PasswordHasher } from '../../src/auth/passwords/password-hasher';
import { randomBytes } from 'node:crypto';
import { bootApp, type TestApp } from '../support/app';
import { TEST_PASSWORD, register, uniqueEmail } from '../support/auth';
import { testConfig } from '../support/test-config';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A prefix of our own under the worker's, so counters of other test files never leak in. */
const isolatedPrefix = () => `${testConfig().redis.keyPrefix}limits-${randomBytes(3).toString('hex')}:`;

describe('sign-in limits', () => {
  describe('per email', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootApp({
        env: { REDIS_KEY_PREFIX: isolatedPrefix(), LOGIN_MAX_ATTEMPTS_PER_EMAIL: '3', LOGIN_WINDOW_SECONDS: '2' },
      });
    });
    afterAll(() => t.close());

    it('trips after the allowed attempts, even for the right password, and recovers after the window', async () => {
      const { email } = await register(t, uniqueEmail('limited'));
      const attempt = (password: string) => t.http().post('/auth/login').send({ email, password });
      for (let i = 0; i < 3; i++) expect((await attempt('wrong password!!')).status).toBe(401);
      const blocked = await attempt(TEST_PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('RATE_LIMITED');
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);
      // The same address in other letter case is the same account.
      expect((await t.http().post('/auth/login').send({ email: email.toUpperCase(), password: TEST_PASSWORD })).status).toBe(429);
      // Another account is not affected.
      const other = await register(t, uniqueEmail('unaffected'));
      expect((await t.http().post('/auth/login').send({ email: other.email, password: TEST_PASSWORD })).status).toBe(200);

      await sleep(retryAfter * 1000 + 100);
      expect((await attempt(TEST_PASSWORD)).status).toBe(200);
    });

    it('forgets the failures of an email after a successful sign-in', async () => {
      const { email } = await register(t, uniqueEmail('reset'));
      const attempt = (password: string) => t.http().post('/auth/login').send({ email, password });
      expect((await attempt('wrong password!!')).status).toBe(401);
      expect((await attempt('wrong password!!')).status).toBe(401);
      expect((await attempt(TEST_PASSWORD)).status).toBe(200);
      expect((await attempt('wrong password!!')).status).toBe(401);
      expect((await attempt('wrong password!!')).status).toBe(401);
      expect((await attempt(TEST_PASSWORD)).status).toBe(200);
    });
  });

  describe('per IP', () => {
    const limits = { LOGIN_MAX_ATTEMPTS_PER_IP: '4', LOGIN_MAX_ATTEMPTS_PER_EMAIL: '100', LOGIN_WINDOW_SECONDS: '60' };
    const signIn = (t: TestApp, forwardedFor: string, email: string, password = TEST_PASSWORD) =>
      t.http().post('/auth/login').set('X-Forwarded-For', forwardedFor).send({ email, password });
    const forged = (i: number) => `198.51.100.${i + 1}`;

    it('ignores X-Forwarded-For by default: forged addresses all count against the real one', async () => {
      const t = await bootApp({ env: { REDIS_KEY_PREFIX: isolatedPrefix(), ...limits } });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++) statuses.push((await signIn(t, forged(i), uniqueEmail('forged'), 'wrong password!!')).status);
        expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
        expect(new Set(statuses.slice(4))).toEqual(new Set([429]));
      } finally {
        await t.close();
      }
    });

    describe.each([
      ['a hop count', '1'],
      ['the proxy address', 'loopback'],
    ])('behind one proxy, TRUST_PROXY given as %s', (_label, trustProxy) => {
      let t: TestApp;
      beforeAll(async () => {
        t = await bootApp({ env: { REDIS_KEY_PREFIX: isolatedPrefix(), TRUST_PROXY: trustProxy, ...limits } });
      });
      afterAll(() => t.close());

      // The proxy (this test client, on loopback) appends the address it saw; a client may prepend anything.
      const viaProxy = (clientSent: string, realClient: string) => `${clientSent}, ${realClient}`;

      it('counts the address the proxy saw, whatever the client forged before it, and records it on the session', async () => {
        const attacker = '203.0.113.66';
        for (let i = 0; i < 4; i++) {
          expect((await signIn(t, viaProxy(forged(i), attacker), uniqueEmail('spray'), 'wrong password!!')).status).toBe(401);
        }
        for (let i = 4; i < 30; i++) {
          const blocked = await signIn(t, viaProxy(forged(i), attacker), uniqueEmail('spray'), 'wrong password!!');
          expect(blocked.status).toBe(429);
        }
        expect(Number((await signIn(t, viaProxy('1.2.3.4', attacker), uniqueEmail('spray'))).headers['retry-after'])).toBeGreaterThan(0);

        const { email } = await register(t, uniqueEmail('bystander'));
        const ok = await signIn(t, viaProxy('10.9.9.9', '203.0.113.77'), email);
        expect(ok.status).toBe(200);
        const sessions = await t.http().get('/auth/sessions').set('Authorization', `Bearer ${ok.body.token}`);
        expect(sessions.body.map((s: { ip: string }) => s.ip)).toEqual(['203.0.113.77']);
      });
    });
  });
});

describe('no account enumeration through sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp({ env: { REDIS_KEY_PREFIX: isolatedPrefix(), LOGIN_MAX_ATTEMPTS_PER_EMAIL: '1000' } });
  });
  afterAll(() => t.close());

  it('answers an unknown email and a wrong password alike, after the same argon2id work', async () => {
    const { email } = await register(t, uniqueEmail('known'));
    const unknownEmail = uniqueEmail('unknown');
    // Counts the real verifications (behaviour untouched): equal work is what makes equal time; the time
    // itself is measured by `npm run bench`, never asserted here.
    const verify = jest.spyOn(t.app.get(PasswordHasher), 'verify');
    const attempt = async (address: string) => {
      verify.mockClear();
      const res = await t.http().post('/auth/login').send({ email: address, password: 'not the password' });
      expect(res.status).toBe(401);
      const { requestId: _ignored, ...body } = res.body;
      expect(body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'The email or password is wrong.' });
      expect(verify).toHaveBeenCalledTimes(1);
      return verify.mock.calls[0][0];
    };
    const knownHash = await attempt(email);
    const dummyHash = await attempt(unknownEmail);
    const parameters = (h: string) => h.split('$').slice(1, 4).join('$');
    expect(dummyHash).not.toBe(knownHash);
    expect(parameters(dummyHash)).toBe(parameters(knownHash));
    expect(parameters(knownHash)).toMatch(/^argon2id\$v=19\$m=19456,t=2,p=1$/);
    verify.mockRestore();
  });
});
