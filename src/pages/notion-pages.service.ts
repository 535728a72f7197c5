import { Injectable } from '@nestjs/common';
import { isFullPage, type PageObjectResponse } from '@notionhq/client';
import { ValidationFailedError } from '../core/errors/domain-error';
import { refType } from '../notion/markdown/block-hash';
import type { BlockNode } from '../notion/markdown/block-requests';
import { NotionMarkdownService } from '../notion/markdown/notion-markdown.service';
import { NotionClientFactory } from '../notion/notion-client.factory';
import type { NotionHandle } from '../notion/notion.handle';
import { NotionWorkspaceManager } from '../notion/workspace/notion-workspace.manager';
import { PageLinksRepository } from './links/page-links.repository';
import { fullPage, richText, titleProperty, toSummary, type NotePage, type PageSummary } from './notion-page.mapper';
import { PageContentCache } from './page-content.cache';
import { canonicalPageId } from './page-ids';
import { mergeSearchHits, type PageSearchHit, type SourcedHit } from './page-search';
import { NotesService } from '../notes/notes.service';
import { PageProtectedError } from './pages.errors';

export interface CreateNotePage {
  title: string;
  content: string;
  parentPageId?: string;
}

export interface UpdateNotePage {
  title?: string;
  content?: string;
  mode: 'replace' | 'append';
}

/** Blocks that are documents of their own: replacing a page's content never trashes its sub-pages. */
const OWN_DOCUMENTS = new Set(['child_page', 'child_database']);

/**
 * Note pages in the user's own Notion workspace. Every call goes through the user's NotionHandle, so a
 * user reaches only what their integration can see: anyone else's page answers NOTION_OBJECT_NOT_FOUND.
 */
@Injectable()
export class NotionPagesService {
  constructor(
    private readonly notion: NotionClientFactory,
    private readonly workspaces: NotionWorkspaceManager,
    private readonly markdown: NotionMarkdownService,
    private readonly links: PageLinksRepository,
    private readonly notes: NotesService,
    private readonly contentCache: PageContentCache,
  ) {}

  /** A new page under `parentPageId`, or under the user's "Personal Assistant" root by default. */
  async create(userId: string, input: CreateNotePage): Promise<NotePage> {
    // Converted before the page exists: content refused here leaves no empty page behind.
    const blocks = this.markdown.toBlocks(input.content);
    const notion = await this.notion.forUser(userId);
    const create = (parentId: string) =>
      this.markdown.createWithContent(notion, blocks, async (children) =>
        fullPage(await notion.createPage({ parent: { type: 'page_id', page_id: parentId }, properties: { title: { title: richText(input.title) } }, children })),
      );
    const page = input.parentPageId
      ? await create(canonicalPageId(input.parentPageId))
      : await this.workspaces.withWorkspace(notion.integrationId, (workspace) => create(workspace.rootPageId));
    return this.readWith(notion, page.id);
  }

  async read(userId: string, pageId: string): Promise<NotePage> {
    const id = await this.resolve(userId, pageId);
    return this.readWith(await this.notion.forUser(userId), id);
  }

  /**
   * Renames the page and/or replaces or extends its content. Replacing keeps its sub-pages and the
   * "Linked pages" entries of its links (they are the links' own, removed with them).
   */
  async update(userId: string, pageId: string, input: UpdateNotePage): Promise<NotePage> {
    if (input.title === undefined && input.content === undefined) {
      throw new ValidationFailedError([{ field: 'title', messages: ['give a new title, new content, or both'] }]);
    }
    const blocks = input.content === undefined ? [] : this.markdown.toBlocks(input.content);
    const notion = await this.notion.forUser(userId);
    const page = fullPage(await notion.retrievePage({ page_id: await this.resolve(userId, pageId) }));
    if (input.title !== undefined) {
      await notion.updatePage({ page_id: page.id, properties: { [titleProperty(page).name]: { title: richText(input.title) } } });
    }
    if (input.content !== undefined) {
      if (input.mode === 'replace') await this.replaceContent(userId, notion, page.id, blocks);
      else if (blocks.length > 0) await this.markdown.appendContent(notion, page.id, blocks);
    }
    return this.readWith(notion, page.id);
  }

  /** Moves the page to Notion's trash (restorable there for 30 days); never the workspace's root page. */
  async trash(userId: string, pageId: string): Promise<PageSummary> {
    const notion = await this.notion.forUser(userId);
    const page = fullPage(await notion.retrievePage({ page_id: await this.resolve(userId, pageId) }));
    const workspace = await this.workspaces.ensureWorkspace(notion.integrationId);
    if (page.id === workspace.rootPageId) throw new PageProtectedError();
    return toSummary(fullPage(await notion.updatePage({ page_id: page.id, in_trash: true })));
  }

  /**
   * Notion's title search and the product's own note index (which reads content, tags and summaries too, where
   * Notion's search reads titles only), merged into one hit per page. Notes not yet written to Notion have no
   * page to read, so they are found by smart_search_notes only.
   */
  async search(userId: string, query: string, limit: number): Promise<{ query: string; results: PageSearchHit[] }> {
    const notion = await this.notion.forUser(userId);
    const [found, local] = await Promise.all([
      notion.search({
        query,
        filter: { property: 'object', value: 'page' },
        sort: { timestamp: 'last_edited_time', direction: 'descending' },
        page_size: limit,
      }),
      this.notes.list(userId, { q: query, limit }),
    ]);
    const fromNotion = found.results
      .filter(isFullPage)
      .filter((page) => !page.in_trash)
      .map((page) => ({ ...pick(page), noteId: null }));
    const fromNotes = local.items.flatMap(({ note }) =>
      note.notionPageId && note.notionUrl
        ? [{ pageId: note.notionPageId, noteId: note.id, title: note.title, url: note.notionUrl, lastEditedTime: note.updatedAt.toISOString() }]
        : [],
    );
    return { query, results: mergeSearchHits(fromNotion, fromNotes, limit) };
  }

  /**
   * The page an id names: a Notion page id, or the id of one of the user's notes, which stands for the note's
   * page (a model holding a note id from the note tools reaches the same page; another user's note id is
   * just an unknown page).
   */
  private async resolve(userId: string, id: string): Promise<string> {
    return canonicalPageId((await this.notes.notionPageIdOf(userId, id)) ?? id);
  }

  /** A page the user can reach, or NOTION_OBJECT_NOT_FOUND. */
  async reachable(notion: NotionHandle, pageId: string): Promise<PageObjectResponse> {
    return fullPage(await notion.retrievePage({ page_id: canonicalPageId(pageId) }));
  }

  private async readWith(notion: NotionHandle, pageId: string): Promise<NotePage> {
    const page = fullPage(await notion.retrievePage({ page_id: pageId }));
    const content = await this.contentCache.markdown(notion.integrationId, page, () => this.markdown.readMarkdown(notion, page.id));
    return { ...toSummary(page), content };
  }

  /**
   * Writes only what changed: the page's current blocks are read and diffed with the new ones (unchanged
   * blocks keep their ids; see page-content.writer.ts), and the page is never erased, so a failure midway
   * leaves old and new blocks, never an empty page. Sub-pages and databases (deleting their block would
   * trash them) and the link entries recorded in page_links (they go with their links) stay as they are.
   */
  private async replaceContent(userId: string, notion: NotionHandle, pageId: string, blocks: BlockNode[]): Promise<void> {
    const [current, links] = await Promise.all([
      this.markdown.readContent(notion, pageId),
      this.links.blockIdsOn({ userId, integrationId: notion.integrationId }, pageId),
    ]);
    const keep = new Set([...links, ...current.blocks.filter((ref) => OWN_DOCUMENTS.has(refType(ref))).map((ref) => ref.id)]);
    await this.markdown.writeContent(notion, pageId, blocks, current.blocks, { keep, rewrite: 'never' });
  }
}

function pick(page: PageObjectResponse): Omit<SourcedHit, 'noteId'> {
  const { pageId, title, url, lastEditedTime } = toSummary(page);
  return { pageId, title, url, lastEditedTime };
}
