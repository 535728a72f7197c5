import { Injectable } from '@nestjs/common';
import type { BlockObjectRequest } from '@notionhq/client';
import type { NotionHandle } from '../notion.handle';
import { appendBlockTree, batchEnd, completeAfterCreate, inline } from './block-appender';
import type { BlockRef } from './block-hash';
import { BlockNode, toBlockNodes } from './block-requests';
import { childrenApi } from './children-api';
import { parseMarkdown } from './markdown-parser';
import { renderMarkdown } from './markdown-renderer';
import { blocksToModel, readBlockTree, type BlockTree } from './notion-blocks-reader';
import { appendContent, readContent, writeContent, type PageContent, type WriteContentOptions } from './page-content.writer';

export { childrenApi } from './children-api';
export type { BlockRef } from './block-hash';
export type { PageContent, WriteContentOptions } from './page-content.writer';

/** Markdown in and out of Notion pages, through a NotionHandle (so through the gateway). */
@Injectable()
export class NotionMarkdownService {
  /** Markdown → block requests within Notion's limits (not yet split into requests; see appendMarkdown). */
  toBlocks(markdown: string): BlockNode[] {
    return toBlockNodes(parseMarkdown(markdown));
  }

  /** Appends Markdown to a page or block, in as few ordered requests as Notion's limits allow. */
  async appendMarkdown(notion: NotionHandle, blockId: string, markdown: string): Promise<void> {
    await appendBlockTree(childrenApi(notion), blockId, this.toBlocks(markdown));
  }

  /** Appends blocks already converted with toBlocks (e.g. what did not fit into a pages.create). */
  async appendMarkdownNodes(notion: NotionHandle, blockId: string, nodes: BlockNode[]): Promise<void> {
    await appendBlockTree(childrenApi(notion), blockId, nodes);
  }

  /**
   * A page created with its content: the first request's worth of blocks travel in the create itself, the
   * rest follow in appends. If those fail, the page goes to the trash (best effort) before the error is
   * thrown, so a failed create leaves no empty or half-written page behind.
   */
  async createWithContent<T extends { id: string }>(notion: NotionHandle, nodes: BlockNode[], create: (children: BlockObjectRequest[]) => Promise<T>): Promise<T> {
    const end = nodes.length > 0 ? batchEnd(nodes, 0) : 0;
    const page = await create(nodes.slice(0, end).map((node) => inline(node, 0)));
    try {
      await completeAfterCreate(childrenApi(notion), page.id, nodes, end);
    } catch (error) {
      await notion.updatePage({ page_id: page.id, in_trash: true }).catch(() => undefined);
      throw error;
    }
    return page;
  }

  /**
   * A page's content as Markdown (all its blocks, paginated), and whether it shows the titles of sub-pages or
   * databases: those are other documents, renamed without this page's last_edited_time moving, so such
   * content must not be cached by that time (see pages/page-content.cache.ts).
   */
  async readMarkdown(notion: NotionHandle, pageId: string): Promise<{ markdown: string; showsOtherDocuments: boolean }> {
    const trees = await readBlockTree(notion, pageId);
    return { markdown: renderMarkdown(blocksToModel(trees)), showsOtherDocuments: showsOtherDocuments(trees) };
  }

  /** readMarkdown's Markdown, for the same calls, with the refs of the page's top-level blocks (see BlockRef). */
  readContent(notion: NotionHandle, pageId: string): Promise<PageContent> {
    return readContent(notion, pageId);
  }

  /**
   * Makes the page's top-level blocks equal to `desired` (from toBlocks), given that it holds `known`
   * (the refs from readContent or from the last write; null when unknown): only what changed is written,
   * or the page is rewritten whole when that is cheaper. Returns the refs to keep for the next write.
   * See page-content.writer.ts.
   */
  writeContent(notion: NotionHandle, pageId: string, desired: BlockNode[], known: BlockRef[] | null, options?: WriteContentOptions): Promise<BlockRef[]> {
    return writeContent(notion, pageId, desired, known, options);
  }

  /** Appends blocks at the end of the page and returns their refs. */
  appendContent(notion: NotionHandle, pageId: string, desired: BlockNode[]): Promise<BlockRef[]> {
    return appendContent(notion, pageId, desired);
  }
}

/** Sub-pages, databases, and mentions (whose text Notion renders from the mentioned page's current title). */
function showsOtherDocuments(trees: BlockTree[]): boolean {
  return trees.some(({ block, children }) => {
    if (block.type === 'child_page' || block.type === 'child_database') return true;
    const rich = (block as unknown as Record<string, { rich_text?: Array<{ type: string }> } | undefined>)[block.type]?.rich_text;
    return (rich ?? []).some((item) => item.type === 'mention') || showsOtherDocuments(children);
  });
}
