import type { BlockObjectRequest } from '@notionhq/client';
import { MdBlock, Span, flattenBeyond } from './markdown-model';

/** Notion's request limits (API-NOTES §4). */
export const NOTION_LIMITS = {
  textContent: 2000,
  linkUrl: 2000,
  richTextItems: 100,
  childrenPerRequest: 100,
  /** Levels of children one append may carry below its top-level blocks. */
  nestingPerRequest: 2,
  blocksPerRequest: 1000,
  /** Notion allows 500 KB of UTF-8; keep a margin for the JSON around the blocks (page properties). */
  bytesPerRequest: 450_000,
  /** One block's share (UTF-8 bytes of its JSON): a longer text continues in blocks of the same type. */
  bytesPerBlock: 60_000,
} as const;

/** What a request part costs against Notion's limits: JSON is counted in UTF-8 bytes, as Notion does. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * The deepest a page's blocks nest. Notion documents no overall limit, but takes two levels per request,
 * so every two levels further cost a read and an append per branch; past this depth, blocks are
 * flattened onto the last level with all their text (see flattenBeyond and docs/notes.md).
 */
export const BLOCK_DEPTH_MAX = 20;

/** A block request without children, with the blocks that go below it. */
export interface BlockNode {
  block: BlockObjectRequest;
  children: BlockNode[];
}

type RichTextRequest = {
  type: 'text';
  text: { content: string; link?: { url: string } | null };
  annotations?: { bold?: boolean; italic?: boolean; strikethrough?: boolean; code?: boolean };
};

/**
 * The model → Notion block requests, every one within Notion's limits on text, links and rich-text arrays,
 * nested at most BLOCK_DEPTH_MAX levels.
 */
export function toBlockNodes(blocks: MdBlock[]): BlockNode[] {
  return flattenBeyond(blocks, BLOCK_DEPTH_MAX).flatMap(toNodes);
}

function toNodes(block: MdBlock): BlockNode[] {
  const children = block.children.flatMap(toNodes);
  if (block.type === 'divider') return [{ block: { type: 'divider', divider: {} }, children }];
  if (block.type === 'code') {
    const groups = groupItems(textItems({ text: block.text }));
    const language = block.language as Extract<BlockObjectRequest, { type?: 'code' }>['code']['language'];
    return (groups.length ? groups : [[]]).map((rich_text, i, all) => ({
      block: { type: 'code', code: { rich_text, language } },
      children: i === all.length - 1 ? children : [],
    }));
  }
  const items = block.spans.flatMap(textItems);
  // More rich-text items (or bytes) than one block takes: the text continues in blocks of the same type.
  const groups = items.length ? groupItems(items) : [[]];
  return groups.map((rich_text, i) => ({
    block: textBlock(block.type, rich_text, block.checked),
    children: i === groups.length - 1 ? children : [],
  }));
}

function textBlock(type: Exclude<MdBlock['type'], 'code' | 'divider'>, rich_text: RichTextRequest[], checked?: boolean): BlockObjectRequest {
  switch (type) {
    case 'to_do':
      return { type, to_do: { rich_text, checked: Boolean(checked) } };
    case 'paragraph':
      return { type, paragraph: { rich_text } };
    case 'heading_1':
      return { type, heading_1: { rich_text } };
    case 'heading_2':
      return { type, heading_2: { rich_text } };
    case 'heading_3':
      return { type, heading_3: { rich_text } };
    case 'bulleted_list_item':
      return { type, bulleted_list_item: { rich_text } };
    case 'numbered_list_item':
      return { type, numbered_list_item: { rich_text } };
    case 'quote':
      return { type, quote: { rich_text } };
  }
}

/** One span → text items of at most 2000 characters each, cut after a space where one is near, never inside a surrogate pair. */
function textItems(span: Span): RichTextRequest[] {
  const annotations: RichTextRequest['annotations'] = {};
  if (span.bold) annotations.bold = true;
  if (span.italic) annotations.italic = true;
  if (span.strikethrough) annotations.strikethrough = true;
  if (span.code) annotations.code = true;
  const url = usableUrl(span.href);
  return splitText(span.text, NOTION_LIMITS.textContent).map((content) => ({
    type: 'text',
    text: url ? { content, link: { url } } : { content },
    ...(Object.keys(annotations).length ? { annotations } : {}),
  }));
}

/** How far back from the limit a cut looks for a space, so that words are not split between two blocks. */
const WORD_CUT_WINDOW = 200;

export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = max;
    const from = Math.max(0, max - WORD_CUT_WINDOW);
    const space = rest.slice(from, max).search(/\s\S*$/u);
    if (space >= 0) cut = from + space + 1;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/** Notion takes absolute http(s) and mailto links up to 2000 characters; other links keep their text only. */
function usableUrl(href: string | null | undefined): string | null {
  if (!href || href.length > NOTION_LIMITS.linkUrl) return null;
  return /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(href) ? href : null;
}

/** Rich-text items in groups of at most 100 and NOTION_LIMITS.bytesPerBlock, in order (one group per block). */
function groupItems(items: RichTextRequest[]): RichTextRequest[][] {
  const groups: RichTextRequest[][] = [];
  let bytes = 0;
  for (const item of items) {
    const size = jsonBytes(item) + 1;
    const last = groups.at(-1);
    if (last && last.length < NOTION_LIMITS.richTextItems && bytes + size <= NOTION_LIMITS.bytesPerBlock) {
      last.push(item);
      bytes += size;
    } else {
      groups.push([item]);
      bytes = size;
    }
  }
  return groups;
}
