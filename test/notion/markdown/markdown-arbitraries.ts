import fc from 'fast-check';
import { NOTION_CODE_LANGUAGES } from '../../../src/notion/markdown/code-languages';
import type { MdBlock, Span, TextBlockType } from '../../../src/notion/markdown/markdown-model';

/** Characters that Markdown would read as syntax unless escaped, plus non-ASCII and astral ones. */
const CHARS = [...'abcxyzABCXYZ0189', ...'*_`[]~#<>!&|{}+-.()\\:;\'"?/=%$@^', 'é', '漢', '😀'];
const URLS = ['https://example.com/', 'https://example.com/a/b-c', 'http://localhost:3000/x?y=1', 'mailto:ada@example.com'];

const word = fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 8 });
const codeWord = fc.string({ unit: fc.constantFrom(...CHARS.filter((c) => c !== '`')), minLength: 1, maxLength: 8 });

const markedWord: fc.Arbitrary<Span> = fc.oneof(
  { weight: 3, arbitrary: word.map((text) => ({ text })) },
  {
    weight: 2,
    arbitrary: fc.record({
      text: word,
      bold: fc.boolean(),
      italic: fc.boolean(),
      strikethrough: fc.boolean(),
      href: fc.option(fc.constantFrom(...URLS), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ text: codeWord, code: fc.constant(true), bold: fc.boolean() }) },
);

/** Words with a plain space between them: the subset of inline Markdown that round-trips exactly. */
export const spans = (max = 6): fc.Arbitrary<Span[]> =>
  fc.array(markedWord, { minLength: 1, maxLength: max }).map((words) => words.flatMap((w, i) => (i === 0 ? [w] : [{ text: ' ' }, w])));

const codeText = fc
  .array(fc.string({ unit: fc.constantFrom(...CHARS, ' ', '\t'), maxLength: 20 }), { maxLength: 4 })
  .map((lines) => lines.join('\n'));

const code: fc.Arbitrary<MdBlock> = fc.record({
  type: fc.constant('code' as const),
  text: codeText,
  language: fc.constantFrom(...NOTION_CODE_LANGUAGES),
  children: fc.constant(null).map((): MdBlock[] => []),
});

const leaf = (type: TextBlockType): fc.Arbitrary<MdBlock> => spans().map((s) => ({ type, spans: s, children: [] }));

/** Documents of the supported subset, lists nested up to `depth` levels. */
export function documents(depth = 3): fc.Arbitrary<MdBlock[]> {
  const { block } = fc.letrec<{ block: MdBlock; item: MdBlock; child: MdBlock }>((tie) => ({
    item: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ type: fc.constantFrom('bulleted_list_item' as const, 'numbered_list_item' as const), spans: spans(), children: fc.array(tie('child'), { maxLength: 3 }) }),
      fc.record({ type: fc.constant('to_do' as const), spans: spans(), checked: fc.boolean(), children: fc.array(tie('child'), { maxLength: 3 }) }),
    ),
    child: fc.oneof({ maxDepth: depth, depthIdentifier: 'nesting' }, leaf('paragraph'), code, tie('item')),
    block: fc.oneof(
      leaf('paragraph'),
      leaf('heading_1'),
      leaf('heading_2'),
      leaf('heading_3'),
      tie('item'),
      code,
      fc.constant(null).map((): MdBlock => ({ type: 'divider', children: [] })),
      fc.record({ type: fc.constant('quote' as const), spans: spans(), children: fc.array(fc.oneof(leaf('paragraph'), tie('item')), { maxLength: 2 }) }),
    ),
  }));
  return fc.array(block, { minLength: 1, maxLength: 8 });
}

/** Big documents: long texts, many blocks, many spans, deep nesting — everything past Notion's limits. */
export function oversizedDocuments(): fc.Arbitrary<MdBlock[]> {
  const long = fc.integer({ min: 1, max: 4500 }).map((n) => [{ text: 'x'.repeat(n - 1) + '😀' }]);
  const manySpans = fc.integer({ min: 90, max: 230 }).map((n) => Array.from({ length: n }, (_, i) => ({ text: `w${i}`, bold: i % 2 === 0 })));
  const deep = (levels: number, width: number): MdBlock => ({
    type: 'bulleted_list_item',
    spans: [{ text: `level ${levels}` }],
    children: levels === 0 ? [] : Array.from({ length: width }, () => deep(levels - 1, width)),
  });
  const wide = fc.integer({ min: 95, max: 160 }).map((n): MdBlock => ({
    type: 'numbered_list_item',
    spans: [{ text: 'wide' }],
    children: Array.from({ length: n }, (_, i) => ({ type: 'paragraph' as const, spans: [{ text: `c${i}` }], children: [] })),
  }));
  const piece: fc.Arbitrary<MdBlock> = fc.oneof(
    long.map((s): MdBlock => ({ type: 'paragraph', spans: s, children: [] })),
    manySpans.map((s): MdBlock => ({ type: 'quote', spans: s, children: [] })),
    fc.integer({ min: 2500, max: 9000 }).map((n): MdBlock => ({ type: 'code', text: 'y'.repeat(n), language: 'typescript', children: [] })),
    fc.tuple(fc.integer({ min: 3, max: 5 }), fc.integer({ min: 1, max: 2 })).map(([levels, width]) => deep(levels, width)),
    wide,
  );
  return fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 180 }))
    .map(([pieces, filler]) => [...pieces, ...Array.from({ length: filler }, (_, i): MdBlock => ({ type: 'paragraph', spans: [{ text: `p${i}` }], children: [] }))]);
}
