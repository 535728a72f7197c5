import { appendCost } from './block-appender';
import { refIsLeaf, refType, type BlockRef } from './block-hash';
import type { BlockNode } from './block-requests';

/**
 * What turns a page's top-level blocks (`known`) into the `desired` ones, touching only what changed:
 * desired blocks equal to a known one (same hash) keep it, changed ones of the same type and without
 * children on either side are updated in place, the rest is inserted (in runs) and deleted.
 */
export interface ContentDiff {
  /** Per desired block: the known block it stays (unchanged), or null. */
  kept: Array<BlockRef | null>;
  /** Desired blocks written over a known block of the same type (one blocks.update each). */
  updates: Array<{ index: number; ref: BlockRef }>;
  /**
   * Runs of desired blocks to insert, `desired.slice(from, to)`, each right after desired[from - 1]
   * (always a kept or updated block, so it exists before anything is written) or at the start.
   */
  inserts: Array<{ from: number; to: number }>;
  /** Known blocks that have no place in the desired content. */
  deletes: BlockRef[];
  /** Notion requests the diff costs: updates + deletes + the appends (and follow-ups) of the runs. */
  calls: number;
}

/**
 * Past this many cells (known × desired blocks that differ, after the common head and tail are taken off),
 * the middle is not aligned block by block: the table would cost more memory than it is worth (2M cells
 * are 4 MB), and such a page is better rewritten whole anyway.
 */
const LCS_CELLS_MAX = 2_000_000;

/**
 * The diff. Alignment is a longest common subsequence of the hashes, computed here (a few lines over a
 * typed array): the `diff` package in node_modules is only a development tool's dependency, and the
 * lists are short (hundreds of blocks), so a textbook LCS after trimming the common head and tail is
 * exact and cheap. Between two aligned blocks (a hunk), known and desired blocks are paired in order:
 * a pair of the same type, both without children, becomes an update; the others are deleted and inserted.
 */
export function diffBlocks(known: BlockRef[], desired: BlockNode[], desiredHashes: string[]): ContentDiff {
  const matches = alignment(
    known.map((ref) => ref.hash),
    desiredHashes,
  );
  const diff: ContentDiff = { kept: desired.map(() => null), updates: [], inserts: [], deletes: [], calls: 0 };
  let k = 0;
  let d = 0;
  for (const [mk, md] of [...matches, [known.length, desired.length] as const]) {
    hunk(diff, known.slice(k, mk), desired, d, md);
    if (mk < known.length) diff.kept[md] = known[mk];
    k = mk + 1;
    d = md + 1;
  }
  diff.calls = diff.updates.length + diff.deletes.length + diff.inserts.reduce((sum, run) => sum + appendCost(desired.slice(run.from, run.to)), 0);
  return diff;
}

function hunk(diff: ContentDiff, olds: BlockRef[], desired: BlockNode[], from: number, to: number): void {
  const updated = new Set<number>();
  for (let i = 0; i < olds.length; i += 1) {
    const index = from + i;
    if (index < to && updatable(olds[i], desired[index])) {
      diff.updates.push({ index, ref: olds[i] });
      updated.add(index);
    } else {
      diff.deletes.push(olds[i]);
    }
  }
  let run: { from: number; to: number } | null = null;
  for (let index = from; index < to; index += 1) {
    if (updated.has(index)) {
      run = null;
      continue;
    }
    if (run) run.to = index + 1;
    else {
      run = { from: index, to: index + 1 };
      diff.inserts.push(run);
    }
  }
}

function updatable(ref: BlockRef, node: BlockNode): boolean {
  return node.children.length === 0 && refIsLeaf(ref) && refType(ref) === node.block.type;
}

/** Index pairs [known, desired] of a longest common subsequence of the two hash lists, ascending. */
export function alignment(a: string[], b: string[]): Array<readonly [number, number]> {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const pairs: Array<readonly [number, number]> = [];
  for (let i = 0; i < head; i += 1) pairs.push([i, i]);
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  for (const [i, j] of middle(am, bm)) pairs.push([head + i, head + j]);
  for (let i = tail; i > 0; i -= 1) pairs.push([a.length - i, b.length - i]);
  return pairs;
}

function middle(a: string[], b: string[]): Array<readonly [number, number]> {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0 || (m + 1) * (n + 1) > LCS_CELLS_MAX) return [];
  // lengths[i][j]: LCS of a[i..] and b[j..]; m, n < 1415 here, so 16 bits hold every length.
  const width = n + 1;
  const lengths = new Uint16Array((m + 1) * width);
  for (let i = m - 1; i >= 0; i -= 1) {
    for (let j = n - 1; j >= 0; j -= 1) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1] + 1 : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const pairs: Array<readonly [number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < m && j < n) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) i += 1;
    else j += 1;
  }
  return pairs;
}
