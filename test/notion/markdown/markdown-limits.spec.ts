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
});
