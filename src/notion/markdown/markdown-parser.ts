import MarkdownIt from 'markdown-it';
import { ContentNestingTooDeepError } from '../notion.errors';
import { toNotionLanguage } from './code-languages';
import { MdBlock, Span, TextBlockType, mergeSpans } from './markdown-model';

type Token = MarkdownIt.Token;

/** How deep lists and quotes may nest in a note's Markdown; deeper is refused (never read in part). */
export const MARKDOWN_NESTING_MAX = 100;

/**
 * markdown-it's own nesting limit: past it, it silently drops the rest of the container. A list level
 * costs it two levels (list, item), a quote one, a table at the bottom four more; the limit leaves room
 * for MARKDOWN_NESTING_MAX levels of any of them, and also bounds its recursion (the stack).
 */
const PARSER_NESTING = 2 * MARKDOWN_NESTING_MAX + 8;

/** CommonMark plus GitHub's strikethrough and tables; raw HTML stays text (Notion cannot hold it). */
const parser = new MarkdownIt('commonmark', { html: false, linkify: false, maxNesting: PARSER_NESTING }).enable(['strikethrough', 'table']);

const TASK = /^\[([ xX])\](?: |$)/;

/** Markdown → the shared document model (see markdown-model.ts); CONTENT_NESTING_TOO_DEEP past the limit. */
export function parseMarkdown(markdown: string): MdBlock[] {
  const tokens = parseTokens(markdown);
  const lines = markdown.split('\n');
  return new TokenWalker(tokens, lines).blocks(null);
}

/** Refuses Markdown the converter would not read whole (for checking input before it is stored). */
export function assertMarkdownReadable(markdown: string): void {
  parseTokens(markdown);
}

/**
 * markdown-it stops reading a container once its level reaches maxNesting, without a word; an opening
 * token on the last level before it is where that can have happened, so such a document is refused.
 */
function parseTokens(markdown: string): Token[] {
  const tokens = parser.parse(markdown, {});
  if (tokens.some((token) => token.nesting === 1 && token.level >= PARSER_NESTING - 1)) throw new ContentNestingTooDeepError(MARKDOWN_NESTING_MAX);
  return tokens;
}

class TokenWalker {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly lines: string[],
  ) {}

  /** Blocks until the closing token of type `until` (consumed), or the end. */
  blocks(until: string | null): MdBlock[] {
    const out: MdBlock[] = [];
    while (this.i < this.tokens.length) {
      const token = this.tokens[this.i];
      if (until && token.type === until) {
        this.i += 1;
        return out;
      }
      out.push(...this.block(token));
    }
    return out;
  }

  private block(token: Token): MdBlock[] {
    switch (token.type) {
      case 'heading_open': {
        const level = Math.min(3, Number(token.tag.slice(1)));
        const spans = this.inlineThenClose();
        return [{ type: `heading_${level}` as TextBlockType, spans, children: [] }];
      }
      case 'paragraph_open':
        return [{ type: 'paragraph', spans: this.inlineThenClose(), children: [] }];
      case 'bullet_list_open':
      case 'ordered_list_open':
        return this.list(token.type === 'bullet_list_open' ? 'bulleted_list_item' : 'numbered_list_item', token.type.replace('_open', '_close'));
      case 'blockquote_open': {
        this.i += 1;
        return [withLead('quote', this.blocks('blockquote_close'))];
      }
      case 'fence':
      case 'code_block': {
        this.i += 1;
        const text = token.content.endsWith('\n') ? token.content.slice(0, -1) : token.content;
        return [{ type: 'code', text, language: token.type === 'fence' ? toNotionLanguage(token.info) : 'plain text', children: [] }];
      }
      case 'hr':
        this.i += 1;
        return [{ type: 'divider', children: [] }];
      case 'table_open':
        return [this.table(token)];
      default:
        this.i += 1;
        return [];
    }
  }

  private list(itemType: 'bulleted_list_item' | 'numbered_list_item', close: string): MdBlock[] {
    this.i += 1;
    const items: MdBlock[] = [];
    while (this.i < this.tokens.length && this.tokens[this.i].type !== close) {
      if (this.tokens[this.i].type !== 'list_item_open') {
        this.i += 1;
        continue;
      }
      this.i += 1;
      items.push(asTask(withLead(itemType, this.blocks('list_item_close'))));
    }
    this.i += 1;
    return items;
  }

  /** Notion's table blocks are not part of this converter: a table is kept as its Markdown source in a code block. */
  private table(open: Token): MdBlock {
    const [start, end] = open.map ?? [0, 0];
    while (this.i < this.tokens.length && this.tokens[this.i].type !== 'table_close') this.i += 1;
    this.i += 1;
    return { type: 'code', text: this.lines.slice(start, end).join('\n'), language: 'markdown', children: [] };
  }

  /** The inline token after an opening token, then the closing one. */
  private inlineThenClose(): Span[] {
    const inline = this.tokens[this.i + 1];
    this.i += 3;
    return inline?.type === 'inline' ? inlineSpans(inline.children ?? []) : [];
  }
}

/** A container's leading paragraph becomes its own text; the rest become its children. */
function withLead(type: TextBlockType, inner: MdBlock[]): MdBlock {
  const [first, ...rest] = inner;
  if (first && first.type === 'paragraph') return { type, spans: first.spans, children: [...first.children, ...rest] };
  return { type, spans: [], children: inner };
}

/** `- [ ] x` / `- [x] x` → a to-do. */
function asTask(item: MdBlock): MdBlock {
  if (item.type !== 'bulleted_list_item' || item.spans.length === 0) return item;
  const first = item.spans[0];
  const match = first.code || first.href ? null : TASK.exec(first.text);
  if (!match) return item;
  const spans = [{ ...first, text: first.text.slice(match[0].length) }, ...item.spans.slice(1)];
  return { type: 'to_do', spans: mergeSpans(spans), checked: match[1] !== ' ', children: item.children };
}

function inlineSpans(tokens: Token[]): Span[] {
  const spans: Span[] = [];
  let bold = 0;
  let italic = 0;
  let strike = 0;
  let href: string | null = null;
  const push = (text: string, code = false) =>
    spans.push({ text, bold: bold > 0, italic: italic > 0, strikethrough: strike > 0, code, href });
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        push(token.content);
        break;
      case 'code_inline':
        push(token.content, true);
        break;
      case 'softbreak':
        push(' ');
        break;
      case 'hardbreak':
        push('\n');
        break;
      case 'strong_open':
        bold += 1;
        break;
      case 'strong_close':
        bold -= 1;
        break;
      case 'em_open':
        italic += 1;
        break;
      case 'em_close':
        italic -= 1;
        break;
      case 's_open':
        strike += 1;
        break;
      case 's_close':
        strike -= 1;
        break;
      case 'link_open':
        href = attr(token, 'href');
        break;
      case 'link_close':
        href = null;
        break;
      case 'image': {
        const saved: string | null = href;
        href = attr(token, 'src');
        push(token.content || href || '');
        href = saved;
        break;
      }
      default:
        if (token.content) push(token.content);
    }
  }
  return mergeSpans(spans);
}

function attr(token: Token, name: string): string | null {
  const value = token.attrGet(name);
  return value === null ? null : String(value);
}
