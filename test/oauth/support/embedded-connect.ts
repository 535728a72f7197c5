import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EmbeddedNotionEndpoint } from '../../../src/embedded/embedded-notion.endpoint';
import type { NotionSandbox } from '../../../src/sandbox/notion';
import { bootApp, type LogCapture, type TestApp } from '../../support/app';
import { bearer, type SignedIn } from '../../support/auth';
import { parseForm } from '../../sandbox/support/consent-form';

/** The browser on this machine reaches the embedded sandbox as localhost; plain fetch goes to its 127.0.0.1. */
export const local = (url: string): string => url.replace('//localhost:', '//127.0.0.1:');

export interface EmbeddedApp {
  t: TestApp;
  sandbox: NotionSandbox;
  close: () => Promise<void>;
}

/** The zero-config default (no NOTION_CLIENT_ID): the app hosts the Notion sandbox, its state in a fresh DATA_DIR. */
export async function bootEmbedded(
  options: { env?: Record<string, string | undefined>; logs?: LogCapture } = {},
): Promise<EmbeddedApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pa-embedded-oauth-'));
  const t = await bootApp({
    env: { NODE_ENV: 'development', DATA_DIR: dataDir, NOTION_CLIENT_ID: undefined, PUBLIC_URL: 'http://localhost:3000', ...options.env },
    logs: options.logs,
  });
  const sandbox = await t.app.get(EmbeddedNotionEndpoint).sandbox();
  return {
    t,
    sandbox,
    close: async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** GET /integrations/notion/connect as `user` → the consent page address (with its state and ticket). */
export async function embeddedAuthorize(t: TestApp, user: SignedIn): Promise<URL> {
  const res = await t.http().get('/integrations/notion/connect').set(...bearer(user.token));
  if (res.status !== 302) throw new Error(`connect answered ${res.status}: ${JSON.stringify(res.body)}`);
  return new URL(res.headers.location as string);
}

/**
 * Plays the user's browser on the embedded consent page their ticket opens (it shows only their own sandbox
 * person): approves their starter page, or cancels. Returns the sandbox's redirect back to the app.
 */
export async function embeddedConsent(authorize: URL, action: 'allow' | 'cancel' = 'allow'): Promise<URL> {
  const page = await fetch(local(authorize.toString()));
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const form = parseForm(await page.text(), 'consent');
  const body = new URLSearchParams({ ...form.hidden, workspace_id: form.selects.workspace_id[0], action });
  body.append('page_ids', form.checkboxes.page_ids[0]);
  const back = await fetch(local(`${authorize.origin}${form.action}`), { method: 'POST', body, redirect: 'manual' });
  if (back.status !== 302) throw new Error(`consent answered ${back.status}`);
  return new URL(back.headers.get('location') as string);
}

/** The callback as `user`'s browser would call it, with the given redirect's query. */
export function embeddedCallback(t: TestApp, user: SignedIn, redirect: URL) {
  return t.http().get(`${redirect.pathname}${redirect.search}`).set(...bearer(user.token));
}

/** The starter page the sandbox made for `user`'s person ("Getting started"), shared on consent. */
export function starterPageOf(sandbox: NotionSandbox, user: SignedIn): string {
  return sandbox.control.ensurePerson({ externalId: user.userId, name: 'Test User', email: user.email }).pageId;
}
