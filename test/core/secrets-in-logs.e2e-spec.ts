import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LogCapture } from '../support/app';
import { login, signUp } from '../support/auth';
import {
  bootEmbedded,
  embeddedAuthorize,
  embeddedCallback,
  embeddedConsent,
  local,
  type EmbeddedApp,
} from '../oauth/support/embedded-connect';

/**
 * Whole connects through the embedded sandbox (success, cancel, a bad state, another session's state, no
 * session, a code that fails to exchange) with every log line captured at the most verbose level; then
 * every secret issued along the way (states, codes, consent tickets, tokens, the client secret, session
 * tokens) is searched for in them.
 */
describe('no OAuth secret reaches the logs', () => {
  const logs = new LogCapture();
  let e: EmbeddedApp;
  const secrets = new Map<string, string>();
  const keep = (label: string, value: string | null | undefined) => {
    if (!value) throw new Error(`no ${label} to look for`);
    secrets.set(value, label);
  };

  beforeAll(async () => {
    e = await bootEmbedded({ env: { LOG_LEVEL: 'trace' }, logs });
  });
  afterAll(() => e.close());

  it('none of the codes, states, tickets, tokens or secrets issued during whole connects appears in a log line', async () => {
    const user = await signUp(e.t, 'log-secrets');
    keep('session token', user.token);

    // Success, with the Referer a browser sends coming back from the consent page.
    const authorize = await embeddedAuthorize(e.t, user);
    keep('state', authorize.searchParams.get('state'));
    keep('consent ticket', authorize.searchParams.get('sandbox_ticket'));
    const redirect = await embeddedConsent(authorize);
    keep('code', redirect.searchParams.get('code'));
    const ok = await embeddedCallback(e.t, user, redirect).set('Referer', local(authorize.toString()));
    expect(ok.status).toBe(302);

    // Cancel.
    const cancelAuthorize = await embeddedAuthorize(e.t, user);
    keep('state', cancelAuthorize.searchParams.get('state'));
    keep('consent ticket', cancelAuthorize.searchParams.get('sandbox_ticket'));
    const cancelled = await embeddedCallback(e.t, user, await embeddedConsent(cancelAuthorize, 'cancel'));
    expect(cancelled.headers.location).toBe('/app?notice=cancelled');

    // A bad state with a real, unused code; then that code under another session's state; then no session.
    const pending = await embeddedAuthorize(e.t, user);
    keep('state', pending.searchParams.get('state'));
    keep('consent ticket', pending.searchParams.get('sandbox_ticket'));
    const unused = await embeddedConsent(pending);
    keep('code', unused.searchParams.get('code'));
    const madeUp = 'Zm9yZ2VkLXN0YXRlLXRoYXQtbXVzdC1ub3QtYmUtbG9nZ2Vk';
    keep('made-up state', madeUp);
    const bad = new URL(unused);
    bad.searchParams.set('state', madeUp);
    expect((await embeddedCallback(e.t, user, bad)).status).toBe(400);
    const other = await login(e.t, user.email);
    keep('session token', other.token);
    expect((await embeddedCallback(e.t, other, unused)).status).toBe(400);
    expect((await e.t.http().get(`${unused.pathname}${unused.search}`)).status).toBe(401);
    expect((await e.t.http().get(`${unused.pathname}${unused.search}`).set('Cookie', `pa_session=${other.token}x`)).status).toBe(401);

    // The pending state still finishes, with its code: then the same code again under a fresh state fails
    // the exchange (Notion says invalid_grant), which is logged as a warning.
    expect((await embeddedCallback(e.t, user, unused)).status).toBe(302);
    const fresh = await embeddedAuthorize(e.t, user);
    keep('state', fresh.searchParams.get('state'));
    keep('consent ticket', fresh.searchParams.get('sandbox_ticket'));
    const replay = new URL(unused);
    replay.searchParams.set('state', fresh.searchParams.get('state') as string);
    expect((await embeddedCallback(e.t, user, replay)).headers.location).toBe('/app?notice=failed');

    // Tokens the sandbox issued, and the app's client secret there.
    for (const token of Object.keys(e.sandbox.control.exportState().tokens)) keep('Notion token', token);
    const client = JSON.parse(readFileSync(path.join(e.t.config.dataDir, 'notion-sandbox', 'client.json'), 'utf8'));
    keep('client secret', client.clientSecret);

    expect(logs.lines.length).toBeGreaterThan(20);
    expect(logs.text).toContain('/integrations/notion/callback');
    const found = [...secrets].filter(([value]) => logs.text.includes(value)).map(([, label]) => label);
    expect(found).toEqual([]);
    // URL-encoded forms too (a state or code inside a logged Location or Referer).
    const encoded = [...secrets].filter(([value]) => logs.text.includes(encodeURIComponent(value))).map(([, label]) => label);
    expect(encoded).toEqual([]);
  });
});
