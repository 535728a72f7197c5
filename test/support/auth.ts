import { randomUUID } from 'node:crypto';
import type { TestApp } from './app';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface SignedIn {
  email: string;
  password: string;
  userId: string;
  token: string;
  /** The `pa_session=<token>` pair to send as a Cookie header. */
  cookie: string;
  /** The whole Set-Cookie header of the sign-in. */
  setCookie: string;
}

/** A fresh, unique address so tests never collide on the shared database. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID()}@example.test`;
}

export async function register(t: TestApp, email = uniqueEmail(), password = TEST_PASSWORD, name = 'Test User') {
  const res = await t.http().post('/auth/register').send({ email, password, name });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { email, password, userId: res.body.id as string };
}

export async function login(t: TestApp, email: string, password = TEST_PASSWORD, userAgent = 'jest'): Promise<SignedIn> {
  const res = await t.http().post('/auth/login').set('User-Agent', userAgent).send({ email, password });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${JSON.stringify(res.body)}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('pa_session='));
  if (!setCookie) throw new Error('login set no pa_session cookie');
  return {
    email,
    password,
    userId: res.body.user.id as string,
    token: res.body.token as string,
    cookie: setCookie.split(';')[0],
    setCookie,
  };
}

/** Registers a new user and signs them in. */
export async function signUp(t: TestApp, label = 'user'): Promise<SignedIn> {
  const { email } = await register(t, uniqueEmail(label));
  return login(t, email);
}

export const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];
