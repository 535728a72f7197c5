import fc from 'fast-check';
import { toNotionLanguage } from '../../../src/notion/markdown/code-languages';
import { normalize, type MdBlock } from '../../../src/notion/markdown/markdown-model';
import { parseMarkdown } from '../../../src/notion/markdown/markdown-parser';
import { renderMarkdown } from '../../../src/notion/markdown/markdown-renderer';
import { documents } from './markdown-arbitraries';

describe('Markdown ⇄ document model', () => {
  it('round-trips every document of the supported subset: model → Markdown → model', () => {
    fc.assert(
      fc.property(documents(), (doc) => {
        const markdown = renderMarkdown(doc);
        expect(normalize(parseMarkdown(markdown))).toEqual(normalize(doc));
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips Markdown of the subset: Markdown → model → Markdown is stable', () => {
    fc.assert(
      fc.property(documents(), (doc) => {
        const once = renderMarkdown(parseMarkdown(renderMarkdown(doc)));
        expect(renderMarkdown(parseMarkdown(once))).toBe(once);
      }),
      { numRuns: 200 },
    );
  });

  it('reads the Markdown an LLM writes into the blocks Notion shows', () => {
    const doc = parseMarkdown(
      [
        '# Weekly sync',
        '',
        'Talked about **launch** dates, *risks* and `api.ts`; see [the plan](https://example.com/plan). ~~Old idea~~.',
        '',
        '## Action items',
        '',
        '- [ ] Ada: draft the brief',
        '- [x] Bob: book the room',
        '- Follow-ups',
        '  1. first',
        '  2. second',
        '     - deeper',
        '',
        '> Ship small, ship often.',
        '',
        '```ts',
        'const x = 1;',
        '```',
        '',
        '---',
        '',
        '| a | b |',
        '|---|---|',
        '| 1 | 2 |',
        '',
        '#### Small heading',
      ].join('\n'),
    );
    expect(doc.map((b) => b.type)).toEqual([
      'heading_1',
      'paragraph',
      'heading_2',
      'to_do',
      'to_do',
      'bulleted_list_item',
      'quote',
      'code',
      'divider',
      'code',
      'heading_3',
    ]);
    const paragraph = doc[1] as Extract<MdBlock, { spans: unknown }>;
    expect(paragraph.spans).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ text: 'launch', bold: true }),
        expect.objectContaining({ text: 'risks', italic: true }),
        expect.objectContaining({ text: 'api.ts', code: true }),
        expect.objectContaining({ text: 'the plan', href: 'https://example.com/plan' }),
        expect.objectContaining({ text: 'Old idea', strikethrough: true }),
      ]),
    );
    expect(doc[3]).toMatchObject({ type: 'to_do', checked: false, spans: [{ text: 'Ada: draft the brief' }] });
    expect(doc[4]).toMatchObject({ type: 'to_do', checked: true });
    const followUps = doc[5];
    expect(followUps.children.map((c) => c.type)).toEqual(['numbered_list_item', 'numbered_list_item']);
    expect(followUps.children[1].children[0]).toMatchObject({ type: 'bulleted_list_item', spans: [{ text: 'deeper' }] });
    expect(doc[7]).toMatchObject({ type: 'code', language: 'typescript', text: 'const x = 1;' });
    expect(doc[9]).toMatchObject({ type: 'code', language: 'markdown', text: '| a | b |\n|---|---|\n| 1 | 2 |' });
  });

  it('maps code languages to Notion’s list, unknown ones to plain text', () => {
    expect(toNotionLanguage('ts')).toBe('typescript');
    expect(toNotionLanguage('Python')).toBe('python');
    expect(toNotionLanguage('c++')).toBe('c++');
    expect(toNotionLanguage('ascii-art')).toBe('ascii art');
    expect(toNotionLanguage('brainfuck')).toBe('plain text');
    expect(toNotionLanguage('')).toBe('plain text');
    expect(toNotionLanguage(undefined)).toBe('plain text');
  });

  it('keeps raw HTML as text', () => {
    expect(normalize(parseMarkdown('<b>hi</b> & <script>x</script>'))).toEqual([
      { type: 'paragraph', spans: [{ text: '<b>hi</b> & <script>x</script>' }], children: [] },
    ]);
  });
});
