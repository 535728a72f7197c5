import type { UpdateBlockParameters, UpdatePageParameters } from '@notionhq/client';
import { NotionObjectNotFoundError, NotionValidationFailedError } from '../notion.errors';
import type { NotionHandle } from '../notion.handle';
import { appendBlockTree, appendCost, type AppendPosition } from './block-appender';
import { diffBlocks, type ContentDiff } from './block-diff';
import { nodeHash, refsFor, treeHash, type BlockRef } from './block-hash';
import type { BlockNode } from './block-requests';
import { childrenApi } from './children-api';
import { renderMarkdown } from './markdown-renderer';
import { blocksToModel, readBlockTree } from './notion-blocks-reader';

/** A page's content as Markdown, with the refs of its top-level blocks (what writeContent diffs against). */
export interface PageContent {
  markdown: string;
  blocks: BlockRef[];
}

export interface WriteContentOptions {
  /**
   * What else the page's pages.update should carry (properties, icon, `in_trash`, …): it travels in the
   * call that erases the content when the content is rewritten whole, or as its own first call when the
   * content is diffed. So a caller that updates properties and content never pays for both separately.
   */
  page?: Omit<UpdatePageParameters, 'page_id' | 'erase_content'>;
  /**
   * Ids of top-level blocks that stay whatever `desired` says (sub-pages, link entries): never deleted or
   * reused. When the page holds one, it is never erased (erasing would take them along).
   */
  keep?: ReadonlySet<string>;
  /**
   * `cheapest` (default): rewrite the page whole (erase, then append) when that costs fewer calls than
   * the diff. `never`: always diff. A diff inserts and updates before it deletes, so a failure midway
   * leaves old and new blocks side by side, never an empty page; an erase followed by a failed append can
   * leave the page empty (fine where the caller holds the content and retries, like the note outbox).
   */
  rewrite?: 'cheapest' | 'never';
}

/** What writeContent will do and what it costs, decided before any call. */
export type ContentPlan =
  | { kind: 'rewrite'; calls: number }
  /** `startAfter`: the kept block the content starts after (null: the start of the page). */
  | { kind: 'diff'; calls: number; diff: ContentDiff; startAfter: string | null };

/** A page's (or block's) content: the same Markdown readMarkdown gives and the same calls, plus the refs. */
export async function readContent(notion: NotionHandle, pageId: string): Promise<PageContent> {
  const trees = await readBlockTree(notion, pageId);
  return { markdown: renderMarkdown(blocksToModel(trees)), blocks: trees.map((tree) => ({ id: tree.block.id, hash: treeHash(tree) })) };
}

/**
 * Chooses between the diff and a whole rewrite: the diff's calls (plus a pages.update of its own when
 * `page` is given) against one pages.update that erases and ⌈blocks/100⌉ appends. A tie goes to the diff,
 * which keeps block ids (and the comments on them). `known: null` (the page's blocks are not known) is a
 * rewrite; writeContent reads the blocks first when a rewrite is not allowed.
 */
export function planContentWrite(known: BlockRef[] | null, desired: BlockNode[], options: WriteContentOptions = {}): ContentPlan {
  const rewriteCalls = 1 + appendCost(desired);
  // Unknown blocks may be ones to keep: only a page known to hold none may be erased.
  const pinned = known === null ? (options.keep?.size ?? 0) > 0 : known.some((ref) => options.keep?.has(ref.id));
  const canRewrite = options.rewrite !== 'never' && !pinned;
  if (known === null) {
    if (!canRewrite) throw new Error('planContentWrite: a diff needs the page’s current blocks');
    return { kind: 'rewrite', calls: rewriteCalls };
  }
  const region = contentRegion(known, options.keep ?? new Set());
  const diff = diffBlocks(region.blocks, desired, desired.map(nodeHash));
  diff.deletes.push(...region.others);
  diff.calls += region.others.length;
  const calls = diff.calls + (options.page ? 1 : 0);
  return canRewrite && rewriteCalls < calls ? { kind: 'rewrite', calls: rewriteCalls } : { kind: 'diff', calls, diff, startAfter: region.after };
}

/**
 * Where the content goes on a page that holds blocks to keep: they stay where they are and the content
 * stays in one piece, so it takes the stretch between two kept blocks that holds the most of the current
 * content (the last such stretch on a tie: after sub-pages, before link entries added at the end, as
 * before); the current blocks outside it are deleted. `after`: the kept block the stretch starts after.
 */
function contentRegion(known: BlockRef[], keep: ReadonlySet<string>): { blocks: BlockRef[]; after: string | null; others: BlockRef[] } {
  const stretches: Array<{ blocks: BlockRef[]; after: string | null }> = [{ blocks: [], after: null }];
  for (const ref of known) {
    if (keep.has(ref.id)) stretches.push({ blocks: [], after: ref.id });
    else (stretches.at(-1) as { blocks: BlockRef[] }).blocks.push(ref);
  }
  const chosen = stretches.reduce((best, s) => (s.blocks.length >= best.blocks.length ? s : best));
  return { ...chosen, others: stretches.filter((s) => s !== chosen).flatMap((s) => s.blocks) };
}

/**
 * Makes the page's top-level blocks equal to `desired` (blocks kept by `options.keep` aside), given that
 * it holds `known` now, and returns the refs of the desired blocks in order (kept ones not among them).
 * See planContentWrite for the choice; the diff goes top-down (updates, then each inserted run right after
 * the block before it, in ⌈run/100⌉ appends), and deletes last. A block that is already gone when it is
 * deleted counts as deleted. When `known` turns out stale (a block to update or to insert after is gone
 * or in the trash: someone edited the page in Notion), the page's blocks are read again and the diff is
 * made once more from there (the `page` update already went). Any other failure is thrown as it comes:
 * the page then holds old and new blocks, and reading it again and writing again converges.
 */
export async function writeContent(
  notion: NotionHandle,
  pageId: string,
  desired: BlockNode[],
  known: BlockRef[] | null,
  options: WriteContentOptions = {},
): Promise<BlockRef[]> {
  const mustDiff = options.rewrite === 'never' || (options.keep?.size ?? 0) > 0;
  const current = known === null && mustDiff ? (await readContent(notion, pageId)).blocks : known;
  const hashes = desired.map(nodeHash);
  const plan = planContentWrite(current, desired, options);
  if (plan.kind === 'rewrite') return rewrite(notion, pageId, desired, hashes, options);
  if (options.page) await notion.updatePage({ ...options.page, page_id: pageId });
  try {
    return await carryOut(notion, pageId, desired, hashes, plan);
  } catch (error) {
    if (!isGone(error)) throw error;
    const fresh = { ...options, page: undefined };
    const again = planContentWrite((await readContent(notion, pageId)).blocks, desired, fresh);
    return again.kind === 'rewrite' ? rewrite(notion, pageId, desired, hashes, fresh) : carryOut(notion, pageId, desired, hashes, again);
  }
}

async function rewrite(notion: NotionHandle, pageId: string, desired: BlockNode[], hashes: string[], options: WriteContentOptions): Promise<BlockRef[]> {
  await notion.updatePage({ ...options.page, page_id: pageId, erase_content: true });
  const ids = await appendBlockTree(childrenApi(notion), pageId, desired);
  return ids.map((id, i) => ({ id, hash: hashes[i] }));
}

async function carryOut(
  notion: NotionHandle,
  pageId: string,
  desired: BlockNode[],
  hashes: string[],
  { diff, startAfter }: Extract<ContentPlan, { kind: 'diff' }>,
): Promise<BlockRef[]> {
  const ids: Array<string | null> = diff.kept.map((ref) => ref?.id ?? null);
  const updates = new Map(diff.updates.map((u) => [u.index, u.ref]));
  const runs = new Map(diff.inserts.map((run) => [run.from, run]));
  for (let index = 0; index < desired.length; index += 1) {
    const update = updates.get(index);
    if (update) {
      await notion.updateBlock({ ...desired[index].block, block_id: update.id } as UpdateBlockParameters);
      ids[index] = update.id;
    }
    const run = runs.get(index);
    if (run) {
      const after = index === 0 ? startAfter : ids[index - 1];
      const position: AppendPosition = after === null ? { type: 'start' } : { type: 'after_block', after_block: { id: after } };
      const created = await appendBlockTree(childrenApi(notion), pageId, desired.slice(run.from, run.to), position);
      created.forEach((id, i) => (ids[run.from + i] = id));
    }
  }
  for (const ref of diff.deletes) await deleteIfThere(notion, ref.id);
  return ids.map((id, i) => ({ id: id as string, hash: hashes[i] }));
}

/** Appends at the end (or at `position`) and returns the new blocks' refs. */
export async function appendContent(notion: NotionHandle, pageId: string, desired: BlockNode[], position?: AppendPosition): Promise<BlockRef[]> {
  return refsFor(desired, await appendBlockTree(childrenApi(notion), pageId, desired, position));
}

async function deleteIfThere(notion: NotionHandle, blockId: string): Promise<void> {
  try {
    await notion.deleteBlock({ block_id: blockId });
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}

/** Notion's answer for a block that is no longer there: not found, or in the trash ("archived"). */
function isGone(error: unknown): boolean {
  return error instanceof NotionObjectNotFoundError || (error instanceof NotionValidationFailedError && error.targetInTrash);
}
