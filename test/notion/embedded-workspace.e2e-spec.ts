import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EmbeddedNotionEndpoint } from '../../src/embedded/embedded-notion.endpoint';
import type { NotionSandbox } from '../../src/sandbox/notion';
import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp } from '../support/auth';
import { parseForm } from '../sandbox/support/consent-form';

/** The browser on this machine reaches the embedded sandbox as localhost; plain fetch goes to its 127.0.0.1. */
const local = (url: string) => url.replace('//localhost:', '//127.0.0.1:');

/**
 * GET /workspace for a user connected through the zero-config default (no NOTION_CLIENT_ID): the app hosts
 * the Notion sandbox itself, and the gateway must call that sandbox's API (its URL is known only once it
 * listens), not the configured NOTION_API_BASE_URL.
 */
describe('Notion workspace with the embedded sandbox (no NOTION_CLIENT_ID)', () => {
  let dataDir: string;
  let t: TestApp;
  let sandbox: NotionSandbox;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'pa-embedded-notion-'));
    t = await bootApp({ env: { NODE_ENV: 'development', DATA_DIR: dataDir, NOTION_CLIENT_ID: undefined, NOTION_RETRY_BASE_DELAY_MS: '10' } });
    sandbox = await t.app.get(EmbeddedNotionEndpoint).sandbox();
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates and shows the root page and database in the embedded sandbox', async () => {
    const user = await signUp(t, 'embedded-notion');
    const connect = await t.http().get('/integrations/notion/connect').set(...bearer(user.token)).expect(302);
    const authorize = new URL(connect.headers.location as string);
    const form = parseForm(await (await fetch(local(authorize.toString()))).text(), 'consent');
    const body = new URLSearchParams({ ...form.hidden, workspace_id: form.selects.workspace_id[0], action: 'allow' });
    body.append('page_ids', form.checkboxes.page_ids[0]);
    const back = await fetch(local(`${authorize.origin}${form.action}`), { method: 'POST', body, redirect: 'manual' });
    const redirect = new URL(back.headers.get('location') as string);
    const done = await t.http().get(`${redirect.pathname}${redirect.search}`).set(...bearer(user.token)).expect(302);
    const integrationId = new URL(done.headers.location as string, 'http://app.test').searchParams.get('integration');
    sandbox.control.clearRequestLog();

    const res = await t.http().get('/workspace').set(...bearer(user.token)).expect(200);

    expect(res.body).toEqual({
      integrationId,
      rootPage: { id: expect.any(String), url: expect.stringMatching(/^http/) },
      database: { id: expect.any(String), url: expect.stringMatching(/^http/), dataSourceId: expect.any(String) },
      state: 'active',
      choices: [],
      schemaIssues: [],
    });
    const calls = sandbox.control.requestLog().map((r) => `${r.method} ${r.route} ${r.status}`);
    expect(calls).toContain('POST /v1/pages 200');
    expect(calls).toContain('POST /v1/databases 200');
    const root = sandbox.control.pageContent(res.body.rootPage.id as string);
    expect(root.title).toBe('Personal Assistant');
    expect(root.page.parent).toEqual({ type: 'workspace', workspace: true });
  });
});
