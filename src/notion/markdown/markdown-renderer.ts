import { toFenceInfo } from './code-languages';
import { MdBlock, Span, mergeSpans } from './markdown-model';

/** The document model → Markdown that parseMarkdown reads back to the same model. */
export function renderMarkdown(blocks: MdBlock[]): string {
  return renderBlocks(blocks).join('\n\n') + (blocks.length ? '\n' : '');
}

function renderBlocks(blocks: MdBlock[]): string[] {
  const out: string[] = [];
  let number = 0;
  for (const block of blocks) {
    number = block.type === 'numbered_list_item' ? number + 1 : 0;
    out.push(renderBlock(block, number));
  }
  return joinLists(blocks, out);
}

/** Consecutive items of one list are written as one tight list (one newline apart, not two). */
function joinLists(blocks: MdBlock[], rendered: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rendered.length; i += 1) {
    const sameList = i > 0 && listKind(blocks[i]) !== null && listKind(blocks[i]) === listKind(blocks[i - 1]);
    if (sameList) out[out.length - 1] += `\n${rendered[i]}`;
    else out.push(rendered[i]);
  }
  return out;
}

function listKind(block: MdBlock): string | null {
  if (block.type === 'numbered_list_item') return 'ol';
  if (block.type === 'bulleted_list_item' || block.type === 'to_do') return 'ul';
  return null;
}

function renderBlock(block: MdBlock, number: number): string {
  switch (block.type) {
    case 'divider':
      return withChildren('---', block.children, '');
    case 'code':
      return withChildren(fence(block.text, block.language), block.children, '');
    case 'heading_1':
    case 'heading_2':
    case 'heading_3':
      // A heading is one line: line breaks inside it become spaces.
      return withChildren(`${'#'.repeat(Number(block.type.slice(-1)))} ${renderSpans(block.spans.map((s) => ({ ...s, text: s.text.replace(/\n/g, ' ') })))}`, block.children, '');
    case 'paragraph':
      return withChildren(renderSpans(block.spans), block.children, '');
    case 'quote': {
      const body = [renderSpans(block.spans), ...renderBlocks(block.children)].filter(Boolean).join('\n\n');
      return body.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n');
    }
    case 'bulleted_list_item':
    case 'numbered_list_item':
    case 'to_do': {
      const marker = block.type === 'numbered_list_item' ? `${number}. ` : '- ';
      const task = block.type === 'to_do' ? `[${block.checked ? 'x' : ' '}] ` : '';
      return listItem(marker, task + renderSpans(block.spans), block.children);
    }
  }
}

function listItem(marker: string, text: string, children: MdBlock[]): string {
  const pad = ' '.repeat(marker.length);
  const head = `${marker}${text.split('\n').join(`\n${pad}`)}`;
  if (children.length === 0) return head;
  const body = renderBlocks(children).join('\n\n').split('\n').map((line) => (line ? pad + line : line)).join('\n');
  // A blank line before block children that are not lists keeps them out of the item's first paragraph.
  const separator = children.every((c) => listKind(c) !== null) ? '\n' : '\n\n';
  return head + separator + body;
}

/** Markdown has no children for these blocks: the children follow, indented as far as Markdown allows (not at all). */
function withChildren(head: string, children: MdBlock[], _indent: string): string {
  return [head, ...renderBlocks(children)].join('\n\n');
}

function fence(text: string, language: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${toFenceInfo(language)}\n${text}${text ? '\n' : ''}${ticks}`;
}

/** Rich text → inline Markdown; text is escaped so that it reads back as the same text. */
export function renderSpans(spans: Span[]): string {
  return mergeSpans(spans)
    .map((span) => {
      if (span.code) return wrap(codeSpan(span.text), span);
      // Emphasis cannot open or close next to whitespace, so the span's outer whitespace stays outside the markers.
      const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(span.text) as RegExpExecArray;
      if (!core) return escapeText(span.text);
      return escapeText(lead) + wrap(escapeText(core), span) + escapeText(trail);
    })
    .join('')
    // Markdown drops a line's outer spaces; as character references they stay.
    .split('\\\n')
    .map((line) => line.replace(/^ /, '&#32;').replace(/ $/, '&#32;'))
    .join('\\\n');
}

function wrap(inner: string, span: Span): string {
  let out = inner;
  if (span.italic) out = `*${out}*`;
  if (span.bold) out = `**${out}**`;
  if (span.strikethrough) out = `~~${out}~~`;
  if (span.href) out = `[${out}](<${span.href.replace(/[<>\\]/g, (c) => `\\${c}`)}>)`;
  return out;
}

function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim()) ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/**
 * Text escaped so that it reads back as the same text, and no more: the characters that open inline syntax
 * anywhere (code, emphasis, links, autolinks and HTML, strikethrough, tables, character references), and the
 * ones that open a block only at the start of a line (headings, quotes, lists, thematic breaks, setext
 * underlines). A hyphen inside a word stays a hyphen, so that people read and search the text they wrote.
 */
function escapeText(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/[\\`*_[\]<~|]/g, (c) => `\\${c}`)
        .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
        // A closing sequence of a heading: #s at the end of the line.
        .replace(/(^|\s)(#+)(?=\s*$)/, (_, space: string, hashes: string) => `${space}${hashes.replace(/#/g, '\\#')}`)
        .replace(/^([ \t]*)([#>+=-])/, '$1\\$2')
        .replace(/^([ \t]*)(\d+)([.)])/, '$1$2\\$3'),
    )
    .join('\\\n');
}
