/**
 * The document model both directions share: what Markdown can say that Notion blocks can hold.
 * Markdown → model → Notion block requests, and Notion blocks → model → Markdown.
 */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strikethrough?: boolean;
  code?: boolean;
  href?: string | null;
}

export type TextBlockType =
  | 'paragraph'
  | 'heading_1'
  | 'heading_2'
  | 'heading_3'
  | 'bulleted_list_item'
  | 'numbered_list_item'
  | 'to_do'
  | 'quote';

export type MdBlock =
  | { type: TextBlockType; spans: Span[]; checked?: boolean; children: MdBlock[] }
  | { type: 'code'; text: string; language: string; children: MdBlock[] }
  | { type: 'divider'; children: MdBlock[] };

const MARKS = ['bold', 'italic', 'strikethrough', 'code'] as const;

export function sameMarks(a: Span, b: Span): boolean {
  return MARKS.every((m) => Boolean(a[m]) === Boolean(b[m])) && (a.href ?? null) === (b.href ?? null);
}

/** Adjacent spans with the same marks become one; empty spans go. */
export function mergeSpans(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const span of spans) {
    if (span.text === '') continue;
    const last = out.at(-1);
    if (last && sameMarks(last, span)) last.text += span.text;
    else out.push({ ...span });
  }
  return out;
}

/** The model in a canonical form (merged spans, only true marks present), for comparisons. */
export function normalize(blocks: MdBlock[]): MdBlock[] {
  return blocks.map((block) => {
    const children = normalize(block.children);
    if (block.type === 'code' || block.type === 'divider') return { ...block, children };
    const spans = mergeSpans(block.spans).map((s) => {
      const clean: Span = { text: s.text };
      for (const m of MARKS) if (s[m]) clean[m] = true;
      if (s.href) clean.href = s.href;
      return clean;
    });
    return block.type === 'to_do' ? { type: block.type, spans, checked: Boolean(block.checked), children } : { type: block.type, spans, children };
  });
}

/**
 * Blocks nested deeper than `maxDepth` levels move up to the deepest level allowed: the descendants of a
 * block on the last level follow it as its siblings, in reading order, each with its own text. Nothing
 * is dropped; only the indentation past the limit is lost.
 */
export function flattenBeyond(blocks: MdBlock[], maxDepth: number, depth = 1): MdBlock[] {
  if (depth >= maxDepth) return blocks.flatMap((block) => [{ ...block, children: [] }, ...flattenBeyond(block.children, maxDepth, depth)]);
  return blocks.map((block) => ({ ...block, children: flattenBeyond(block.children, maxDepth, depth + 1) }));
}
