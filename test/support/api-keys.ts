import type { TestApp } from './app';
import { bearer, type SignedIn } from './auth';

/** Creates an API key for a signed-in user; returns the key (shown once) and its id. */
export async function createApiKey(t: TestApp, who: SignedIn, name = 'test agent', extra: Record<string, unknown> = {}) {
  const res = await t.http().post('/auth/api-keys').set(...bearer(who.token)).send({ name, ...extra });
  if (res.status !== 201) throw new Error(`api key creation answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { key: res.body.key as string, id: res.body.id as string };
}
