import { Injectable } from '@nestjs/common';
import type { BlockNode } from '../../notion/markdown/block-requests';
import { NotionMarkdownService } from '../../notion/markdown/notion-markdown.service';
import type { NotionHandle } from '../../notion/notion.handle';
import type { NotionBlockRef } from '../note.entity';

/** A page's content as the product reads it: Markdown, and its top-level blocks (ids and hashes). */
export interface PageContent {
  markdown: string;
  blocks: NotionBlockRef[] | null;
}

/**
 * Reads and writes a note page's content. Writing makes the page's blocks equal to `desired`, given the
 * blocks it is known to hold, touching as little as it can; it returns the blocks the page holds after.
 */
@Injectable()
export class NotePageContent {
  constructor(private readonly markdown: NotionMarkdownService) {}

  async read(handle: NotionHandle, pageId: string): Promise<PageContent> {
    return { markdown: await this.markdown.readMarkdown(handle, pageId), blocks: null };
  }

  async write(handle: NotionHandle, pageId: string, desired: BlockNode[], _known: NotionBlockRef[] | null): Promise<NotionBlockRef[] | null> {
    await handle.updatePage({ page_id: pageId, erase_content: true });
    if (desired.length > 0) await this.markdown.appendMarkdownNodes(handle, pageId, desired);
    return null;
  }
}
