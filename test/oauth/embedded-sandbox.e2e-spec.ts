import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LOCAL_KEY_FILE } from '../../src/oauth/security/token-keyring';
import { LogCapture, bootApp, type TestApp } from '../support/app';
import { bearer, login, signUp } from '../support/auth';
import { parseForm } from '../sandbox/support/consent-form';

/**
 * The zero-config default: no NOTION_CLIENT_ID, so the app hosts the Notion sandbox itself, with its state,
 * its client credentials and the token key in DATA_DIR, and survives a restart with all of it.
 */
describe('embedded Notion sandbox (no NOTION_CLIENT_ID)', () => {
  let dataDir: string;
  const env = () => ({ NODE_ENV: 'development', DATA_DIR: dataDir, NOTION_CLIENT_ID: undefined, LOG_LEVEL: 'info', PUBLIC_URL: 'http://localhost:3000' });

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'pa-embedded-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts the sandbox at boot, gives each user their own identity on the consent page, and keeps it all across a restart', async () => {
    const logs = new LogCapture();
    let t: TestApp = await bootApp({ env: env(), logs });
    let email: string;
    let integrationId: string;
    try {
      expect(logs.text).toMatch(/Notion sandbox \(embedded\) at http:\/\/localhost:\d+/);
      expect(existsSync(path.join(dataDir, LOCAL_KEY_FILE))).toBe(true);
      expect(existsSync(path.join(dataDir, 'notion-sandbox', 'client.json'))).toBe(true);

      const user = await signUp(t, 'embedded');
      email = user.email;
      const connect = await t.http().get('/integrations/notion/connect').set(...bearer(user.token)).expect(302);
      const authorize = new URL(connect.headers.location as string);
      expect(authorize.searchParams.get('sandbox_ticket')).toMatch(/^sbt_/);
      // The browser reaches the consent page; here plain fetch plays it (localhost → the sandbox's 127.0.0.1).
      const page = await fetch(authorize.toString().replace('//localhost:', '//127.0.0.1:'));
      const html = await page.text();
      expect(html).toContain(`Test User &lt;${user.email}&gt;`);
      expect(html).not.toContain('id="choose-person"');
      const form = parseForm(html, 'consent');
      expect(form.selects.workspace_id).toHaveLength(1);
      const body = new URLSearchParams({ ...form.hidden, workspace_id: form.selects.workspace_id[0], action: 'allow' });
      body.append('page_ids', form.checkboxes.page_ids[0]);
      const back = await fetch(`${authorize.origin.replace('//localhost:', '//127.0.0.1:')}${form.action}`, {
        method: 'POST',
        body,
        redirect: 'manual',
      });
      const redirect = new URL(back.headers.get('location') as string);
      expect(`${redirect.origin}${redirect.pathname}`).toBe('http://localhost:3000/integrations/notion/callback');
      const done = await t.http().get(`${redirect.pathname}${redirect.search}`).set(...bearer(user.token)).expect(302);
      integrationId = new URL(done.headers.location as string, 'http://x').searchParams.get('integration') as string;
      const list = await t.http().get('/integrations').set(...bearer(user.token)).expect(200);
      expect(list.body).toEqual([expect.objectContaining({ id: integrationId, workspaceName: "Test User's workspace", status: 'active' })]);
    } finally {
      await t.close();
    }

    t = await bootApp({ env: env() });
    try {
      // Signed in again: without Redis, sessions lived in the stopped process.
      const again = await login(t, email);
      const status = await t.http().get(`/integrations/${integrationId}/status`).set(...bearer(again.token));
      expect(status.status).toBe(200);
      expect(status.body.workspaceName).toBe("Test User's workspace");
    } finally {
      await t.close();
    }
  });
});
