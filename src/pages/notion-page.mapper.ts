import { isFullPage, type GetPageResponse, type PageObjectResponse } from '@notionhq/client';
import { NotionObjectNotFoundError } from '../notion/notion.errors';

/** A page as every pages surface answers it: a few fields, never Notion's object. */
export interface PageSummary {
  id: string;
  title: string;
  url: string;
  /** The page it sits under; null at workspace level or for a row of a database. */
  parent_page_id: string | null;
  created_time: string;
  last_edited_time: string;
  in_trash: boolean;
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
    id: page.id,
    title: titleProperty(page).title,
    url: page.url,
    parent_page_id: page.parent.type === 'page_id' ? page.parent.page_id : null,
    created_time: page.created_time,
    last_edited_time: page.last_edited_time,
    in_trash: page.in_trash,
  };
}
