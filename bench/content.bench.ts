/* eslint-disable no-console -- a benchmark prints its figures */
// `npm run bench:content`: Notion calls the content writer makes to change a 250-block page (only what
// changed: update, insert after, delete; or one erase and ⌈blocks/100⌉ appends when that is cheaper), beside
// what rewriting the page costs (what the note writer did before: erase, then append everything), and
// `/pages` replace (never erases: inserts first, deletes last). Calls are counted from the in-process
// sandbox's request log; the time at Notion's rate (3 requests/s, burst 10) is derived from the count.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { BlockRef } from '../src/notion/markdown/block-hash';
import { NotionMarkdownService } from '../src/notion/markdown/notion-markdown.service';
import { startNotionSandbox } from '../src/sandbox/notion';
import { gatewayHandle } from './support/notion-handle';
import { runBench } from './support/run-bench';

const BLOCKS = 250;
const paragraphs = (prefix: string) => Array.from({ length: BLOCKS }, (_, i) => `${prefix} paragraph ${i}.`);

/** Seconds the calls take at Notion's rate: a burst of 10, then 3 a second. */
const atNotionRate = (calls: number) => Math.max(0, calls - 10) / 3;

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const sandbox = await startNotionSandbox({ rateLimit: false });
  const c = sandbox.control;
  const notion = gatewayHandle(sandbox, { perSecond: '100', integrationKey: 'bench-content' }).handle;
  const markdown = new NotionMarkdownService();

  const page = async (lines: string[]): Promise<{ id: string; refs: BlockRef[] }> => {
    const created = await notion.createPage({ parent: { type: 'workspace', workspace: true }, properties: { title: { title: [{ type: 'text', text: { content: 'Bench' } }] } } });
    return { id: created.id, refs: await markdown.writeContent(notion, created.id, markdown.toBlocks(lines.join('\n\n')), null) };
  };
  const counted = async (work: () => Promise<unknown>): Promise<number> => {
    c.clearRequestLog();
    await work();
    return c.requestLog().length;
  };
  const rows: Array<[string, number]> = [];
  const measure = async (label: string, before: string[], after: string[]) => {
    const desired = markdown.toBlocks(after.join('\n\n'));
    const written = await page(before);
    rows.push([`${label}: content writer (diff, or rewrite when cheaper)`, await counted(() => markdown.writeContent(notion, written.id, desired, written.refs))]);
    const rewritten = await page(before);
    rows.push([
      `${label}: rewrite (erase + append everything; the note writer before)`,
      await counted(async () => {
        await notion.updatePage({ page_id: rewritten.id, erase_content: true });
        await markdown.appendMarkdownNodes(notion, rewritten.id, desired);
      }),
    ]);
    const replaced = await page(before);
    rows.push([
      `${label}: /pages replace (read the page, diff, never erase)`,
      await counted(async () => {
        const current = await markdown.readContent(notion, replaced.id);
        await markdown.writeContent(notion, replaced.id, desired, current.blocks, { rewrite: 'never' });
      }),
    ]);
  };

  const base = paragraphs('Original');
  await measure(`add one paragraph to a ${BLOCKS}-block page`, base, [...base, 'One more paragraph.']);
  const middle = [...base];
  middle[BLOCKS / 2] = 'A changed paragraph in the middle.';
  await measure(`change one paragraph in the middle of ${BLOCKS}`, base, middle);
  await measure(`full replace of ${BLOCKS} blocks`, base, paragraphs('Rewritten').map((line) => `## ${line}`));

  console.log(`Notion calls to change a ${BLOCKS}-block page (counted at the sandbox; seconds at Notion's 3 requests/s after a burst of 10)`);
  console.log('| change | Notion calls | at Notion\'s rate |');
  console.log('|---|---|---|');
  for (const [label, calls] of rows) console.log(`| ${label} | ${calls} | ${atNotionRate(calls).toFixed(1)} s |`);
  await sandbox.close();
}

runBench(main);
