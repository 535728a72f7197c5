import { Injectable } from '@nestjs/common';
import type { BlockObjectRequest } from '@notionhq/client';
import type { NotionHandle } from '../notion.handle';
import { appendBlockTree, batchEnd, completeAfterCreate, inline, type BlockChildrenApi } from './block-appender';
import { BlockNode, toBlockNodes } from './block-requests';
import { parseMarkdown } from './markdown-parser';
import { renderMarkdown } from './markdown-renderer';
import { blocksToModel, readBlockTree } from './notion-blocks-reader';

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

  /** A page's content as Markdown (all its blocks, paginated). */
  async readMarkdown(notion: NotionHandle, pageId: string): Promise<string> {
    return renderMarkdown(blocksToModel(await readBlockTree(notion, pageId)));
  }
}

export function childrenApi(notion: NotionHandle): BlockChildrenApi {
  return {
    append: async (parentId, children) => (await notion.appendBlockChildren({ block_id: parentId, children })).results.map((b) => b.id),
    listChildIds: async (parentId) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await notion.listBlockChildren({ block_id: parentId, start_cursor: cursor, page_size: 100 });
        ids.push(...page.results.map((b) => b.id));
        cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
      } while (cursor);
      return ids;
    },
  };
}
