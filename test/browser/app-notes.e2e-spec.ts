import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { bootApp, type TestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { describeWith } from '../support/requirements';
import { freePort } from '../support/free-port';
import { connectThroughConsent, signUpOnPage } from '../support/app-page';

describeWith('browser', '/app notes panel in headless Chromium (embedded sandbox): write, watch it sync, open it in Notion, search', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'pa-notes-browser-'));
    // No NOTION_CLIENT_ID: the embedded default, as `npm start` runs it. No wait: the page sees "pending" first.
    t = await bootApp({ env: { PUBLIC_URL: baseUrl, DATA_DIR: dataDir, NOTION_CLIENT_ID: undefined, NOTES_SYNC_WAIT_MS: '0', NOTES_SYNC_POLL_MS: '50' } });
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes a note, sees it synced with type, tags and summary, opens it in Notion, finds it by search', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));

    const email = await signUpOnPage(page, baseUrl, 'Rosalind Franklin');
    await connectThroughConsent(page, 'Rosalind Franklin', email, 'Allow access');
    await page.locator('#integrations li').first().waitFor();
    await page.locator('#notes-empty').waitFor();
    await page.getByLabel('New note').fill('# Lab meeting\n\nWe reviewed the diffraction images from Tuesday.\n\n- [ ] Order more film for the camera');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.locator('#notice', { hasText: 'Lab meeting' }).waitFor();

    const item = page.locator('#note-list li').first();
    await item.locator('.badge[data-status="synced"]').waitFor();
    await expect(item.locator('.name').innerText()).resolves.toBe('Lab meeting');
    await expect(item.locator('.badge.type').innerText()).resolves.toBe('meeting');
    await expect(item.locator('.summary').innerText()).resolves.toContain('diffraction images');
    expect((await item.locator('.tag').allInnerTexts()).length).toBeGreaterThanOrEqual(3);

    const href = await item.getByRole('link', { name: 'Open in Notion' }).getAttribute('href');
    expect(href).toMatch(/^http:\/\/[^/]+\/Lab-meeting-[0-9a-f]{32}$/);
    const notion = await context.newPage();
    const response = await notion.goto(href as string);
    expect(response?.status()).toBe(200);
    await expect(notion.locator('body').innerText()).resolves.toContain('Order more film for the camera');
    await expect(notion.locator('body').innerText()).resolves.toContain('Lab meeting');
    await notion.close();

    await page.getByLabel('New note').fill('Idea: a tea timer that learns from the kettle.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.locator('#note-list li').nth(1).waitFor();
    await page.getByLabel('Search notes').fill('diffraction');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('#note-list li').nth(1).waitFor({ state: 'detached' });
    await expect(page.locator('#note-list li .name').allInnerTexts()).resolves.toEqual(['Lab meeting']);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
