import { z } from 'zod';
import type { PageLinkView, Backlinks } from '../links/page-links.service';
import type { NotePage, PageSummary } from '../notion-page.mapper';
import type { PageSearchHit } from '../page-search';
import type { TableOfContents } from '../table-of-contents.service';

/** What the page tools return, as MCP publishes it (`outputSchema`); each is checked against its TypeScript type. */
export const zPageSummary = z.object({
  pageId: z.string().describe('The Notion page id (what the page tools take)'),
  title: z.string(),
  url: z.string(),
  parentPageId: z.string().nullable().describe('The page it sits under; null for a note (a row of the Table of Contents) or at workspace level'),
  createdTime: z.string(),
  lastEditedTime: z.string(),
  inTrash: z.boolean(),
}) satisfies z.ZodType<PageSummary>;

export const zNotePage = zPageSummary.extend({ content: z.string().describe('Markdown') }) satisfies z.ZodType<NotePage>;

export const zPageSearchResult = z.object({
  query: z.string(),
  results: z.array(
    z.object({
      pageId: z.string().describe('The Notion page id (for read_note_page, update_note_page, create_link)'),
      noteId: z.uuid().nullable().describe('The note whose page this is (for the note tools); null for a plain page'),
      title: z.string(),
      url: z.string(),
      lastEditedTime: z.string(),
      source: z.enum(['notion', 'notes', 'both']),
    }) satisfies z.ZodType<PageSearchHit>,
  ),
});

export const zTableOfContents = z.object({
  rootPageId: z.string().describe('The "Personal Assistant" page'),
  databaseId: z.string().describe('The "Table of Contents" database'),
  total: z.number().int(),
  groups: z.array(
    z.object({
      type: z.string(),
      count: z.number().int(),
      entries: z.array(
        z.object({
          pageId: z.string().describe('The Notion page id of the note or sub-page'),
          title: z.string(),
          url: z.string().nullable(),
          tags: z.array(z.string()),
          summary: z.string().nullable(),
          createdTime: z.string(),
          lastEditedTime: z.string(),
        }),
      ),
    }),
  ),
}) satisfies z.ZodType<TableOfContents>;

const zPageRef = z.object({ pageId: z.string(), title: z.string().nullable() });
const zLinked = zPageRef.extend({ linkedAt: z.string() });

export const zPageLink = z.object({ from: zPageRef, to: zPageRef, createdAt: z.string() }) satisfies z.ZodType<PageLinkView>;

export const zBacklinks = z.object({
  page: zPageRef,
  linksTo: z.array(zLinked),
  linkedFrom: z.array(zLinked),
  related: z.array(zPageRef),
  relatedFrom: z.array(zPageRef),
}) satisfies z.ZodType<Backlinks>;
