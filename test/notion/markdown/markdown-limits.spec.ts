import fc from 'fast-check';
import type { BlockObjectRequest } from '@notionhq/client';
import { appendBlockTree } from '../../../src/notion/markdown/block-appender';
import { NOTION_LIMITS, toBlockNodes } from '../../../src/notion/markdown/block-requests';
import { documents, oversizedDocuments } from './markdown-arbitraries';
import { appendChildrenRequestValidator } from './notion-request-schema';
import { RecordingChildrenApi, shapeOf } from './recording-children-api';

const validate = appendChildrenRequestValidator();

/** Limits the OpenAPI schema cannot express: blocks and bytes per payload. */
function countBlocks(blocks: BlockObjectRequest[]): number {
  return blocks.reduce((sum, block) => {
    const payload = (block as unknown as Record<string, { children?: BlockObjectRequest[] }>)[block.type as string];
    return sum + 1 + countBlocks(payload?.children ?? []);
  }, 0);
}

async function checkRequests(doc: Parameters<typeof toBlockNodes>[0]): Promise<RecordingChildrenApi> {
  const nodes = toBlockNodes(doc);
  const api = new RecordingChildrenApi();
  await appendBlockTree(api, 'page', nodes);
  for (const append of api.appends) {
    const body = { children: append.children };
    if (!validate(body)) throw new Error(`request refused by Notion's schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    expect(countBlocks(append.children)).toBeLessThanOrEqual(NOTION_LIMITS.blocksPerRequest);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(500 * 1024);
  }
  // Nothing lost, nothing reordered: the appends rebuild exactly the intended tree.
  expect(api.built('page')).toEqual(shapeOf(nodes));
  return api;
}

describe('Markdown → Notion requests within Notion’s limits', () => {
  it('builds only requests that Notion’s schema accepts, for ordinary documents', async () => {
    await fc.assert(fc.asyncProperty(documents(4), async (doc) => void (await checkRequests(doc))), { numRuns: 150 });
  });

  it('splits long texts, long rich-text arrays, long child lists and deep nesting into valid, ordered requests', async () => {
    await fc.assert(
      fc.asyncProperty(oversizedDocuments(), async (doc) => {
        const api = await checkRequests(doc);
        expect(api.appends.length).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });

  it('sends 250 blocks in three ordered batches of at most 100', async () => {
    const doc = Array.from({ length: 250 }, (_, i) => ({ type: 'paragraph' as const, spans: [{ text: `p${i}` }], children: [] }));
    const api = await checkRequests(doc);
    expect(api.appends.map((a) => a.children.length)).toEqual([100, 100, 50]);
  });

  it('completes nesting deeper than two levels with follow-up appends to the created blocks', async () => {
    const deep = (level: number): Parameters<typeof toBlockNodes>[0][number] => ({
      type: 'bulleted_list_item',
      spans: [{ text: `level ${level}` }],
      children: level === 5 ? [] : [deep(level + 1)],
    });
    const api = await checkRequests([deep(0)]);
    expect(api.appends).toHaveLength(2);
    expect(api.appends[1].parentId).not.toBe('page');
  });

  it('splits a 4500-character text into items of at most 2000 characters without breaking a surrogate pair', () => {
    const text = `${'a'.repeat(1999)}😀${'b'.repeat(2500)}`;
    const [node] = toBlockNodes([{ type: 'paragraph', spans: [{ text }], children: [] }]);
    const items = (node.block as { paragraph: { rich_text: Array<{ text: { content: string } }> } }).paragraph.rich_text;
    expect(items.map((i) => i.text.content.length)).toEqual([1999, 2000, 502]);
    expect(items.map((i) => i.text.content).join('')).toBe(text);
  });

  it('drops links Notion would refuse (relative, too long) but keeps their text', () => {
    const [node] = toBlockNodes([
      { type: 'paragraph', spans: [{ text: 'rel', href: '/docs' }, { text: 'long', href: `https://x.test/${'y'.repeat(2000)}` }], children: [] },
    ]);
    const items = (node.block as { paragraph: { rich_text: Array<{ text: { content: string; link?: unknown } }> } }).paragraph.rich_text;
    expect(items.map((i) => i.text)).toEqual([{ content: 'rel' }, { content: 'long' }]);
  });

  it('sizes requests in UTF-8 bytes: 150 paragraphs of 1900 CJK characters never make a request over 500 KB', async () => {
    const doc = Array.from({ length: 150 }, (_, i) => ({ type: 'paragraph' as const, spans: [{ text: `${i} ${'漢字'.repeat(950)}` }], children: [] }));
    const api = await checkRequests(doc);
    // 100 of them are 570 KB of UTF-8 (but only 190 000 UTF-16 code units).
    expect(api.appends[0].children.length).toBeLessThan(100);
  });

  it('splits one block whose text alone is over 500 KB (200 000 CJK characters) into blocks of the same type', async () => {
    const text = '語'.repeat(200_000);
    const nodes = toBlockNodes([{ type: 'quote', spans: [{ text }], children: [] }]);
    expect(nodes.length).toBeGreaterThan(1);
    expect(nodes.every((n) => n.block.type === 'quote')).toBe(true);
    for (const node of nodes) expect(Buffer.byteLength(JSON.stringify(node.block))).toBeLessThanOrEqual(NOTION_LIMITS.bytesPerBlock);
    const joined = nodes.map((n) => (n.block as { quote: { rich_text: Array<{ text: { content: string } }> } }).quote.rich_text.map((t) => t.text.content).join('')).join('');
    expect(joined).toBe(text);
    await checkRequests([{ type: 'quote', spans: [{ text }], children: [] }]);
  });

  it('keeps a block with 100 children of 100 children each within 1000 blocks a request', async () => {
    const item = (i: number, children: Parameters<typeof toBlockNodes>[0]) => ({ type: 'bulleted_list_item' as const, spans: [{ text: `i${i}` }], children });
    const doc = [item(0, Array.from({ length: 100 }, (_, i) => item(i, Array.from({ length: 100 }, (_, j) => item(j, [])))))];
    const api = await checkRequests(doc);
    expect(api.appends.length).toBeGreaterThan(1);
  });

  it('cuts long texts after a space, so words are not split between blocks', () => {
    const words = Array.from({ length: 40_000 }, (_, i) => `w${i}`).join(' ');
    const nodes = toBlockNodes([{ type: 'paragraph', spans: [{ text: words }], children: [] }]);
    const items = nodes.flatMap((n) => (n.block as { paragraph: { rich_text: Array<{ text: { content: string } }> } }).paragraph.rich_text);
    expect(items.length).toBeGreaterThan(100);
    for (const item of items.slice(0, -1)) expect(item.text.content).toMatch(/\s$/);
    expect(items.map((i) => i.text.content).join('')).toBe(words);
  });
});
