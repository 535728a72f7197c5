import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { EmbeddedNotionEndpoint } from '../../src/embedded/embedded-notion.endpoint';
import type { NotionSandbox } from '../../src/sandbox/notion';
import { bootApp, type TestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { describeWith } from '../support/requirements';
import { freePort } from '../support/free-port';
import { connectThroughConsent, overflowingElements, signUpOnPage } from '../support/app-page';

/**
 * /app when the person trashes their "Personal Assistant" page in Notion (the embedded sandbox, as a person):
 * the notes panel says so, with the two choices; Restore brings it back with the waiting note in the same
 * Table of Contents, and Start a new workspace writes every note into a new one. Screenshots are saved.
 */
describeWith('browser', '/app shows a trashed workspace with Restore and Start a new workspace', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let dataDir: string;
  let sandbox: NotionSandbox;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'pa-workspace-browser-'));
    t = await bootApp({ env: { PUBLIC_URL: baseUrl, DATA_DIR: dataDir, NOTION_CLIENT_ID: undefined, NOTES_SYNC_WAIT_MS: '0', NOTES_SYNC_POLL_MS: '50' } });
    await t.app.listen(port, '127.0.0.1');
    sandbox = await t.app.get(EmbeddedNotionEndpoint).sandbox();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const shots = mkdtempSync(path.join(tmpdir(), 'pa-workspace-shots-'));
  async function screenshot(page: Page, name: string): Promise<void> {
    const file = path.join(shots, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    process.stdout.write(`/app workspace screenshot: ${file}\n`);
  }

  async function writeNote(page: Page, text: string): Promise<void> {
    await page.getByLabel('New note').fill(text);
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.locator('#notice', { hasText: 'Saved' }).waitFor();
  }

  it('trashed root: the box and the waiting note; Restore; trashed again: Start a new workspace re-homes every note', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const db = t.app.get(DataSource);

    const email = await signUpOnPage(page, baseUrl, 'Barbara McClintock');
    await connectThroughConsent(page, 'Barbara McClintock', email, 'Allow access');
    await page.locator('#integrations li').first().waitFor();
    await writeNote(page, 'Maize notes: the spotted kernels change colour from one generation to the next.');
    await page.locator('#note-list li .badge[data-status="synced"]').first().waitFor();
    expect(await page.locator('#workspace-state').isVisible()).toBe(false);

    const [user] = await db.query(`SELECT id, display_name AS name FROM users WHERE email = $1`, [email]);
    const { personId } = sandbox.control.ensurePerson({ externalId: user.id, name: user.name, email });
    const [first] = await db.query(`SELECT root_page_id, data_source_id FROM notion_workspaces w JOIN oauth_integrations i ON i.id = w.integration_id WHERE i.user_id = $1`, [user.id]);
    await sandbox.person(personId).trashPage(first.root_page_id);

    await writeNote(page, 'Transposition: some genes move within the chromosome.');
    const box = page.locator('#workspace-state');
    await box.waitFor();
    await expect(page.locator('#workspace-state-title').innerText()).resolves.toBe('Your “Personal Assistant” page is in the Notion trash.');
    await page.locator('#note-list li .badge[data-status="waiting"]').waitFor();
    await expect(page.locator('#note-list li .badge[data-status="waiting"]').innerText()).resolves.toBe('Waiting for your workspace');
    expect(await page.getByRole('button', { name: 'Restore it' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Start a new workspace' }).isVisible()).toBe(true);
    await screenshot(page, 'root-trashed');
    await page.setViewportSize({ width: 360, height: 900 });
    // The box and its buttons fit a phone's width (the rest of the page has its own layout tests).
    const inBox = await page.evaluate<string[]>(`Array.from(document.querySelectorAll('#workspace-state, #workspace-state *')).map((n) => (n.id ? '#' + n.id : '') + ' "' + (n.textContent || '').trim().slice(0, 30) + '"')`);
    expect((await overflowingElements(page)).filter((found) => inBox.some((name) => found.includes(name)))).toEqual([]);
    await screenshot(page, 'root-trashed-narrow');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: 'Restore it' }).click();
    await page.locator('#notice', { hasText: 'Restored your workspace' }).waitFor();
    await box.waitFor({ state: 'hidden' });
    await page.locator('#note-list li .badge[data-status="synced"]').nth(1).waitFor();
    const restoredRows = Object.values(sandbox.control.exportState().pages).filter(
      (p) => p.parent.type === 'data_source_id' && p.parent.id === first.data_source_id && !p.inTrash,
    );
    expect(restoredRows).toHaveLength(2);

    await sandbox.person(personId).trashPage(first.root_page_id);
    await writeNote(page, 'Controlling elements switch neighbouring genes on and off.');
    await box.waitFor();
    await page.getByRole('button', { name: 'Start a new workspace' }).click();
    await page.locator('#notice', { hasText: 'Started a new workspace' }).waitFor();
    await box.waitFor({ state: 'hidden' });
    for (let i = 0; i < 3; i += 1) await page.locator('#note-list li .badge[data-status="synced"]').nth(i).waitFor();
    await expect(page.locator('#note-list li .badge[data-status="synced"]').count()).resolves.toBe(3);
    await screenshot(page, 'started-anew');

    const [now] = await db.query(`SELECT root_page_id, data_source_id, state FROM notion_workspaces w JOIN oauth_integrations i ON i.id = w.integration_id WHERE i.user_id = $1`, [user.id]);
    expect(now.state).toBe('active');
    expect(now.root_page_id).not.toBe(first.root_page_id);
    const rows = Object.values(sandbox.control.exportState().pages).filter((p) => p.parent.type === 'data_source_id' && p.parent.id === now.data_source_id && !p.inTrash);
    expect(rows).toHaveLength(3);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
