import { Injectable, Logger } from '@nestjs/common';
import type { PageObjectResponse } from '@notionhq/client';
import { DomainError } from '../../core/errors/domain-error';
import { NotionClientFactory } from '../../notion/notion-client.factory';
import { NotesService } from '../../notes/notes.service';
import { NotionObjectNotFoundError } from '../../notion/notion.errors';
import type { NotionHandle } from '../../notion/notion.handle';
import { NotionWorkspaceManager } from '../../notion/workspace/notion-workspace.manager';
import { PROPERTY, RELATED_BACK } from '../../notion/workspace/workspace-layout';
import { fullPage, titleProperty } from '../notion-page.mapper';
import { canonicalPageId } from '../page-ids';
import { PageLinkExistsError, PageLinkNotFoundError, PageLinkToSelfError } from '../pages.errors';
import type { PageLinkEntity } from './page-link.entity';
import { PageLinksRepository, type LinkScope } from './page-links.repository';

/** How many values of a relation a Notion page object shows; the rest are read through the property item endpoint. */
const RELATION_PREVIEW = 25;

/** The label of the entry a link writes on each of its two pages. */
export const LINKED_PAGES_LABEL = 'Linked pages: ';

export interface LinkedPageRef {
  pageId: string;
  /** The page's current title; null when the page is gone or no longer shared with the assistant. */
  title: string | null;
}

export interface PageLinkView {
  from: LinkedPageRef;
  to: LinkedPageRef;
  createdAt: string;
}

export interface Backlinks {
  page: LinkedPageRef;
  /** Pages this page links to (links made from it). */
  linksTo: Array<LinkedPageRef & { linkedAt: string }>;
  /** Pages that link to this page (links made to it): its backlinks. */
  linkedFrom: Array<LinkedPageRef & { linkedAt: string }>;
  /** For a note (a row of the Table of Contents): its Related notes, and the notes that list it as Related. */
  related: LinkedPageRef[];
  relatedFrom: LinkedPageRef[];
}

/**
 * Links between two pages the user can reach: a "Linked pages" entry with a page mention on each page,
 * and the edge recorded in page_links (Notion has no backlink API, and its search never reads page text).
 */
@Injectable()
export class PageLinksService {
  private readonly logger = new Logger('PageLinksService');

  constructor(
    private readonly notion: NotionClientFactory,
    private readonly workspaces: NotionWorkspaceManager,
    private readonly links: PageLinksRepository,
    private readonly notes: NotesService,
  ) {}

  async create(userId: string, fromPageId: string, toPageId: string): Promise<PageLinkView> {
    const [fromId, toId] = [await this.resolve(userId, fromPageId), await this.resolve(userId, toPageId)];
    if (fromId === toId) throw new PageLinkToSelfError();
    const notion = await this.notion.forUser(userId);
    const scope = { userId, integrationId: notion.integrationId };
    const from = fullPage(await notion.retrievePage({ page_id: fromId }));
    const to = fullPage(await notion.retrievePage({ page_id: toId }));
    if (await this.links.find(scope, from.id, to.id)) throw new PageLinkExistsError();
    const fromBlockId = await this.writeEntry(notion, from.id, to.id);
    let toBlockId: string;
    try {
      toBlockId = await this.writeEntry(notion, to.id, from.id);
    } catch (error) {
      await this.removeBlock(notion, fromBlockId);
      throw error;
    }
    let link: PageLinkEntity;
    try {
      link = await this.links.create({ ...scope, fromPageId: from.id, toPageId: to.id, fromBlockId, toBlockId });
    } catch (error) {
      // Recorded by a concurrent request meanwhile: take back what this one wrote.
      await Promise.all([this.removeBlock(notion, fromBlockId), this.removeBlock(notion, toBlockId)]);
      throw error;
    }
    return { from: ref(from), to: ref(to), createdAt: link.createdAt.toISOString() };
  }

  /** Forgets the link from `fromPageId` to `toPageId` and removes the entries it wrote on both pages. */
  async delete(userId: string, fromPageId: string, toPageId: string): Promise<void> {
    const notion = await this.notion.forUser(userId);
    const scope = { userId, integrationId: notion.integrationId };
    const link = await this.links.find(scope, await this.resolve(userId, fromPageId), await this.resolve(userId, toPageId));
    if (!link) throw new PageLinkNotFoundError();
    for (const blockId of [link.fromBlockId, link.toBlockId]) if (blockId) await this.removeBlock(notion, blockId);
    await this.links.delete(scope, link.id);
  }

  /** The page's links in both directions from the recorded graph, and for a note its Related relation. */
  async backlinks(userId: string, pageId: string): Promise<Backlinks> {
    const notion = await this.notion.forUser(userId);
    const page = fullPage(await notion.retrievePage({ page_id: await this.resolve(userId, pageId) }));
    const scope: LinkScope = { userId, integrationId: notion.integrationId };
    const { outgoing, incoming } = await this.links.touching(scope, page.id);
    const { related, relatedFrom } = await this.relations(notion, page);
    const titles = await this.titles(notion, [...outgoing.map((l) => l.toPageId), ...incoming.map((l) => l.fromPageId), ...related, ...relatedFrom]);
    const named = (id: string): LinkedPageRef => ({ pageId: id, title: titles.get(id) ?? null });
    return {
      page: ref(page),
      linksTo: outgoing.map((l) => ({ ...named(l.toPageId), linkedAt: l.createdAt.toISOString() })),
      linkedFrom: incoming.map((l) => ({ ...named(l.fromPageId), linkedAt: l.createdAt.toISOString() })),
      related: related.map(named),
      relatedFrom: relatedFrom.map(named),
    };
  }

  /** A Notion page id, or the id of one of the user's notes standing for its page (as NotionPagesService reads ids). */
  private async resolve(userId: string, id: string): Promise<string> {
    return canonicalPageId((await this.notes.notionPageIdOf(userId, id)) ?? id);
  }

  /** Appends the "Linked pages" entry mentioning `targetId` to the page; returns the new block's id. */
  private async writeEntry(notion: NotionHandle, pageId: string, targetId: string): Promise<string> {
    const appended = await notion.appendBlockChildren({
      block_id: pageId,
      children: [
        {
          paragraph: {
            rich_text: [
              { type: 'text', text: { content: LINKED_PAGES_LABEL }, annotations: { bold: true } },
              { type: 'mention', mention: { page: { id: targetId } } },
            ],
          },
        },
      ],
    });
    return appended.results[0].id;
  }

  /** Removes an entry we wrote; one the user already deleted (or whose page is gone) is no failure. */
  private async removeBlock(notion: NotionHandle, blockId: string): Promise<void> {
    try {
      await notion.deleteBlock({ block_id: blockId });
    } catch (error) {
      if (error instanceof NotionObjectNotFoundError || (error instanceof DomainError && error.code === 'NOTION_VALIDATION_FAILED')) {
        this.logger.warn({ blockId, code: error.code }, 'Linked-pages entry already gone');
        return;
      }
      throw error;
    }
  }

  /** Related and its other side ("Linked from") when the page is a row of the user's Table of Contents. */
  private async relations(notion: NotionHandle, page: PageObjectResponse): Promise<{ related: string[]; relatedFrom: string[] }> {
    if (page.parent.type !== 'data_source_id') return { related: [], relatedFrom: [] };
    const workspace = await this.workspaces.ensureWorkspace(notion.integrationId);
    if (page.parent.data_source_id !== workspace.dataSourceId) return { related: [], relatedFrom: [] };
    const relationIds = async (match: (name: string, id: string) => boolean): Promise<string[]> => {
      const found = Object.entries(page.properties).find(([name, p]) => p.type === 'relation' && match(name, p.id))?.[1];
      if (!found || found.type !== 'relation') return [];
      const shown = found.relation.map((r) => r.id);
      // A page object shows at most 25 values of a relation; the property item endpoint pages through all.
      const more = (found as { has_more?: boolean }).has_more === true || shown.length >= RELATION_PREVIEW;
      return more ? this.allRelationIds(notion, page.id, found.id) : shown;
    };
    const relatedId = workspace.propertyIds[PROPERTY.related];
    return {
      related: await relationIds((name, id) => (relatedId ? id === relatedId : name === PROPERTY.related)),
      relatedFrom: await relationIds((name, id) => name === RELATED_BACK && id !== relatedId),
    };
  }

  /** Every value of a relation property, through GET /v1/pages/{id}/properties/{property_id}, all pages of it. */
  private async allRelationIds(notion: NotionHandle, pageId: string, propertyId: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const answer = await notion.retrievePageProperty({ page_id: pageId, property_id: propertyId, start_cursor: cursor, page_size: 100 });
      if (answer.object !== 'list') break;
      for (const item of answer.results) if (item.type === 'relation') ids.push(item.relation.id);
      cursor = answer.has_more ? (answer.next_cursor ?? undefined) : undefined;
    } while (cursor);
    return ids;
  }

  /** Current titles, read a few at a time; pages that are gone or not shared are left out. */
  private async titles(notion: NotionHandle, ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const titles = new Map<string, string>();
    for (let i = 0; i < unique.length; i += 3) {
      await Promise.all(
        unique.slice(i, i + 3).map(async (id) => {
          try {
            const page = fullPage(await notion.retrievePage({ page_id: id }));
            if (!page.in_trash) titles.set(id, titleProperty(page).title);
          } catch (error) {
            if (!(error instanceof NotionObjectNotFoundError)) throw error;
          }
        }),
      );
    }
    return titles;
  }
}

function ref(page: PageObjectResponse): LinkedPageRef {
  return { pageId: page.id, title: titleProperty(page).title };
}
