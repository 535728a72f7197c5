import fc from 'fast-check';

/**
 * Notes written as Markdown text, each with the words a person wrote in it, in reading order: the oracle
 * for "every word reaches Notion". Words hold no Markdown syntax (letters, digits, accented, CJK, Cyrillic,
 * Arabic and astral characters), so whatever the parser makes of the structure, the words must survive.
 */
const LETTERS = [...'abcxyzABCXYZ0189', 'é', 'ß', 'Ω', 'ñ', 'д', 'ب', '漢', '字', '😀', '🦄'];

export interface MarkdownNote {
  markdown: string;
  words: string[];
}

type Node =
  | { kind: 'para'; lines: string[][] }
  | { kind: 'heading'; level: number; words: string[] }
  | { kind: 'code'; lines: string[][] }
  | { kind: 'list'; ordered: boolean; items: Item[] }
  | { kind: 'quote'; children: Node[] };

interface Item {
  words: string[];
  task: boolean;
  children: Node[];
}

export function wordsOf(text: string): string[] {
  return text.split(/\s+/u).filter((w) => w.length > 0);
}

const word = fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 7 });
const words = (max = 6) => fc.array(word, { minLength: 1, maxLength: max });

function render(node: Node): string[] {
  switch (node.kind) {
    case 'para':
      return node.lines.map((line) => line.join(' '));
    case 'heading':
      return [`${'#'.repeat(node.level)} ${node.words.join(' ')}`];
    case 'code':
      return ['```', ...node.lines.map((line) => line.join(' ')), '```'];
    case 'list':
      return node.items.flatMap((item, i) => {
        const marker = node.ordered ? `${i + 1}. ` : '- ';
        const first = `${marker}${item.task && !node.ordered ? '[ ] ' : ''}${item.words.join(' ')}`;
        const rest = joinBlocks(item.children).map((line) => (line ? ' '.repeat(marker.length) + line : ''));
        return [first, ...rest];
      });
    case 'quote':
      return joinBlocks(node.children).map((line) => (line ? `> ${line}` : '>'));
  }
}

function joinBlocks(nodes: Node[]): string[] {
  return nodes.flatMap((node, i) => (i === 0 ? render(node) : ['', ...render(node)]));
}

function nodeWords(node: Node): string[] {
  switch (node.kind) {
    case 'para':
    case 'code':
      return node.lines.flat();
    case 'heading':
      return node.words;
    case 'list':
      return node.items.flatMap((item) => [...item.words, ...item.children.flatMap(nodeWords)]);
    case 'quote':
      return node.children.flatMap(nodeWords);
  }
}

function note(nodes: Node[]): MarkdownNote {
  return { markdown: joinBlocks(nodes).join('\n'), words: nodes.flatMap(nodeWords) };
}

/** Generated notes: paragraphs, headings (levels 1–6), code, bulleted, numbered and task lists, quotes, nested. */
export function generatedNotes(maxDepth = 6): fc.Arbitrary<MarkdownNote> {
  const { node } = fc.letrec<{ node: Node; item: Item }>((tie) => ({
    item: fc.record({ words: words(), task: fc.boolean(), children: fc.array(tie('node'), { maxLength: 2 }) }),
    node: fc.oneof(
      { maxDepth, depthIdentifier: 'nesting', withCrossShrink: true },
      fc.record({ kind: fc.constant('para' as const), lines: fc.array(words(), { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('heading' as const), level: fc.integer({ min: 1, max: 6 }), words: words() }),
      fc.record({ kind: fc.constant('code' as const), lines: fc.array(fc.array(word, { maxLength: 5 }), { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('list' as const), ordered: fc.boolean(), items: fc.array(tie('item'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('quote' as const), children: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    ),
  }));
  return fc.array(node, { minLength: 1, maxLength: 6 }).map(note);
}

/** A note whose middle is `levels` lists, quotes or both nested in one another, with words before, inside and after. */
export function nestedNote(levels: number, kind: 'list' | 'quote' | 'mixed'): MarkdownNote {
  let inner: Node | null = null;
  for (let level = levels; level >= 1; level -= 1) {
    const own = [`level${level}`, '漢字', 'é😀'];
    const asList = kind === 'list' || (kind === 'mixed' && level % 2 === 1);
    const children: Node[] = inner ? [inner] : [];
    inner = asList
      ? { kind: 'list', ordered: level % 3 === 0, items: [{ words: own, task: false, children }] }
      : { kind: 'quote', children: [{ kind: 'para', lines: [own] }, ...children] };
  }
  return note([{ kind: 'para', lines: [['before', 'the', 'nesting']] }, inner as Node, { kind: 'para', lines: [['after', 'it', 'Ω']] }]);
}
