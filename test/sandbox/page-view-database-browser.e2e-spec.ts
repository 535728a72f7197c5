import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Client, DatabaseObjectResponse, PageObjectResponse } from '@notionhq/client';
import { browserAvailable, launchChromium } from '../support/browser';
import { World, startWorld, text } from './support/sandbox-world';

/**
 * What a person checks their notes against: the notes database as a table (its properties as
 * columns, newest row first), breadcrumbs back up to the workspace, the root page listing its
 * inline database, and who edited what last. Shaped like the product's own workspace: a root
 * page with an inline "Table of Contents" database.
 */
describe('Notion sandbox page view of a database (headless Chromium)', () => {
  let world: World;
  let notion: Client;
  let root: PageObjectResponse;
  let database: DatabaseObjectResponse;
  const rows: PageObjectResponse[] = [];

  beforeAll(async () => {
    world = await startWorld();
    notion = world.client(world.internalA.token);
    root = (await notion.pages.create({ parent: { page_id: world.pageA }, icon: { type: 'emoji', emoji: '🤖' }, properties: { title: { title: text('Personal Assistant') } } })) as PageObjectResponse;
    database = (await notion.databases.create({
      parent: { type: 'page_id', page_id: root.id },
      is_inline: true,
      title: text('Table of Contents'),
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Type: { select: { options: [{ name: 'meeting', color: 'blue' }, { name: 'idea', color: 'green' }] } },
          Tags: { multi_select: {} },
          Summary: { rich_text: {} },
          Created: { date: {} },
        },
      },
    })) as DatabaseObjectResponse;
    const sourceId = database.data_sources[0].id;
    await notion.dataSources.update({ data_source_id: sourceId, properties: { Related: { relation: { data_source_id: sourceId, type: 'dual_property', dual_property: { synced_property_name: 'Linked from' } } } } });
    const notes: Array<[string, string, string[], string, string]> = [
      ['Kickoff with Grace 🚀', 'meeting', ['launch', 'team'], 'Agreed the launch plan.', '2026-03-10'],
      ['Idea: offline mode 💡', 'idea', ['mobile'], 'Sync later when back online.', '2026-03-11'],
      ['Retro 🧭', 'meeting', [], 'What went well.', '2026-03-12'],
    ];
    for (const [title, type, tags, summary, created] of notes) {
      const related = rows.length ? [{ id: rows[0].id }] : [];
      rows.push(
        (await notion.pages.create({
          parent: { data_source_id: sourceId },
          properties: {
            Name: { title: text(title) },
            Type: { select: { name: type } },
            Tags: { multi_select: tags.map((name) => ({ name })) },
            Summary: { rich_text: text(summary) },
            Created: { date: { start: created } },
            Related: { relation: related },
          },
        })) as PageObjectResponse,
      );
      world.sandbox.control.advanceClock(60_000);
    }
  });

  afterAll(async () => {
    await world.sandbox.close();
    expect(world.contract.violations).toEqual([]);
  });

  if (!browserAvailable()) {
    it('serves the database as an HTML table (no browser on this machine)', async () => {
      const html = await (await fetch(database.url)).text();
      expect(html).toContain('<table class="database"');
    });
    return;
  }

  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const cellTexts = (tab: Page, scope: string) => tab.locator(`${scope} table.database tbody tr`).evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td as unknown as { innerText: string }).innerText.trim())));

  it('shows the database as a table, newest first, with breadcrumbs back to the workspace; the root page lists it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await context.newPage();
    tab.setDefaultTimeout(8000);
    expect((await tab.goto(database.url))?.status()).toBe(200);

    await expect(tab.locator('#page-title').innerText()).resolves.toBe('Table of Contents');
    await expect(tab.locator('#breadcrumbs').innerText()).resolves.toBe('Workspace A/Notes A/Personal Assistant/Table of Contents');
    await expect(tab.locator('table.database thead th').allInnerTexts()).resolves.toEqual(['Name', 'Type', 'Tags', 'Summary', 'Created', 'Related', 'Linked from', 'Last edited']);
    const cells = await cellTexts(tab, '#rows');
    expect(cells.map((row) => row.slice(0, 7))).toEqual([
      ['Retro 🧭', 'meeting', '', 'What went well.', '2026-03-12', 'Kickoff with Grace 🚀', ''],
      ['Idea: offline mode 💡', 'idea', 'mobile', 'Sync later when back online.', '2026-03-11', 'Kickoff with Grace 🚀', ''],
      ['Kickoff with Grace 🚀', 'meeting', 'launchteam', 'Agreed the launch plan.', '2026-03-10', '', 'Idea: offline mode 💡, Retro 🧭'],
    ]);
    expect(cells.every((row) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC by Internal A$/.test(row[7]))).toBe(true);
    await expect(tab.locator('#last-edited').innerText()).resolves.toMatch(/ by Internal A$/);

    const screenshot = path.join(mkdtempSync(path.join(tmpdir(), 'notion-sandbox-view-')), 'table-of-contents.png');
    await tab.screenshot({ path: screenshot, fullPage: true });
    process.stdout.write(`Notion sandbox database view screenshot: ${screenshot}\n`);

    // A row opens at its own page, whose breadcrumbs lead back through the database to the root.
    await tab.locator('table.database tbody tr').first().locator('td').first().locator('a').click();
    await expect(tab.locator('#page-title').innerText()).resolves.toBe('Retro 🧭');
    await expect(tab.locator('#breadcrumbs a').allInnerTexts()).resolves.toEqual(['Notes A', 'Personal Assistant', 'Table of Contents']);
    await tab.locator('#breadcrumbs a', { hasText: 'Personal Assistant' }).click();

    // The root page lists its inline database as the same table.
    await expect(tab.locator('#page-title').innerText()).resolves.toBe('Personal Assistant');
    await expect(tab.locator('#page-icon').innerText()).resolves.toBe('🤖');
    await expect(tab.locator('section[data-block-type="child_database"] h2').innerText()).resolves.toBe('Table of Contents');
    expect((await cellTexts(tab, 'section[data-block-type="child_database"]')).map((row) => row[0])).toEqual(['Retro 🧭', 'Idea: offline mode 💡', 'Kickoff with Grace 🚀']);
    const rootShot = path.join(path.dirname(screenshot), 'root-page.png');
    await tab.screenshot({ path: rootShot, fullPage: true });
    process.stdout.write(`Notion sandbox root page screenshot: ${rootShot}\n`);
    await tab.locator('section[data-block-type="child_database"] h2 a').click();
    await expect(tab.locator('#page-title').innerText()).resolves.toBe('Table of Contents');
    await context.close();
  });

  it('declares an emoji font fallback, so emoji in titles are not empty boxes', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(rows[0].url);
    const family = await tab.evaluate('getComputedStyle(document.body).fontFamily');
    expect(family).toMatch(/"Noto Color Emoji".*sans-serif$/);
    // The emoji glyph takes room (an empty box from a missing font is as narrow as a letter; no glyph is zero).
    const width = await tab.evaluate(`(() => { const s = document.createElement('span'); s.textContent = '🚀'; document.body.append(s); return s.getBoundingClientRect().width; })()`);
    expect(width).toBeGreaterThan(12);
    await context.close();
  });
});
