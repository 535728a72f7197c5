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
 * Reads and writes a note page's content through the content writer: a write makes the page's blocks equal
 * to `desired` given the blocks it is known to hold, touching only the changed ones (or erasing and
 * rewriting when that costs fewer calls), and returns the blocks the page holds after.
 */
@Injectable()
export class NotePageContent {
  constructor(private readonly markdown: NotionMarkdownService) {}

  read(handle: NotionHandle, pageId: string): Promise<PageContent> {
    return this.markdown.readContent(handle, pageId);
  }

  write(handle: NotionHandle, pageId: string, desired: BlockNode[], known: NotionBlockRef[] | null): Promise<NotionBlockRef[]> {
    return this.markdown.writeContent(handle, pageId, desired, known);
  }
}
