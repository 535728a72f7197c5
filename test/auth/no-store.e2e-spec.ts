import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp } from '../support/auth';

describe('responses that carry a session or the signed-in user', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  it('are Cache-Control: no-store and carry no ETag (sign-in, /auth/me, /auth/sessions)', async () => {
    const user = await signUp(t, 'no-store');
    const responses = {
      login: await t.http().post('/auth/login').send({ email: user.email, password: user.password }),
      me: await t.http().get('/auth/me').set(...bearer(user.token)),
      sessions: await t.http().get('/auth/sessions').set(...bearer(user.token)),
    };
    for (const [name, res] of Object.entries(responses)) {
      expect({ name, status: res.status, cacheControl: res.headers['cache-control'], etag: res.headers.etag }).toEqual({
        name,
        status: 200,
        cacheControl: 'no-store',
        etag: undefined,
      });
    }
  });
});
