import { Injectable } from '@nestjs/common';
import { isFullBlock, isFullPage, type PageObjectResponse } from '@notionhq/client';
import { NotionClientFactory } from '../notion/notion-client.factory';
import type { NotionHandle } from '../notion/notion.handle';
import { NotionWorkspaceManager, type NotionWorkspace } from '../notion/workspace/notion-workspace.manager';
import { NOTE_TYPES, PROPERTY } from '../notion/workspace/workspace-layout';
import { plainText, titleProperty } from './notion-page.mapper';

export interface TocEntry {
  /** The Notion page id of the note's row, or of the plain sub-page. */
  pageId: string;
  title: string;
  /** Notes (rows of the Table of Contents) have a URL, tags and a summary; plain child pages only their title. */
  url: string | null;
  tags: string[];
  summary: string | null;
  createdTime: string;
  lastEditedTime: string;
}

export interface TocGroup {
  /** A note type (meeting, project, …), `untyped` for notes without one, `page` for the root's plain sub-pages. */
  type: string;
  count: number;
  entries: TocEntry[];
}

export interface TableOfContents {
  rootPageId: string;
  databaseId: string;
  total: number;
  groups: TocGroup[];
}

const GROUP_ORDER = [...NOTE_TYPES, 'untyped', 'page'];

/**
 * The user's table of contents: the rows of the "Table of Contents" database (through a data source
 * query) and the root page's sub-pages, grouped by type, newest first. Trashed pages are left out.
 */
@Injectable()
export class TableOfContentsService {
  constructor(
    private readonly notion: NotionClientFactory,
    private readonly workspaces: NotionWorkspaceManager,
  ) {}

  async get(userId: string): Promise<TableOfContents> {
    const notion = await this.notion.forUser(userId);
    return this.workspaces.withWorkspace(notion.integrationId, async (workspace) => {
      const [rows, pages] = await Promise.all([this.rows(notion, workspace), this.childPages(notion, workspace.rootPageId)]);
      const byType = new Map<string, TocEntry[]>();
      for (const { type, entry } of [...rows, ...pages]) byType.set(type, [...(byType.get(type) ?? []), entry]);
      const groups = GROUP_ORDER.filter((type) => byType.has(type)).map((type) => {
        const entries = (byType.get(type) ?? []).sort(newestFirst);
        return { type, count: entries.length, entries };
      });
      return { rootPageId: workspace.rootPageId, databaseId: workspace.databaseId, total: rows.length + pages.length, groups };
    });
  }

  private async rows(notion: NotionHandle, workspace: NotionWorkspace): Promise<Array<{ type: string; entry: TocEntry }>> {
    const rows: PageObjectResponse[] = [];
    let cursor: string | undefined;
    do {
      const batch = await notion.queryDataSource({
        data_source_id: workspace.dataSourceId,
        sorts: [{ timestamp: 'created_time', direction: 'descending' }],
        start_cursor: cursor,
        page_size: 100,
      });
      rows.push(...batch.results.filter(isFullPage));
      cursor = batch.has_more ? (batch.next_cursor ?? undefined) : undefined;
    } while (cursor);
    return rows.filter((row) => !row.in_trash).map((row) => rowEntry(row, workspace.propertyIds));
  }

  private async childPages(notion: NotionHandle, rootPageId: string): Promise<Array<{ type: string; entry: TocEntry }>> {
    const entries: Array<{ type: string; entry: TocEntry }> = [];
    let cursor: string | undefined;
    do {
      const batch = await notion.listBlockChildren({ block_id: rootPageId, start_cursor: cursor, page_size: 100 });
      for (const block of batch.results.filter(isFullBlock)) {
        if (block.type !== 'child_page' || block.in_trash) continue;
        entries.push({
          type: 'page',
          entry: {
            pageId: block.id,
            title: block.child_page.title,
            url: null,
            tags: [],
            summary: null,
            createdTime: block.created_time,
            lastEditedTime: block.last_edited_time,
          },
        });
      }
      cursor = batch.has_more ? (batch.next_cursor ?? undefined) : undefined;
    } while (cursor);
    // Sub-pages are listed in the order they were made; Notion rounds their times to the minute.
    return entries.reverse();
  }
}

/** A row's properties, found by their stored ids first (a renamed property is still ours), then by our names. */
function rowEntry(row: PageObjectResponse, propertyIds: Record<string, string>): { type: string; entry: TocEntry } {
  const property = (name: string) => {
    const all = Object.entries(row.properties);
    const byId = all.find(([, p]) => p.id === propertyIds[name]);
    return (byId ?? all.find(([key]) => key === name))?.[1];
  };
  const type = property(PROPERTY.type);
  const tags = property(PROPERTY.tags);
  const summary = property(PROPERTY.summary);
  const summaryText = summary?.type === 'rich_text' ? plainText(summary.rich_text) : '';
  return {
    type: type?.type === 'select' && type.select ? type.select.name : 'untyped',
    entry: {
      pageId: row.id,
      title: titleProperty(row).title,
      url: row.url,
      tags: tags?.type === 'multi_select' ? tags.multi_select.map((t) => t.name) : [],
      summary: summaryText || null,
      createdTime: row.created_time,
      lastEditedTime: row.last_edited_time,
    },
  };
}

/** Newest first; within the same minute (Notion rounds times), the last edited first. */
function newestFirst(a: TocEntry, b: TocEntry): number {
  return b.createdTime.localeCompare(a.createdTime) || b.lastEditedTime.localeCompare(a.lastEditedTime);
}
