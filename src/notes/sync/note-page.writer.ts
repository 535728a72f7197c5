import { Injectable } from '@nestjs/common';
import { isFullPage, type CreatePageParameters, type PageObjectResponse } from '@notionhq/client';
import { NotionValidationFailedError } from '../../notion/notion.errors';
import type { NotionHandle } from '../../notion/notion.handle';
import { batchEnd, completeAfterCreate, inline, needsFollowUp } from '../../notion/markdown/block-appender';
import type { BlockNode } from '../../notion/markdown/block-requests';
import { childrenApi, NotionMarkdownService } from '../../notion/markdown/notion-markdown.service';
import { PROPERTY } from '../../notion/workspace/workspace-layout';
import type { NotionWorkspace } from '../../notion/workspace/notion-workspace.manager';
import type { NoteEntity, SyncedBase } from '../note.entity';

export interface NotionPageRef {
  id: string;
  url: string;
}

type Properties = NonNullable<CreatePageParameters['properties']>;

/** The note's fields its page's properties show. */
export type PageFields = Pick<NoteEntity, 'id' | 'title' | 'type' | 'tags' | 'summary'>;

/**
 * Notion takes at most 100 pages in one relation value, and writing a relation replaces it whole: the
 * Related property holds a note's first 100 links (oldest first); every link, past 100 too, stays in the
 * product's own link graph (GET /notes/{id}, backlinks). See docs/notes.md.
 */
export const RELATED_MAX = 100;

/** The page shows the title already: a first heading that repeats it is left out of the blocks. */
export function pageMarkdown(note: Pick<NoteEntity, 'title' | 'content'>): string {
  const match = /^\s*#{1,6}[ \t]+([^\n]*?)[ \t#]*(?:\n|$)/.exec(note.content);
  return match && match[1].trim() === note.title.trim() ? note.content.slice(match[0].length) : note.content;
}

const text = (content: string) => (content ? [{ type: 'text' as const, text: { content } }] : []);

/**
 * A note as a row of the user's Table of Contents. A note whose content fits one request (≤ 100 top-level
 * blocks within Notion's size limits) is created in exactly one call: properties and content together;
 * each further batch is one append.
 */
@Injectable()
export class NotePageWriter {
  constructor(private readonly markdown: NotionMarkdownService) {}

  /**
   * `Created` (`createdAt`) only goes with the create: it never changes. It is the day (UTC): Notion's
   * published schema types a date value's `start` as `format: date`, and the sandbox holds requests to it.
   */
  properties(note: PageFields, workspace: NotionWorkspace, relatedPageIds: string[] | null, createdAt?: Date): Properties {
    const key = (name: string) => workspace.propertyIds[name] ?? name;
    const properties: Properties = {
      [key(PROPERTY.name)]: { title: text(note.title) },
      [key(PROPERTY.type)]: { select: { name: note.type } },
      [key(PROPERTY.tags)]: { multi_select: note.tags.map((name) => ({ name })) },
      [key(PROPERTY.summary)]: { rich_text: text(note.summary) },
      [key(PROPERTY.noteId)]: { rich_text: text(note.id) },
    };
    if (createdAt) properties[key(PROPERTY.created)] = { date: { start: createdAt.toISOString().slice(0, 10) } };
    if (relatedPageIds !== null) properties[key(PROPERTY.related)] = { relation: relatedPageIds.slice(0, RELATED_MAX).map((id) => ({ id })) };
    // A property whose type the person changed is theirs now (reported in GET /workspace): not written.
    for (const issue of workspace.schemaIssues ?? []) delete properties[key(issue.property)];
    return properties;
  }

  /** Page content Markdown (already without the title heading) → the blocks to write. */
  nodesOf(markdown: string): BlockNode[] {
    return this.markdown.toBlocks(markdown);
  }

  /** How many requests the content takes at creation (1 for most notes). */
  requestsFor(note: NoteEntity): number {
    const nodes = this.markdown.toBlocks(pageMarkdown(note));
    let requests = 1;
    for (let next = batchEnd(nodes, 0); next < nodes.length; next = batchEnd(nodes, next)) requests += 1;
    return requests + (nodes.slice(0, batchEnd(nodes, 0)).some((n) => needsFollowUp(n, 0)) ? 1 : 0);
  }

  /** The page created for this note earlier (its Note ID property), if any: used when a create's outcome is unknown. */
  async findByNoteId(handle: NotionHandle, workspace: NotionWorkspace, noteId: string): Promise<NotionPageRef | null> {
    const found = await handle.queryDataSource({
      data_source_id: workspace.dataSourceId,
      filter: { property: workspace.propertyIds[PROPERTY.noteId] ?? PROPERTY.noteId, rich_text: { equals: noteId } },
      page_size: 10,
    });
    const pages = found.results.filter(isFullPage).sort((a, b) => a.created_time.localeCompare(b.created_time));
    return pages[0] ? { id: pages[0].id, url: pages[0].url } : null;
  }

  /**
   * pages.create with the properties and the first batch of content; when follow-up calls are needed,
   * `created` is told the page before them, so that a failure afterwards never leads to a second page (a
   * page made in one call is returned, for the caller to record with the attempt's result).
   */
  async create(
    handle: NotionHandle,
    workspace: NotionWorkspace,
    note: NoteEntity,
    relatedPageIds: string[],
    created: (page: NotionPageRef) => Promise<void>,
  ): Promise<NotionPageRef> {
    const nodes: BlockNode[] = this.markdown.toBlocks(pageMarkdown(note));
    const end = nodes.length > 0 ? batchEnd(nodes, 0) : 0;
    const first = nodes.slice(0, end);
    const page = await handle.createPage({
      parent: { type: 'data_source_id', data_source_id: workspace.dataSourceId },
      properties: this.properties(note, workspace, relatedPageIds.length > 0 ? relatedPageIds : null, note.createdAt),
      children: first.map((node) => inline(node, 0)),
    });
    const ref = { id: page.id, url: isFullPage(page) ? page.url : '' };
    // A failure from here on leaves the page with its first batch; the retry rewrites the content whole.
    if (end < nodes.length || first.some((node) => needsFollowUp(node, 0))) {
      await created(ref);
      await completeAfterCreate(childrenApi(handle), page.id, nodes, end);
    }
    return ref;
  }

  /**
   * The synced fields as the page holds them (properties addressed by id, so a renamed one still counts).
   * A property the person deleted or changed the type of reads as empty.
   */
  readProperties(page: PageObjectResponse, workspace: NotionWorkspace): Omit<SyncedBase, 'content' | 'related'> & { noteId: string } {
    const prop = (name: string) => {
      const id = workspace.propertyIds[name];
      return Object.values(page.properties).find((p) => (id ? p.id === id : false)) ?? page.properties[name];
    };
    const plain = (items: Array<{ plain_text: string }>) => items.map((t) => t.plain_text).join('');
    const title = prop(PROPERTY.name);
    const type = prop(PROPERTY.type);
    const tags = prop(PROPERTY.tags);
    const summary = prop(PROPERTY.summary);
    const noteId = prop(PROPERTY.noteId);
    return {
      title: title?.type === 'title' ? plain(title.title) : '',
      type: type?.type === 'select' ? (type.select?.name ?? '') : '',
      tags: tags?.type === 'multi_select' ? tags.multi_select.map((o) => o.name) : [],
      summary: summary?.type === 'rich_text' ? plain(summary.rich_text) : '',
      noteId: noteId?.type === 'rich_text' ? plain(noteId.rich_text) : '',
      trashed: page.in_trash,
    };
  }

  /**
   * The page's properties (and, with `restore`, out of Notion's trash) in one call. `in_trash` is sent
   * only to restore: a page the person trashed is never brought back by an ordinary write.
   */
  async writeProperties(
    handle: NotionHandle,
    workspace: NotionWorkspace,
    pageId: string,
    fields: PageFields,
    relatedPageIds: string[] | null,
    restore = false,
  ): Promise<PageObjectResponse | null> {
    const page = await handle.updatePage({
      page_id: pageId,
      ...(restore ? { in_trash: false } : {}),
      properties: this.properties(fields, workspace, relatedPageIds),
    });
    return isFullPage(page) ? page : null;
  }

  /** To Notion's trash; a page already there counts as done. */
  async trash(handle: NotionHandle, pageId: string): Promise<void> {
    try {
      await handle.updatePage({ page_id: pageId, in_trash: true });
    } catch (error) {
      if (error instanceof NotionValidationFailedError && error.targetInTrash) return;
      throw error;
    }
  }
}
