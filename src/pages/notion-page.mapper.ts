import { isFullPage, type GetPageResponse, type PageObjectResponse } from '@notionhq/client';
import { NotionObjectNotFoundError } from '../notion/notion.errors';

/** A page as every pages surface answers it: a few fields in our own camelCase, never Notion's object. */
export interface PageSummary {
  /** The Notion page id (a note's own id is `noteId` wherever one appears). */
  pageId: string;
  title: string;
  url: string;
  /** The page it sits under; null at workspace level or for a row of a database. */
  parentPageId: string | null;
  createdTime: string;
  lastEditedTime: string;
  inTrash: boolean;
}

export interface NotePage extends PageSummary {
  /** The page's content as Markdown. */
  content: string;
}

type PlainText = Array<{ plain_text: string }>;

export const plainText = (items: PlainText): string => items.map((t) => t.plain_text).join('');

export const richText = (content: string) => [{ type: 'text' as const, text: { content } }];

/** A full page object, or Notion's own "not found" (a partial object means the integration cannot read it). */
export function fullPage(page: GetPageResponse): PageObjectResponse {
  if (!isFullPage(page)) throw new NotionObjectNotFoundError();
  return page;
}

/** The page's title property: `title` for a page, the database's title property (ours: "Name") for a row. */
export function titleProperty(page: PageObjectResponse): { name: string; title: string } {
  for (const [name, property] of Object.entries(page.properties)) {
    if (property.type === 'title') return { name, title: plainText(property.title) };
  }
  return { name: 'title', title: '' };
}

export function toSummary(page: PageObjectResponse): PageSummary {
  return {
    pageId: page.id,
    title: titleProperty(page).title,
    url: page.url,
    parentPageId: page.parent.type === 'page_id' ? page.parent.page_id : null,
    createdTime: page.created_time,
    lastEditedTime: page.last_edited_time,
    inTrash: page.in_trash,
  };
}
