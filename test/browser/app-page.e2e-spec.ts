import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { bootApp, type TestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { describeWith } from '../support/requirements';
import { freePort } from '../support/free-port';
import { connectThroughConsent, overflowingElements, signUpOnPage } from '../support/app-page';

const WIDTHS = [1280, 390] as const;

/**
 * /app as a person sees it: the bare address leads there, the page has an icon and a strict script policy,
 * the notes panel waits for a connection, "last used" is true, nothing sticks out at phone width, and API
 * keys for an MCP client are made and revoked on the page.
 */
describeWith('browser', '/app as a person sees it (headless Chromium, embedded sandbox)', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let dataDir: string;
  let shots: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'pa-page-'));
    shots = mkdtempSync(path.join(tmpdir(), 'pa-page-shots-'));
    t = await bootApp({ env: { PUBLIC_URL: baseUrl, DATA_DIR: dataDir, NOTION_CLIENT_ID: undefined, NOTES_SYNC_POLL_MS: '50' } });
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function open(width: number): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const errors: string[] = [];
    // Script errors and CSP violations; failed loads are not (a signed-out /auth/me is a 401 by design).
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    return { context, page, errors };
  }

  async function expectNoOverflow(page: Page, state: string, width: number): Promise<void> {
    const file = path.join(shots, `${state}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    process.stderr.write(`screenshot: ${file}\n`);
    expect({ state, width, overflowing: await overflowingElements(page) }).toEqual({ state, width, overflowing: [] });
  }

  it('sends the bare address to /app and serves an icon', async () => {
    const root = await fetch(`${baseUrl}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/app');
    const icon = await fetch(`${baseUrl}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await icon.text()).toContain('<svg');

    const { context, page, errors } = await open(1280);
    await page.goto(baseUrl);
    expect(new URL(page.url()).pathname).toBe('/app');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('serves /app with a script policy of this origin only, and the page works under it', async () => {
    const { context, page, errors } = await open(1280);
    const response = await page.goto(`${baseUrl}/app`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(csp).not.toContain("'unsafe-inline'; script");
    await signUpOnPage(page, baseUrl, 'Katherine Johnson');
    await expect(page.locator('#who').innerText()).resolves.toContain('Katherine Johnson');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('before any connection the notes panel says what to do and offers Connect; after it, the note form', async () => {
    for (const width of WIDTHS) {
      const { context, page, errors } = await open(width);
      await page.goto(`${baseUrl}/app`);
      await page.getByRole('heading', { name: 'Your account' }).waitFor();
      await expectNoOverflow(page, 'signed-out', width);
      await signUpOnPage(page, baseUrl, `Dorothy Vaughan ${width}`);
      const notes = page.locator('#notes');
      await notes.getByText('Connect a Notion workspace first').waitFor();
      await expect(page.locator('#note-form').isVisible()).resolves.toBe(false);
      await expect(notes.getByRole('button', { name: 'Connect Notion' }).isVisible()).resolves.toBe(true);
      await expectNoOverflow(page, 'signed-in-unconnected', width);

      // The panel's own button starts the same connect.
      await notes.getByRole('button', { name: 'Connect Notion' }).click();
      await page.locator('#consent').waitFor();
      await page.locator('input[name="page_ids"]').first().check();
      await page.getByRole('button', { name: 'Allow access' }).click();
      await page.waitForURL((url) => url.pathname === '/app');
      await page.locator('#integrations li').first().waitFor();
      await page.locator('#note-form').waitFor();
      await expect(notes.getByText('Connect a Notion workspace first').isVisible()).resolves.toBe(false);
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 120_000);

  it('shows the real "last used" after Test connection and after a note synced', async () => {
    const { context, page, errors } = await open(1280);
    const email = await signUpOnPage(page, baseUrl, 'Mary Jackson');
    await connectThroughConsent(page, 'Mary Jackson', email, 'Allow access');
    const item = page.locator('#integrations li').first();
    await item.waitFor();
    const integrationId = (await item.getAttribute('data-id')) as string;
    // Forget any use made while connecting, so the page's value can only come from what follows.
    await t.app.get(DataSource).query(`UPDATE "oauth_integrations" SET "last_used_at" = NULL WHERE "id" = $1`, [integrationId]);
    await page.reload();
    await item.locator('.meta', { hasText: 'last used never' }).waitFor();

    await page.getByRole('button', { name: "Test connection to Mary Jackson's workspace" }).click();
    await item.locator('.result', { hasText: 'Connection works' }).waitFor();
    await item.locator('.meta', { hasNotText: 'last used never' }).waitFor();
    await expect(item.locator('.result').innerText()).resolves.toContain('Connection works');

    await t.app.get(DataSource).query(`UPDATE "oauth_integrations" SET "last_used_at" = NULL WHERE "id" = $1`, [integrationId]);
    await page.reload();
    await item.locator('.meta', { hasText: 'last used never' }).waitFor();
    await page.getByLabel('New note').fill('Met with Ada about the launch plan.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.locator('#note-list li .badge[data-status="synced"]').first().waitFor();
    await item.locator('.meta', { hasNotText: 'last used never' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('makes an API key (name, expiry) shown once with the MCP URL and a ready configuration, lists its last use, revokes it', async () => {
    for (const width of WIDTHS) {
      const { context, page, errors } = await open(width);
      const email = await signUpOnPage(page, baseUrl, `Annie Easley ${width}`);
      await connectThroughConsent(page, `Annie Easley ${width}`, email, 'Allow access');
      await page.locator('#integrations li').first().waitFor();
      await page.getByLabel('New note').fill('Idea: a tea timer that learns from the kettle.');
      await page.getByRole('button', { name: 'Save note' }).click();
      await page.locator('#note-list li').first().waitFor();

      const keys = page.locator('#api-keys');
      await keys.getByText(`${baseUrl}/mcp`).first().waitFor();
      await keys.getByLabel('Key name').fill('Claude Desktop');
      await keys.getByLabel('Expires').selectOption('90');
      await keys.getByRole('button', { name: 'Create key' }).click();
      const shown = keys.locator('#new-key-value');
      await shown.waitFor();
      const key = (await shown.innerText()).trim();
      expect(key).toMatch(/^pak_[\w-]{20,}$/);
      const config = JSON.parse(await keys.locator('#mcp-config').innerText()) as {
        mcpServers: Record<string, { type: string; url: string; headers: Record<string, string> }>;
      };
      expect(Object.values(config.mcpServers)[0]).toEqual({ type: 'http', url: `${baseUrl}/mcp`, headers: { Authorization: `Bearer ${key}` } });
      const row = keys.locator('#api-key-list li', { hasText: 'Claude Desktop' });
      await row.waitFor();
      await expect(row.innerText()).resolves.toContain(`pak_…${key.slice(-4)}`);
      await expect(row.innerText()).resolves.toMatch(/expires /i);
      await expect(row.innerText()).resolves.toContain('last used never');
      await expectNoOverflow(page, 'connected-with-key', width);

      // The key works as its user until revoked; the list then shows its use.
      const asKey = () => fetch(`${baseUrl}/tools`, { headers: { authorization: `Bearer ${key}` } });
      expect((await asKey()).status).toBe(200);
      await page.reload();
      await keys.locator('#api-key-list li', { hasText: 'Claude Desktop' }).waitFor();
      // Shown once: after a reload the key itself is nowhere on the page.
      await expect(page.locator('body').innerText()).resolves.not.toContain(key);
      await expect(keys.locator('#api-key-list li', { hasText: 'Claude Desktop' }).innerText()).resolves.not.toContain('last used never');

      await keys.getByRole('button', { name: 'Revoke Claude Desktop' }).click();
      await keys.locator('#api-key-list li', { hasText: 'Claude Desktop' }).waitFor({ state: 'detached' });
      expect((await asKey()).status).toBe(401);
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 120_000);
});
