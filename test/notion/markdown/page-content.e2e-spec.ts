import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import { toBlockNodes, type BlockNode } from '../../../src/notion/markdown/block-requests';
import { parseMarkdown } from '../../../src/notion/markdown/markdown-parser';
import { NotionMarkdownService, type BlockRef } from '../../../src/notion/markdown/notion-markdown.service';
import { NotionClientFactory } from '../../../src/notion/notion-client.factory';
import type { NotionHandle } from '../../../src/notion/notion.handle';
import { OAuthWorld, startOAuthWorld } from '../../oauth/support/oauth-world';
import { bootNotionApp } from '../support/notion-app';
import { connectUser, text } from '../support/notion-world';
import { documents, oversizedDocuments } from './markdown-arbitraries';

jest.setTimeout(120_000);

/** Every block type the parser emits, nested lists past two levels, long texts split over blocks, and over 100 blocks. */
const EVERY_KIND = [
  '# Heading one',
  '## Heading two',
  '### Heading three',
  'A paragraph with **bold**, *italic*, ~~struck~~, `code`, a [link](https://example.com/x) and a hard  \nbreak.',
  '- bullet\n  - nested bullet\n    - deeper bullet\n      - deepest bullet\n        - deeper still',
  '1. one\n2. two\n   1. two-a\n   2. two-b\n      - mixed',
  '- [ ] open task\n- [x] done task\n  - child of a task\n    - [ ] nested task',
  '> a quote\n>\n> > a nested quote\n>\n> - a list in a quote',
  '```ts\nconst x = 1;\n```',
  '```\n' + 'long code line '.repeat(400) + '\n```',
  '---',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  // 5000 characters: three text items of one block.
  'long '.repeat(1000),
  // 240 spans of alternating marks: more rich-text items than one block takes, so several paragraphs.
  Array.from({ length: 240 }, (_, i) => (i % 2 ? `plain${i} ` : `**bold${i}** `)).join(''),
  ...Array.from({ length: 110 }, (_, i) => `Filler paragraph ${i}.`),
].join('\n\n');

const nodes = (markdown: string): BlockNode[] => toBlockNodes(parseMarkdown(markdown));
const paragraphs = (count: number, prefix = 'Paragraph'): string[] => Array.from({ length: count }, (_, i) => `${prefix} ${i}.`);

/**
 * The content writer against the sandbox (as strict as Notion) through the gateway: the refs it returns
 * are what reading the page gives, and the Notion calls it makes are counted from the sandbox's log.
 */
describe('page content: refs, diffs and call counts through the sandbox', () => {
  let world: OAuthWorld;
  let notion: NotionHandle;
  let personId: string;
  const markdown = new NotionMarkdownService();

  beforeAll(async () => {
    Logger.overrideLogger(false);
    world = await startOAuthWorld();
    const t = await bootNotionApp(world, { env: { NOTION_RATE_LIMIT_PER_SECOND: '100' } });
    const user = await connectUser(t, world);
    personId = user.personId;
    notion = t.app.get(NotionClientFactory).forIntegration(user.integrationId);
  });

  afterAll(async () => {
    await world?.close();
  });

  const newPage = async (title: string) =>
    (await notion.createPage({ parent: { type: 'workspace', workspace: true }, properties: { title: { title: text(title) } } })).id;

  /** Runs `write` and returns what it returned with the Notion requests it made, as `METHOD route` lines. */
  async function counted<T>(write: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
    world.sandbox.control.clearRequestLog();
    const result = await write();
    return { result, calls: world.sandbox.control.requestLog().map((r) => `${r.method} ${r.route}`) };
  }

  const ids = (refs: BlockRef[]) => refs.map((r) => r.id);

  it('hashes every kind of block the same written and read back, and reads for the calls readMarkdown makes', async () => {
    const pageId = await newPage('Every kind');
    const desired = nodes(EVERY_KIND);
    expect(desired.length).toBeGreaterThan(120);
    const written = await markdown.writeContent(notion, pageId, desired, null);
    const read = await counted(() => markdown.readContent(notion, pageId));
    expect(read.result.blocks).toEqual(written);
    const plain = await counted(() => markdown.readMarkdown(notion, pageId));
    expect(read.result.markdown).toBe(plain.result.markdown);
    expect(read.calls).toEqual(plain.calls);
    // Writing the same content again is free.
    const again = await counted(() => markdown.writeContent(notion, pageId, desired, read.result.blocks));
    expect(again).toEqual({ result: written, calls: [] });
  });

  it('hashes generated documents the same written and read back', async () => {
    for (const doc of [...fc.sample(documents(5), { numRuns: 6, seed: 19 }), ...fc.sample(oversizedDocuments(), { numRuns: 2, seed: 4 })]) {
      const pageId = await newPage('Generated');
      const written = await markdown.writeContent(notion, pageId, toBlockNodes(doc), null);
      expect((await markdown.readContent(notion, pageId)).blocks).toEqual(written);
    }
  });

  describe('a 250-block page', () => {
    let pageId: string;
    let lines: string[];
    let refs: BlockRef[];

    /** Writes `next`, checks the refs against the page and the page's text, and returns the calls made. */
    async function write(next: string[]): Promise<string[]> {
      const { result, calls } = await counted(() => markdown.writeContent(notion, pageId, nodes(next.join('\n\n')), refs));
      const read = await markdown.readContent(notion, pageId);
      expect(read.blocks).toEqual(result);
      expect(read.markdown).toBe(next.join('\n\n') + '\n');
      lines = next;
      refs = result;
      return calls;
    }

    beforeAll(async () => {
      pageId = await newPage('Long note');
      lines = paragraphs(250);
      const first = await counted(() => markdown.writeContent(notion, pageId, nodes(lines.join('\n\n')), null));
      refs = first.result;
      expect(first.calls).toEqual(['PATCH /v1/pages/{page_id}', ...Array(3).fill('PATCH /v1/blocks/{block_id}/children')]);
    });

    it('appending one paragraph costs one call, and every other block keeps its id', async () => {
      const before = ids(refs);
      expect(await write([...lines, 'One more paragraph.'])).toEqual(['PATCH /v1/blocks/{block_id}/children']);
      expect(ids(refs).slice(0, 250)).toEqual(before);
    });

    it('changing one paragraph in the middle costs one call, and keeps every id', async () => {
      const before = ids(refs);
      const next = [...lines];
      next[120] = 'A **changed** paragraph in the middle.';
      expect(await write(next)).toEqual(['PATCH /v1/blocks/{block_id}']);
      expect(ids(refs)).toEqual(before);
    });

    it('inserting in the middle costs one call, after the block before it', async () => {
      const before = ids(refs);
      const next = [...lines.slice(0, 60), 'Inserted one.', 'Inserted two.', ...lines.slice(60)];
      expect(await write(next)).toEqual(['PATCH /v1/blocks/{block_id}/children']);
      expect([...ids(refs).slice(0, 60), ...ids(refs).slice(62)]).toEqual(before);
    });

    it('removing blocks costs one call each; a changed type is an insert and a delete', async () => {
      const before = ids(refs);
      const next = [...lines];
      next.splice(200, 2);
      next[10] = '## Now a heading';
      expect((await write(next)).sort()).toEqual(['DELETE /v1/blocks/{block_id}', 'DELETE /v1/blocks/{block_id}', 'DELETE /v1/blocks/{block_id}', 'PATCH /v1/blocks/{block_id}/children']);
      expect(ids(refs).filter((id) => before.includes(id))).toHaveLength(before.length - 3);
    });

    it('with properties to send, a one-paragraph change is their pages.update and the one write', async () => {
      const next = [...lines, 'Added along with a new title.'];
      const { result, calls } = await counted(() =>
        markdown.writeContent(notion, pageId, nodes(next.join('\n\n')), refs, { page: { properties: { title: { title: text('Long note, retitled') } } } }),
      );
      expect(calls).toEqual(['PATCH /v1/pages/{page_id}', 'PATCH /v1/blocks/{block_id}/children']);
      expect(world.sandbox.control.pageContent(pageId).title).toBe('Long note, retitled');
      expect((await markdown.readContent(notion, pageId)).blocks).toEqual(result);
      lines = next;
      refs = result;
    });

    it('replacing all 250 blocks costs one erase (with the properties in it) and three appends', async () => {
      const desired = nodes(paragraphs(250, 'Rewritten').map((p, i) => (i % 2 ? p : `- ${p}`)).join('\n\n'));
      const { result, calls } = await counted(() =>
        markdown.writeContent(notion, pageId, desired, refs, { page: { properties: { title: { title: text('Long note, rewritten') } } } }),
      );
      expect(calls).toEqual(['PATCH /v1/pages/{page_id}', ...Array(3).fill('PATCH /v1/blocks/{block_id}/children')]);
      expect((await markdown.readContent(notion, pageId)).blocks).toEqual(result);
      expect(world.sandbox.control.pageContent(pageId).title).toBe('Long note, rewritten');
      refs = result;
    });
  });

  it('notices a person’s edit by its hash and puts back only that block', async () => {
    const pageId = await newPage('Edited by a person');
    const desired = nodes(paragraphs(30).join('\n\n'));
    const written = await markdown.writeContent(notion, pageId, desired, null);
    await world.sandbox.person(personId).updateBlock(written[7].id, { paragraph: { rich_text: [{ text: { content: 'Typed by a person' } }] } });
    const current = await markdown.readContent(notion, pageId);
    expect(current.blocks.filter((ref, i) => ref.hash !== written[i].hash).map((ref) => ref.id)).toEqual([written[7].id]);
    const { calls } = await counted(() => markdown.writeContent(notion, pageId, desired, current.blocks));
    expect(calls).toEqual(['PATCH /v1/blocks/{block_id}']);
    expect((await markdown.readContent(notion, pageId)).blocks).toEqual(written);
  });

  it('finishes from a fresh read when the known blocks are stale: a person deleted the block to change', async () => {
    const pageId = await newPage('Stale refs');
    const lines = paragraphs(20);
    const written = await markdown.writeContent(notion, pageId, nodes(lines.join('\n\n')), null);
    await world.sandbox.person(personId).deleteBlock(written[7].id);
    const next = [...lines.slice(0, 13), 'Inserted after paragraph 12.', ...lines.slice(13)];
    next[7] = 'Changed where the person deleted.';
    const { result, calls } = await counted(() => markdown.writeContent(notion, pageId, nodes(next.join('\n\n')), written));
    // The update meets the block in the trash and is refused; the page is read again and written from there.
    expect(world.sandbox.control.requestLog()[0]).toMatchObject({ method: 'PATCH', status: 400 });
    expect(calls.slice(1)).toEqual(['GET /v1/blocks/{block_id}/children', 'PATCH /v1/blocks/{block_id}/children', 'PATCH /v1/blocks/{block_id}/children']);
    const read = await markdown.readContent(notion, pageId);
    expect(read.blocks).toEqual(result);
    expect(read.markdown).toBe(next.join('\n\n') + '\n');
  });
});
