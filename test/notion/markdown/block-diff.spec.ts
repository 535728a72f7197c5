import fc from 'fast-check';
import { appendBlockTree, appendCost } from '../../../src/notion/markdown/block-appender';
import { alignment, diffBlocks, type ContentDiff } from '../../../src/notion/markdown/block-diff';
import { nodeHash, refIsLeaf, refType, type BlockRef } from '../../../src/notion/markdown/block-hash';
import { toBlockNodes, type BlockNode } from '../../../src/notion/markdown/block-requests';
import { parseMarkdown } from '../../../src/notion/markdown/markdown-parser';
import { planContentWrite } from '../../../src/notion/markdown/page-content.writer';
import { documents, oversizedDocuments } from './markdown-arbitraries';
import { RecordingChildrenApi } from './recording-children-api';

const nodes = (markdown: string): BlockNode[] => toBlockNodes(parseMarkdown(markdown));
const paragraphs = (count: number, prefix = 'paragraph'): BlockNode[] => nodes(Array.from({ length: count }, (_, i) => `${prefix} ${i}`).join('\n\n'));
const refsOf = (blocks: BlockNode[]): BlockRef[] => blocks.map((node, i) => ({ id: `block-${i}`, hash: nodeHash(node) }));

/** The page after the diff is carried out as writeContent does (updates and inserts top-down, deletes last): its hashes. */
function apply(known: BlockRef[], desired: BlockNode[], diff: ContentDiff): string[] {
  const page = known.map((ref) => ({ id: ref.id, hash: ref.hash }));
  const ids: Array<string | null> = diff.kept.map((ref) => ref?.id ?? null);
  let fresh = 0;
  for (let index = 0; index < desired.length; index += 1) {
    const update = diff.updates.find((u) => u.index === index);
    if (update) {
      const block = page.find((b) => b.id === update.ref.id) as { hash: string };
      expect(refType(update.ref)).toBe(desired[index].block.type);
      expect(refIsLeaf(update.ref) && desired[index].children.length === 0).toBe(true);
      block.hash = nodeHash(desired[index]);
      ids[index] = update.ref.id;
    }
    const run = diff.inserts.find((r) => r.from === index);
    if (run) {
      const at = index === 0 ? 0 : page.findIndex((b) => b.id === ids[index - 1]) + 1;
      expect(at).toBeGreaterThanOrEqual(index === 0 ? 0 : 1);
      const created = desired.slice(run.from, run.to).map((node) => ({ id: `new-${(fresh += 1)}`, hash: nodeHash(node) }));
      page.splice(at, 0, ...created);
      created.forEach((b, i) => (ids[run.from + i] = b.id));
    }
  }
  for (const ref of diff.deletes) page.splice(page.findIndex((b) => b.id === ref.id), 1);
  return page.map((b) => b.hash);
}

function lcsLength(a: string[], b: string[]): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1) table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  return table[0][0];
}

describe('block diff', () => {
  it('aligns a longest common subsequence of two hash lists', () => {
    const list = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 14 });
    fc.assert(
      fc.property(list, list, (a, b) => {
        const pairs = alignment(a, b);
        expect(pairs).toHaveLength(lcsLength(a, b));
        pairs.forEach(([i, j], n) => {
          expect(a[i]).toBe(b[j]);
          if (n > 0) expect(i > pairs[n - 1][0] && j > pairs[n - 1][1]).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('turns any known list into the desired one, reusing every block it keeps', () => {
    const edits = fc.array(fc.constantFrom('keep', 'change', 'drop', 'add', 'heading', 'nested'), { maxLength: 40 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), edits, (size, script) => {
        const before = paragraphs(size);
        const after: BlockNode[] = [];
        script.forEach((edit, i) => {
          const at = before[i % Math.max(1, size)];
          if (edit === 'keep' && at) after.push(at);
          if (edit === 'change') after.push(...nodes(`changed ${i}`));
          if (edit === 'add') after.push(...nodes(`added ${i}`));
          if (edit === 'heading') after.push(...nodes(`## heading ${i}`));
          if (edit === 'nested') after.push(...nodes(`- item ${i}\n  - child ${i}`));
        });
        const known = refsOf(before);
        const diff = diffBlocks(known, after, after.map(nodeHash));
        expect(apply(known, after, diff)).toEqual(after.map(nodeHash));
        // Every desired block equal to a known one that the alignment kept costs nothing.
        expect(diff.kept.filter(Boolean).length).toBe(lcsLength(known.map((r) => r.hash), after.map(nodeHash)));
      }),
      { numRuns: 300 },
    );
  });

  it('counts the requests an append makes exactly as the appender makes them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(documents(5), oversizedDocuments()), async (doc) => {
        const blocks = toBlockNodes(doc);
        const recording = new RecordingChildrenApi();
        await appendBlockTree(recording, 'page', blocks);
        expect(appendCost(blocks)).toBe(recording.appends.length + recording.lists.length);
      }),
      { numRuns: 60 },
    );
  });

  describe('on a 250-block page', () => {
    const before = paragraphs(250);
    const known = refsOf(before);

    it('appending one paragraph costs one call, and every block stays', () => {
      const plan = planContentWrite(known, [...before, ...nodes('the end')]);
      expect(plan).toMatchObject({ kind: 'diff', calls: 1 });
      if (plan.kind === 'diff') expect(plan.diff.kept.slice(0, 250)).toEqual(known);
    });

    it('changing one paragraph in the middle costs one update', () => {
      const after = [...before];
      after[125] = nodes('changed')[0];
      const plan = planContentWrite(known, after);
      expect(plan).toMatchObject({ kind: 'diff', calls: 1 });
      if (plan.kind === 'diff') expect(plan.diff.updates).toEqual([{ index: 125, ref: known[125] }]);
    });

    it('a heading in place of a paragraph is a delete and an insert after the block before it', () => {
      const after = [...before];
      after[10] = nodes('# Title')[0];
      const plan = planContentWrite(known, after);
      expect(plan).toMatchObject({ kind: 'diff', calls: 2 });
      if (plan.kind === 'diff') expect({ inserts: plan.diff.inserts, deletes: plan.diff.deletes }).toEqual({ inserts: [{ from: 10, to: 11 }], deletes: [known[10]] });
    });

    it('replacing everything is a rewrite: one erase and three appends, with properties in the erase', () => {
      const after = nodes(Array.from({ length: 250 }, (_, i) => `# heading ${i}`).join('\n\n'));
      expect(planContentWrite(known, after)).toEqual({ kind: 'rewrite', calls: 4 });
      expect(planContentWrite(known, after, { page: { properties: {} } })).toEqual({ kind: 'rewrite', calls: 4 });
      expect(planContentWrite(null, before)).toEqual({ kind: 'rewrite', calls: 4 });
    });

    it('never erases a page that holds a block to keep, nor when told not to', () => {
      const after = nodes(Array.from({ length: 250 }, (_, i) => `# heading ${i}`).join('\n\n'));
      expect(planContentWrite(known, after, { keep: new Set([known[3].id]) })).toMatchObject({ kind: 'diff', calls: 3 + 249 });
      expect(planContentWrite(known, after, { rewrite: 'never' })).toMatchObject({ kind: 'diff', calls: 3 + 250 });
    });

    it('keeps the content in one piece beside kept blocks: in the stretch that holds most of it', () => {
      const small = refsOf(paragraphs(6));
      const [a, pinned, b, c, d, tail] = small;
      const plan = planContentWrite(small, paragraphs(6).slice(2, 5), { keep: new Set([pinned.id, tail.id]) });
      expect(plan).toMatchObject({ kind: 'diff', calls: 1, startAfter: pinned.id, diff: { kept: [b, c, d], deletes: [a] } });
      const fresh = planContentWrite(small, nodes('# new'), { keep: new Set([pinned.id, tail.id]) });
      expect(fresh).toMatchObject({ kind: 'diff', calls: 5, startAfter: pinned.id, diff: { inserts: [{ from: 0, to: 1 }], deletes: [b, c, d, a] } });
    });

    it('with unknown blocks, only a rewrite is possible, and only when nothing is to be kept', () => {
      expect(() => planContentWrite(null, before, { keep: new Set(['some-block']) })).toThrow('needs the page’s current blocks');
      expect(() => planContentWrite(null, before, { rewrite: 'never' })).toThrow('needs the page’s current blocks');
    });

    it('a block to keep is neither deleted nor reused', () => {
      const plan = planContentWrite(known, before.slice(0, 5), { keep: new Set([known[200].id]) });
      if (plan.kind !== 'diff') throw new Error('expected a diff');
      expect(plan.diff.deletes.map((r) => r.id)).not.toContain(known[200].id);
      expect(plan.diff.deletes).toHaveLength(244);
    });
  });
});
