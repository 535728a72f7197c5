import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { bootApp, type TestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { describeWith } from '../support/requirements';
import { freePort } from '../support/free-port';
import { connectThroughConsent, signUpOnPage } from '../support/app-page';

describeWith('browser', '/app in headless Chromium: sign up, connect Notion (embedded sandbox), cancel, disconnect', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let dataDir: string;
  let shots: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'pa-browser-'));
    shots = mkdtempSync(path.join(tmpdir(), 'pa-shots-'));
    // No NOTION_CLIENT_ID: the embedded default, as `npm start` runs it.
    t = await bootApp({ env: { PUBLIC_URL: baseUrl, DATA_DIR: dataDir, NOTION_CLIENT_ID: undefined } });
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    const errors: string[] = [];
    // Script errors and CSP violations; failed loads are not (a signed-out /auth/me is a 401 by design).
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors };
  }

  it('signs up, connects, approves on the consent page and sees the workspace listed', async () => {
    const { page, errors } = await newPage();
    const email = await signUpOnPage(page, baseUrl, 'Ada Lovelace');
    await page.locator('#empty').waitFor();
    await connectThroughConsent(page, 'Ada Lovelace', email, 'Allow access');
    await page.locator('#integrations li').first().waitFor();
    await expect(page.locator('#notice').innerText()).resolves.toMatch(/“Ada Lovelace's workspace” connected/);
    await expect(page.locator('#integrations li .name').allInnerTexts()).resolves.toEqual(["Ada Lovelace's workspace"]);
    await expect(page.locator('#integrations li .badge').allInnerTexts()).resolves.toEqual(['Active', 'Default']);
    expect(new URL(page.url()).search).toBe('');

    await page.getByRole('button', { name: "Test connection to Ada Lovelace's workspace" }).click();
    await page.locator('#integrations li .result', { hasText: 'Connection works' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'app-connected.png'), fullPage: true });
    process.stderr.write(`screenshot: ${path.join(shots, 'app-connected.png')}\n`);
    expect(errors).toEqual([]);
  });

  it('cancel on the consent page → back on /app with a message, nothing connected', async () => {
    const { page, errors } = await newPage();
    const email = await signUpOnPage(page, baseUrl, 'Grace Hopper');
    await connectThroughConsent(page, 'Grace Hopper', email, 'Cancel');
    await page.locator('#notice').waitFor();
    await expect(page.locator('#notice').innerText()).resolves.toMatch(/cancelled.*nothing was connected/i);
    await expect(page.locator('#integrations li').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it('disconnects a connected workspace', async () => {
    const { page, errors } = await newPage();
    const email = await signUpOnPage(page, baseUrl, 'Alan Turing');
    await connectThroughConsent(page, 'Alan Turing', email, 'Allow access');
    await page.locator('#integrations li').first().waitFor();
    await page.getByRole('button', { name: "Disconnect Alan Turing's workspace" }).click();
    await page.locator('#notice', { hasText: 'Disconnected' }).waitFor();
    await expect(page.locator('#integrations li').count()).resolves.toBe(0);
    await expect(page.locator('#empty').isVisible()).resolves.toBe(true);
    // And it stays gone after a reload (the server forgot it, not just the page).
    await page.reload();
    await page.getByRole('heading', { name: 'Notion workspaces' }).waitFor();
    await page.locator('#empty').waitFor();
    await expect(page.locator('#integrations li').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});
