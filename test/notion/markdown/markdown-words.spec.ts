import fc from 'fast-check';
import { BLOCK_DEPTH_MAX, toBlockNodes, type BlockNode } from '../../../src/notion/markdown/block-requests';
import { MARKDOWN_NESTING_MAX, parseMarkdown } from '../../../src/notion/markdown/markdown-parser';
import { ContentNestingTooDeepError } from '../../../src/notion/notion.errors';
import { generatedNotes, nestedNote, wordsOf } from './markdown-notes';

/** The words of the block requests, in reading order: what the Notion page will say. */
function blockWords(nodes: BlockNode[]): string[] {
  return nodes.flatMap((node) => {
    const type = node.block.type as string;
    const payload = (node.block as unknown as Record<string, { rich_text?: Array<{ text: { content: string } }> }>)[type];
    const text = (payload.rich_text ?? []).map((item) => item.text.content).join('');
    return [...wordsOf(text), ...blockWords(node.children)];
  });
}

function depthOf(nodes: BlockNode[]): number {
  return nodes.reduce((max, node) => Math.max(max, 1 + depthOf(node.children)), 0);
}

const toBlocks = (markdown: string) => toBlockNodes(parseMarkdown(markdown));

describe('Every word of a note reaches its Notion blocks', () => {
  it('keeps the words of generated Markdown (lists, quotes, headings, code, nesting, unicode) in order', () => {
    fc.assert(
      fc.property(generatedNotes(), ({ markdown, words }) => {
        const nodes = toBlocks(markdown);
        expect(blockWords(nodes)).toEqual(words);
        expect(depthOf(nodes)).toBeLessThanOrEqual(BLOCK_DEPTH_MAX);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every word of lists and quotes nested up to the limit, flattened past Notion’s depth; deeper is refused, never read in part', () => {
    const kinds = fc.constantFrom('list', 'quote', 'mixed') as fc.Arbitrary<'list' | 'quote' | 'mixed'>;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 * MARKDOWN_NESTING_MAX + 20 }), kinds, (levels, kind) => {
        const { markdown, words } = nestedNote(levels, kind);
        let nodes: BlockNode[];
        try {
          nodes = toBlocks(markdown);
        } catch (error) {
          expect(error).toBeInstanceOf(ContentNestingTooDeepError);
          expect(levels).toBeGreaterThan(MARKDOWN_NESTING_MAX);
          return;
        }
        expect(blockWords(nodes)).toEqual(words);
        expect(depthOf(nodes)).toBe(Math.min(levels, BLOCK_DEPTH_MAX));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps 50 nested list levels and 50 nested quotes whole (markdown-it alone kept 9 and 19)', () => {
    for (const kind of ['list', 'quote'] as const) {
      const { markdown, words } = nestedNote(50, kind);
      expect(blockWords(toBlocks(markdown))).toEqual(words);
    }
  });

  it('refuses nesting past the limit instead of reading part of it', () => {
    for (const kind of ['list', 'quote', 'mixed'] as const) {
      const { markdown } = nestedNote(2 * MARKDOWN_NESTING_MAX + 10, kind);
      expect(() => parseMarkdown(markdown)).toThrow(ContentNestingTooDeepError);
    }
    expect(() => parseMarkdown('>'.repeat(5000) + ' deep')).toThrow(`more than ${MARKDOWN_NESTING_MAX} levels`);
  });
});
