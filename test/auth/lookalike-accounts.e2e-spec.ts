import { randomUUID } from 'node:crypto';
import { normalizedEmail } from '../../src/auth/users/email';
import { bootApp, type TestApp } from '../support/app';

const nfc = (s: string) => s.normalize('NFC');
const nfd = (s: string) => s.normalize('NFD');

describe('one account per address, however it is spelled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  const register = (email: string, password = 'correct horse battery staple') =>
    t.http().post('/auth/register').send({ email, password, name: 'Jörg' });
  const login = (email: string, password: string) => t.http().post('/auth/login').send({ email, password });

  it('takes jörg@… in NFC, NFD and upper case as one account', async () => {
    const local = `jörg-${randomUUID()}`;
    const first = await register(nfc(`${local}@example.test`));
    expect(first.status).toBe(201);
    for (const again of [nfd(`${local}@example.test`), nfc(`${local.toUpperCase()}@EXAMPLE.test`), nfd(`${local.toUpperCase()}@example.test`)]) {
      const res = await register(again);
      expect({ again, status: res.status, code: res.body.code }).toEqual({ again, status: 409, code: 'EMAIL_TAKEN' });
    }
    expect((await login(nfd(`${local.toUpperCase()}@example.test`), 'correct horse battery staple')).status).toBe(200);
  });

  it.each([
    ['a zero-width space', '\u200b'],
    ['a zero-width joiner', '\u200d'],
    ['a soft hyphen', '\u00ad'],
    ['a right-to-left override', '\u202e'],
    ['a no-break space', '\u00a0'],
  ])('refuses an email with %s: 400 VALIDATION_FAILED on email', async (_label, invisible) => {
    const res = await register(`ada${invisible}-${randomUUID()}@example.test`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['email']);
  });

  it('verifies a password typed in NFD that was set in NFC, and the other way round', async () => {
    const password = 'crème brûlée für Jörg';
    for (const [setAs, typedAs] of [
      [nfc, nfd],
      [nfd, nfc],
    ]) {
      const email = `pw-${randomUUID()}@example.test`;
      expect((await register(email, setAs(password))).status).toBe(201);
      expect((await login(email, typedAs(password))).status).toBe(200);
      expect((await login(email, typedAs('creme brulee fur Jorg'))).status).toBe(401);
    }
  });

  it('normalises emails to NFKC in lower case', () => {
    expect(normalizedEmail(nfd(' JÖRG@Example.TEST '))).toBe(nfc('jörg@example.test'));
    // Compatibility forms (full-width letters) are the letters.
    expect(normalizedEmail('ａｄａ@example.test')).toBe('ada@example.test');
  });
});
