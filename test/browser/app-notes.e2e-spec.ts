import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { EmbeddedNotionEndpoint } from '../../src/embedded/embedded-notion.endpoint';
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

  it('shows a conflict with both versions side by side, and resolves it with one click', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const email = await signUpOnPage(page, baseUrl, 'Ada Lovelace');
    await connectThroughConsent(page, 'Ada Lovelace', email, 'Allow access');
    await page.locator('#notes-empty').waitFor();
    await page.getByLabel('New note').fill('The engine weaves algebraic patterns.\n\nA second thought.');
    await page.getByRole('button', { name: 'Save note' }).click();
    const item = page.locator('#note-list li').first();
    await item.locator('.badge[data-status="synced"]').waitFor();

    // The person edits the first paragraph in Notion; the product edits the same paragraph (same-origin fetch, as /app does).
    const note = (await page.evaluate(async () => ((await (await fetch('/notes?limit=1')).json()) as { items: unknown[] }).items[0])) as { id: string; notion: { pageId: string } };
    const me = (await page.evaluate(async () => (await fetch('/auth/me')).json())) as { id: string };
    const sandbox = await t.app.get(EmbeddedNotionEndpoint).sandbox();
    const { personId } = sandbox.control.ensurePerson({ externalId: me.id, name: 'Ada Lovelace', email });
    const person = sandbox.person(personId);
    const blocks = (await person.request('GET', `/v1/blocks/${note.notion.pageId}/children`)).results as Array<{ id: string }>;
    await person.updateBlock(blocks[0].id, { paragraph: { rich_text: [{ type: 'text', text: { content: 'The engine weaves patterns, said the PERSON.' } }] } });
    const status = await page.evaluate(
      async (id) =>
        (await fetch(`/notes/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ content: 'The engine weaves patterns, said the PRODUCT.\n\nA second thought.' }) })).status,
      note.id,
    );
    expect(status).toBe(200);
    await page.reload();
    const panel = page.getByRole('region', { name: /Conflict in/ });
    await panel.waitFor();
    await expect(panel.locator('.side').first().innerText()).resolves.toContain('PRODUCT');
    await expect(panel.locator('.side').nth(1).innerText()).resolves.toContain('PERSON');
    const shot = path.join(mkdtempSync(path.join(tmpdir(), 'pa-shots-')), 'app-conflict.png');
    await page.screenshot({ path: shot, fullPage: true });
    process.stderr.write(`screenshot: ${shot}\n`);
    await panel.getByRole('button', { name: 'Keep Notion’s' }).click();
    await panel.waitFor({ state: 'detached' });
    const resolved = (await page.evaluate(async (id) => (await fetch(`/notes/${id}`)).json(), note.id)) as { content: string; sync: { conflict: unknown } };
    expect(resolved.sync.conflict).toBeNull();
    expect(resolved.content).toContain('PERSON');
    expect(resolved.content).not.toContain('PRODUCT');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
