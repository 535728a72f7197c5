import { bootApp, type TestApp } from '../support/app';
import { TEST_PASSWORD, bearer, register, signUp, uniqueEmail } from '../support/auth';

const fieldsOf = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field).sort();

describe('bad input and unauthenticated requests', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  it.each([
    ['an invalid email', { email: 'not-an-email', password: TEST_PASSWORD, name: 'A' }, ['email']],
    ['a password of 11 characters', { email: uniqueEmail(), password: 'x'.repeat(11), name: 'A' }, ['password']],
    ['a password of 257 characters', { email: uniqueEmail(), password: 'x'.repeat(257), name: 'A' }, ['password']],
    ['an unknown field', { email: uniqueEmail(), password: TEST_PASSWORD, name: 'A', admin: true }, ['admin']],
    ['a missing name', { email: uniqueEmail(), password: TEST_PASSWORD }, ['name']],
    ['a blank name', { email: uniqueEmail(), password: TEST_PASSWORD, name: '   ' }, ['name']],
    ['a lone surrogate in the email', { email: '\ud800@example.test', password: TEST_PASSWORD, name: 'A' }, ['email']],
    ['a NUL in the name', { email: uniqueEmail(), password: TEST_PASSWORD, name: 'A\u0000B' }, ['name']],
    ['a lone surrogate in the password', { email: uniqueEmail(), password: `${TEST_PASSWORD}\udc00`, name: 'A' }, ['password']],
  ])('refuses a registration with %s: 400 VALIDATION_FAILED', async (_label, body, fields) => {
    const res = await t.http().post('/auth/register').send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(res.body)).toEqual(fields);
  });

  it('accepts passwords of exactly 12 and 256 characters', async () => {
    for (const password of ['x'.repeat(12), 'y'.repeat(256)]) {
      const res = await t.http().post('/auth/register').send({ email: uniqueEmail(), password, name: 'Edge' });
      expect(res.status).toBe(201);
    }
  });

  it.each([
    ['an invalid email', { email: 'nope', password: TEST_PASSWORD }, ['email']],
    ['a missing password', { email: uniqueEmail() }, ['password']],
    ['a password over 256 characters', { email: uniqueEmail(), password: 'x'.repeat(257) }, ['password']],
    ['an unknown field', { email: uniqueEmail(), password: TEST_PASSWORD, remember: true }, ['remember']],
    ['a lone surrogate in the email', { email: 'a\udfff@example.test', password: TEST_PASSWORD }, ['email']],
    ['a NUL in the password', { email: uniqueEmail(), password: 'a\u0000b' }, ['password']],
  ])('refuses a sign-in with %s: 400 VALIDATION_FAILED', async (_label, body, fields) => {
    const res = await t.http().post('/auth/login').send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(res.body)).toEqual(fields);
  });

  it('answers a taken email with 409 EMAIL_TAKEN, whatever its letter case', async () => {
    const { email } = await register(t, uniqueEmail('taken'));
    for (const again of [email, email.toUpperCase()]) {
      const res = await t.http().post('/auth/register').send({ email: again, password: TEST_PASSWORD, name: 'B' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('EMAIL_TAKEN');
    }
  });

  it('lets exactly one of several racing registrations of one email win', async () => {
    const email = uniqueEmail('race');
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.http().post('/auth/register').send({ email: i % 2 ? email : email.toUpperCase(), password: TEST_PASSWORD, name: `R${i}` }),
      ),
    );
    const statuses = attempts.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of attempts.filter((a) => a.status === 409)) expect(r.body.code).toBe('EMAIL_TAKEN');
  });

  it('answers a missing, unknown, malformed or revoked session with the same 401 UNAUTHENTICATED', async () => {
    const user = await signUp(t, 'revoked');
    await t.http().post('/auth/logout').set(...bearer(user.token)).expect(204);
    const unknown = 'A'.repeat(43);
    const answers = [
      await t.http().get('/auth/me'),
      await t.http().get('/auth/me').set(...bearer(unknown)),
      await t.http().get('/auth/me').set('Cookie', `pa_session=${unknown}`),
      await t.http().get('/auth/me').set(...bearer('garbage')),
      await t.http().get('/auth/me').set('Authorization', 'Basic dXNlcjpwYXNz'),
      await t.http().get('/auth/me').set(...bearer(user.token)),
      await t.http().get('/auth/me').set('Cookie', user.cookie),
    ];
    for (const res of answers) {
      expect(res.status).toBe(401);
      const { requestId, ...rest } = res.body;
      expect(requestId).toEqual(expect.any(String));
      expect(rest).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in to continue.' });
    }
  });
});
