import type { BlockObjectRequest } from '@notionhq/client';
import { BlockNode, NOTION_LIMITS, jsonBytes } from './block-requests';

/** Where an append puts its blocks among the parent's children: Notion's `position` (absent: at the end). */
export type AppendPosition = { type: 'start' } | { type: 'after_block'; after_block: { id: string } };

/** The two Notion operations that appending a tree needs (a NotionHandle provides them; tests may record them). */
export interface BlockChildrenApi {
  /** PATCH /v1/blocks/{parentId}/children; the ids of the created top-level blocks, in order. */
  append(parentId: string, children: BlockObjectRequest[], position?: AppendPosition): Promise<string[]>;
  /** The ids of a block's children, in order, all pages of them. */
  listChildIds(parentId: string): Promise<string[]>;
}

/**
 * Appends a tree of blocks under `parentId` in as few requests as Notion's limits allow: at most 100
 * children per array, two levels of nesting, 1000 blocks and ~450 KB (UTF-8) per request, sent in order. What
 * does not fit (deeper levels, long child lists) follows in appends to the blocks once they exist.
 * With a `position`, the first request goes there and each further one after the last block of the one
 * before, so the run stays together. Returns the ids of the new top-level blocks, in order.
 */
export async function appendBlockTree(api: BlockChildrenApi, parentId: string, nodes: BlockNode[], position?: AppendPosition): Promise<string[]> {
  const created: string[] = [];
  let next = 0;
  let at = position;
  while (next < nodes.length) {
    const end = batchEnd(nodes, next);
    const batch = nodes.slice(next, end);
    next = end;
    const ids = await api.append(parentId, batch.map((node) => inline(node, 0)), at);
    created.push(...ids);
    if (at) at = { type: 'after_block', after_block: { id: ids[ids.length - 1] } };
    for (let i = 0; i < batch.length; i += 1) await complete(api, ids[i], batch[i], 0);
  }
  return created;
}

/**
 * How many Notion requests appendBlockTree makes for `nodes` (appends and the child listings of
 * follow-ups), without making them: what the content writer weighs a diff against a rewrite with.
 */
export function appendCost(nodes: BlockNode[]): number {
  let requests = 0;
  for (let next = 0; next < nodes.length; ) {
    const end = batchEnd(nodes, next);
    requests += 1;
    for (let i = next; i < end; i += 1) requests += followUpCost(nodes[i], 0);
    next = end;
  }
  return requests;
}

/** The requests complete() makes for a node created at `depth` of a request (mirrors complete()). */
function followUpCost(node: BlockNode, depth: number): number {
  if (!needsFollowUp(node, depth)) return 0;
  const count = inlinedCount(node, depth);
  const inlined = node.children.slice(0, count);
  let requests = 0;
  if (inlined.some((child) => needsFollowUp(child, depth + 1))) {
    requests += listCost(inlined.length);
    for (const child of inlined) requests += followUpCost(child, depth + 1);
  }
  return requests + appendCost(node.children.slice(count));
}

/** listChildIds pages 100 at a time (and asks once for an empty list). */
function listCost(children: number): number {
  return Math.max(1, Math.ceil(children / NOTION_LIMITS.childrenPerRequest));
}

/**
 * Where the request that starts at `nodes[start]` ends: at most 100 top-level blocks, within the block
 * and byte limits (always at least one node). Exported for callers that send the first batch themselves,
 * e.g. as the `children` of `pages.create`.
 */
export function batchEnd(nodes: BlockNode[], start: number): number {
  let next = start;
  let blocks = 0;
  let bytes = 0;
  while (next < nodes.length && next - start < NOTION_LIMITS.childrenPerRequest) {
    const cost = inlineCost(nodes[next], 0);
    if (next > start && (blocks + cost.blocks > NOTION_LIMITS.blocksPerRequest || bytes + cost.bytes > NOTION_LIMITS.bytesPerRequest)) break;
    blocks += cost.blocks;
    bytes += cost.bytes;
    next += 1;
  }
  return next;
}

interface Cost {
  blocks: number;
  bytes: number;
}

const plans = new WeakMap<BlockNode, Map<number, { count: number; cost: Cost }>>();

/**
 * How many children of a node at `depth` travel inside the request that creates it, and what the node
 * costs with them: a prefix of its children (at most 100, two levels per request) that keeps the node
 * within one request's block and byte limits; the rest follow in appends. Memoised per node and depth, so
 * the request, its cost and the follow-ups always agree.
 */
function plan(node: BlockNode, depth: number): { count: number; cost: Cost } {
  const known = plans.get(node)?.get(depth);
  if (known) return known;
  const cost: Cost = { blocks: 1, bytes: jsonBytes(node.block) + 16 };
  let count = 0;
  if (depth < NOTION_LIMITS.nestingPerRequest) {
    const max = Math.min(node.children.length, NOTION_LIMITS.childrenPerRequest);
    while (count < max) {
      const child = plan(node.children[count], depth + 1).cost;
      if (cost.blocks + child.blocks > NOTION_LIMITS.blocksPerRequest || cost.bytes + child.bytes > NOTION_LIMITS.bytesPerRequest) break;
      cost.blocks += child.blocks;
      cost.bytes += child.bytes;
      count += 1;
    }
  }
  const result = { count, cost };
  const byDepth = plans.get(node) ?? new Map<number, { count: number; cost: Cost }>();
  byDepth.set(depth, result);
  plans.set(node, byDepth);
  return result;
}

function inlinedCount(node: BlockNode, depth: number): number {
  return plan(node, depth).count;
}

/** The request for a node at `depth` below the request's top level, children included as far as allowed. */
export function inline(node: BlockNode, depth: number): BlockObjectRequest {
  const count = inlinedCount(node, depth);
  if (count === 0) return node.block;
  const type = node.block.type as string;
  const payload = (node.block as unknown as Record<string, Record<string, unknown>>)[type];
  const children = node.children.slice(0, count).map((child) => inline(child, depth + 1));
  return { ...node.block, [type]: { ...payload, children } } as BlockObjectRequest;
}

function inlineCost(node: BlockNode, depth: number): Cost {
  return plan(node, depth).cost;
}

export function needsFollowUp(node: BlockNode, depth: number): boolean {
  const count = inlinedCount(node, depth);
  return node.children.length > count || node.children.slice(0, count).some((child) => needsFollowUp(child, depth + 1));
}

/** Sends what did not fit into the request that created `node` (created as `id`, at `depth` in it). */
export async function complete(api: BlockChildrenApi, id: string, node: BlockNode, depth: number): Promise<void> {
  if (!needsFollowUp(node, depth)) return;
  const count = inlinedCount(node, depth);
  const inlined = node.children.slice(0, count);
  if (inlined.some((child) => needsFollowUp(child, depth + 1))) {
    const childIds = await api.listChildIds(id);
    for (let i = 0; i < inlined.length; i += 1) await complete(api, childIds[i], inlined[i], depth + 1);
  }
  await appendBlockTree(api, id, node.children.slice(count));
}

/**
 * After a create that carried `nodes.slice(0, end)` as its children (see batchEnd): sends what did not fit,
 * the deeper levels of those blocks first, then the blocks after them.
 */
export async function completeAfterCreate(api: BlockChildrenApi, pageId: string, nodes: BlockNode[], end: number): Promise<void> {
  const first = nodes.slice(0, end);
  if (first.some((node) => needsFollowUp(node, 0))) {
    const ids = await api.listChildIds(pageId);
    for (let i = 0; i < first.length; i += 1) await complete(api, ids[i], first[i], 0);
  }
  if (end < nodes.length) await appendBlockTree(api, pageId, nodes.slice(end));
}
