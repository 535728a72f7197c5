import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { BlockObjectRequest, DatabaseObjectResponse, PageObjectResponse } from '@notionhq/client';
import { browserAvailable, launchChromium } from '../support/browser';
import { World, startWorld, text } from './support/sandbox-world';

/** One of every block type the sandbox stores, with rich text of every kind. */
function everyBlock(mentionPageId: string, databaseId: string, personId: string): BlockObjectRequest[] {
  return [
    { heading_1: { rich_text: text('Heading one') } },
    { heading_2: { rich_text: text('Toggle heading'), children: [{ paragraph: { rich_text: text('Inside the toggle heading') } }] } },
    { heading_3: { rich_text: text('Heading three') } },
    {
      paragraph: {
        rich_text: [
          { text: { content: 'Bold link', link: { url: 'http://localhost/docs' } }, annotations: { bold: true, color: 'red' } },
          { text: { content: ' then ' } },
          { mention: { page: { id: mentionPageId } } },
          { text: { content: ' and ' } },
          { mention: { user: { id: personId } } },
          { text: { content: ' on ' } },
          { mention: { date: { start: '2026-03-11' } } },
          { text: { content: ' with ' } },
          { equation: { expression: 'e=mc^2' } },
        ],
      },
    },
    { bulleted_list_item: { rich_text: text('Bullet one') } },
    { bulleted_list_item: { rich_text: text('Bullet two'), children: [{ bulleted_list_item: { rich_text: text('Nested bullet') } }] } },
    { numbered_list_item: { rich_text: text('Step one') } },
    { numbered_list_item: { rich_text: text('Step two') } },
    { to_do: { rich_text: text('Done task'), checked: true } },
    { to_do: { rich_text: text('Open task'), checked: false } },
    { toggle: { rich_text: text('Toggle summary'), children: [{ paragraph: { rich_text: text('Toggle body') } }] } },
    { quote: { rich_text: text('A quotation') } },
    { callout: { rich_text: text('Callout text'), icon: { type: 'emoji', emoji: '💡' } } },
    { code: { rich_text: text('const answer = 42;'), language: 'typescript' } },
    { equation: { expression: 'a^2+b^2=c^2' } },
    { divider: {} },
    { breadcrumb: {} },
    { table_of_contents: {} },
    { bookmark: { url: 'http://localhost/bookmark' } },
    { embed: { url: 'http://localhost/embed' } },
    { link_to_page: { type: 'page_id', page_id: mentionPageId } },
    { link_to_page: { type: 'database_id', database_id: databaseId } },
  ];
}

describe('Notion sandbox page view in a browser (headless Chromium)', () => {
  let world: World;
  let page: PageObjectResponse;

  beforeAll(async () => {
    world = await startWorld();
    const notion = world.client(world.internalA.token);
    const db = (await notion.databases.create({
      parent: { type: 'page_id', page_id: world.pageA },
      title: text('Journal'),
      initial_data_source: { properties: { Name: { title: {} }, Status: { select: { options: [{ name: 'Draft', color: 'blue' }] } }, Due: { date: {} }, Done: { checkbox: {} } } },
    })) as DatabaseObjectResponse;
    page = (await notion.pages.create({
      parent: { data_source_id: db.data_sources[0].id },
      icon: { type: 'emoji', emoji: '📓' },
      properties: { Name: { title: text('Everything page') }, Status: { select: { name: 'Draft' } }, Due: { date: { start: '2026-03-12' } }, Done: { checkbox: true } },
      children: everyBlock(world.pageA, db.id, world.alice),
    })) as PageObjectResponse;
    await notion.pages.create({ parent: { page_id: page.id }, properties: { title: { title: text('A child page') } } });
  });

  afterAll(async () => {
    await world.sandbox.close();
    expect(world.contract.violations).toEqual([]);
  });

  if (!browserAvailable()) {
    it('serves the page as HTML (no browser on this machine)', async () => {
      const html = await (await fetch(page.url)).text();
      expect(html).toContain('Everything page');
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

  it('renders every block type, the properties and the icon; runs no script; saves a screenshot', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, javaScriptEnabled: true });
    const tab = await context.newPage();
    tab.setDefaultTimeout(8000);
    const problems: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    tab.on('pageerror', (error) => problems.push(error.message));
    const response = await tab.goto(page.url);
    expect(response?.status()).toBe(200);

    await expect(tab.locator('#page-title').innerText()).resolves.toBe('Everything page');
    await expect(tab.locator('#page-icon').innerText()).resolves.toBe('📓');
    const properties = await tab.locator('#properties').innerText();
    expect(properties).toMatch(/Status\s+Draft/);
    expect(properties).toMatch(/Due\s+2026-03-12/);
    expect(properties).toMatch(/Done\s+☑/);

    const content = tab.locator('#content');
    await expect(content.locator('h2').first().innerText()).resolves.toBe('Heading one');
    await expect(content.locator('details summary h3').innerText()).resolves.toBe('Toggle heading');
    await expect(content.locator('h4').innerText()).resolves.toBe('Heading three');
    const paragraph = await tab.locator('#content > p[data-block-type="paragraph"]').first().innerText();
    expect(paragraph).toBe('Bold link then Notes A and @Alice on 2026-03-11 with e=mc^2');
    await expect(content.locator('strong a').getAttribute('href')).resolves.toBe('http://localhost/docs');
    await expect(content.locator('a.mention').first().getAttribute('href')).resolves.toBe(`${world.sandbox.url}/Notes-A-${world.pageA.replace(/-/g, '')}`);
    await expect(tab.locator('#content > ul > li[data-block-type="bulleted_list_item"]').allInnerTexts()).resolves.toEqual(['Bullet one', 'Bullet two\nNested bullet']);
    await expect(content.locator('ol > li').allInnerTexts()).resolves.toEqual(['Step one', 'Step two']);
    await expect(content.locator('.todo.checked input').isChecked()).resolves.toBe(true);
    await expect(content.locator('.todo:not(.checked)').innerText()).resolves.toBe('Open task');
    await expect(content.locator('details[data-block-type="toggle"] summary').innerText()).resolves.toBe('Toggle summary');
    await expect(content.locator('blockquote').innerText()).resolves.toBe('A quotation');
    await expect(content.locator('.callout').innerText()).resolves.toContain('Callout text');
    await expect(content.locator('code[data-language="typescript"]').innerText()).resolves.toBe('const answer = 42;');
    await expect(content.locator('.equation[data-block-type="equation"]').innerText()).resolves.toBe('a^2+b^2=c^2');
    await expect(content.locator('hr').count()).resolves.toBe(1);
    await expect(content.locator('[data-block-type="breadcrumb"]').innerText()).resolves.toContain('Journal');
    await expect(content.locator('.toc li').allInnerTexts()).resolves.toEqual(['Heading one', 'Toggle heading', 'Heading three']);
    await expect(content.locator('[data-block-type="bookmark"] a').getAttribute('href')).resolves.toBe('http://localhost/bookmark');
    await expect(content.locator('[data-block-type="link_to_page"]').allInnerTexts()).resolves.toEqual(['↗ Notes A', '↗ Journal']);
    await expect(content.locator('[data-block-type="child_page"]').innerText()).resolves.toBe('📄 A child page');

    // The style sheet applies under the Content-Security-Policy, and the page has no script at all.
    await expect(tab.evaluate('getComputedStyle(document.body).maxWidth')).resolves.not.toBe('none');
    await expect(tab.locator('script').count()).resolves.toBe(0);
    expect(problems).toEqual([]);

    // A reviewer can look at the picture; it stays outside the repository.
    const screenshot = path.join(mkdtempSync(path.join(tmpdir(), 'notion-sandbox-view-')), 'everything-page.png');
    await tab.screenshot({ path: screenshot, fullPage: true });
    process.stdout.write(`Notion sandbox page view screenshot: ${screenshot}\n`);

    // Links between pages work: the child page opens at its own url.
    await content.locator('[data-block-type="child_page"] a').click();
    await expect(tab.locator('#page-title').innerText()).resolves.toBe('A child page');
    await context.close();
  });
});
