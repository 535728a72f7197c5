import { createHash } from 'node:crypto';
import type { RichTextItemResponse } from '@notionhq/client';
import type { BlockNode } from './block-requests';
import type { BlockTree } from './notion-blocks-reader';

/**
 * A top-level block of a page as the product last saw it: its id, and a hash of the block with its whole
 * subtree in a canonical form that is the same for a block the product wrote (a BlockNode) and that block
 * read back from Notion (a BlockTree). Two refs with the same hash hold the same content, so a diff can
 * keep the block where it is.
 *
 * The hash reads `<type>:<leaf|tree>:<digest>`: the content writer needs a known block's type and whether
 * it has children (Notion updates a block's own content only, of the same type), and the refs it is
 * given carry nothing else.
 */
export interface BlockRef {
  id: string;
  hash: string;
}

/** The Notion block type a ref's hash was taken of. */
export function refType(ref: BlockRef): string {
  return ref.hash.slice(0, ref.hash.indexOf(':'));
}

/** Whether the block had no children when its hash was taken. */
export function refIsLeaf(ref: BlockRef): boolean {
  return ref.hash.split(':')[1] === 'leaf';
}

/**
 * The canonical form: why not the Markdown model (MdBlock)? A ref stands for one Notion block, and the
 * model is coarser: a long paragraph is one MdBlock but several blocks, and a callout or toggle reads as a
 * quote or list item. So the form stays at Notion's level: type, text spans with adjacent equal marks
 * merged (Notion may cut and join rich-text items differently than they were sent), the few attributes
 * that matter (checked, language, a colour other than default), and the children.
 */
interface Canon {
  t: string;
  x?: CanonSpan[];
  k?: boolean;
  l?: string;
  c?: string;
  cap?: CanonSpan[];
  /** Anything the product never writes (sub-pages, images, …): its id, so it never equals new content. */
  o?: string;
  ch: Canon[];
}

interface CanonSpan {
  s: string;
  m: string;
  h: string | null;
}

/** Block types whose content the canonical form reads; any other is opaque (equal only to itself). */
const TEXT_TYPES = new Set([
  'paragraph',
  'heading_1',
  'heading_2',
  'heading_3',
  'bulleted_list_item',
  'numbered_list_item',
  'to_do',
  'quote',
  'toggle',
  'code',
  'divider',
]);

type Payload = {
  rich_text?: unknown[];
  checked?: boolean;
  language?: string;
  color?: string;
  caption?: unknown[];
  children?: unknown;
};

/** A block request (what toBlocks makes) with its children, as its ref's hash. */
export function nodeHash(node: BlockNode): string {
  return hashOf(nodeCanon(node));
}

/** A block read from Notion with its subtree (readBlockTree), as its ref's hash. */
export function treeHash(tree: BlockTree): string {
  return hashOf(treeCanon(tree));
}

/**
 * The refs of blocks just created from `nodes`, given their ids in order (an append's answer, or the
 * children listed after a `pages.create` that carried them): what a caller keeps for its next writeContent.
 */
export function refsFor(nodes: BlockNode[], ids: string[]): BlockRef[] {
  return ids.map((id, i) => ({ id, hash: nodeHash(nodes[i]) }));
}

function hashOf(canon: Canon): string {
  const digest = createHash('sha256').update(JSON.stringify(canon)).digest('base64url');
  return `${canon.t}:${canon.ch.length === 0 ? 'leaf' : 'tree'}:${digest}`;
}

function nodeCanon(node: BlockNode): Canon {
  const type = (node.block as { type?: string }).type ?? Object.keys(node.block).find((key) => key !== 'object') ?? 'unknown';
  const payload = ((node.block as unknown as Record<string, Payload>)[type] ?? {}) as Payload;
  return canon(type, payload, (items) => spans(items.map(requestSpan)), node.children.map(nodeCanon), null);
}

function treeCanon({ block, children }: BlockTree): Canon {
  const payload = (block as unknown as Record<string, Payload>)[block.type] ?? {};
  const opaque = TEXT_TYPES.has(block.type) ? null : block.id;
  return canon(block.type, payload, (items) => spans((items as RichTextItemResponse[]).map(responseSpan)), opaque ? [] : children.map(treeCanon), opaque);
}

function canon(type: string, payload: Payload, text: (items: unknown[]) => CanonSpan[], children: Canon[], opaque: string | null): Canon {
  if (opaque !== null) return { t: type, o: opaque, ch: [] };
  const out: Canon = { t: type, ch: children };
  if (Array.isArray(payload.rich_text)) out.x = text(payload.rich_text);
  if (type === 'to_do') out.k = Boolean(payload.checked);
  if (type === 'code') out.l = payload.language ?? 'plain text';
  if (payload.color && payload.color !== 'default') out.c = payload.color;
  if (Array.isArray(payload.caption) && payload.caption.length > 0) out.cap = text(payload.caption);
  return out;
}

const MARKS = ['bold', 'italic', 'strikethrough', 'underline', 'code'] as const;

type Annotations = Partial<Record<(typeof MARKS)[number], boolean>> & { color?: string };

/** The marks of a span as one string ('b' bold, 'i' italic, …, then a colour other than default). */
function marks(annotations: Annotations | undefined): string {
  const flags = MARKS.filter((m) => annotations?.[m]).map((m) => m.slice(0, 2)).join(',');
  const color = annotations?.color && annotations.color !== 'default' ? `/${annotations.color}` : '';
  return flags + color;
}

function requestSpan(item: unknown): CanonSpan {
  const rich = item as { type?: string; text?: { content: string; link?: { url: string } | null }; annotations?: Annotations };
  if (rich.text && (rich.type === undefined || rich.type === 'text')) {
    return { s: rich.text.content, m: marks(rich.annotations), h: rich.text.link?.url ?? null };
  }
  return { s: '', m: `other:${JSON.stringify(item)}`, h: null };
}

function responseSpan(item: RichTextItemResponse): CanonSpan {
  if (item.type === 'text') return { s: item.plain_text, m: marks(item.annotations), h: item.href ?? null };
  // Mentions and equations are never written from Markdown: what they point at stands for them.
  const inner = (item as unknown as Record<string, unknown>)[item.type];
  return { s: item.plain_text, m: `${item.type}:${JSON.stringify(inner)}`, h: item.href ?? null };
}

/** Adjacent spans with equal marks and link become one; empty text spans go. */
function spans(items: CanonSpan[]): CanonSpan[] {
  const out: CanonSpan[] = [];
  for (const span of items) {
    if (span.s === '' && !span.m.includes(':')) continue;
    const last = out.at(-1);
    if (last && last.m === span.m && last.h === span.h && !span.m.includes(':')) last.s += span.s;
    else out.push({ ...span });
  }
  return out;
}

