import { z } from 'zod';
import type { PageLinkView, Backlinks } from '../links/page-links.service';
import type { NotePage, PageSummary } from '../notion-page.mapper';
import type { PageSearchHit } from '../page-search';
import type { TableOfContents } from '../table-of-contents.service';

/** What the page tools return, as MCP publishes it (`outputSchema`); each is checked against its TypeScript type. */
export const zPageSummary = z.object({
  id: z.string().describe('The Notion page id'),
  title: z.string(),
  url: z.string(),
  parent_page_id: z.string().nullable(),
  created_time: z.string(),
  last_edited_time: z.string(),
  in_trash: z.boolean(),
}) satisfies z.ZodType<PageSummary>;

export const zNotePage = zPageSummary.extend({ content: z.string().describe('Markdown') }) satisfies z.ZodType<NotePage>;

export const zPageSearchResult = z.object({
  query: z.string(),
  results: z.array(
    z.object({
      id: z.string(),
      note_id: z.uuid().nullable(),
      title: z.string(),
      url: z.string(),
      last_edited_time: z.string(),
      source: z.enum(['notion', 'notes', 'both']),
    }) satisfies z.ZodType<PageSearchHit>,
  ),
});

export const zTableOfContents = z.object({
  root_page_id: z.string(),
  database_id: z.string(),
  total: z.number().int(),
  groups: z.array(
    z.object({
      type: z.string(),
      count: z.number().int(),
      entries: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          url: z.string().nullable(),
          tags: z.array(z.string()),
          summary: z.string().nullable(),
          created_time: z.string(),
          last_edited_time: z.string(),
        }),
      ),
    }),
  ),
}) satisfies z.ZodType<TableOfContents>;

const zPageRef = z.object({ page_id: z.string(), title: z.string().nullable() });
const zLinked = zPageRef.extend({ linked_at: z.string() });

export const zPageLink = z.object({ from: zPageRef, to: zPageRef, created_at: z.string() }) satisfies z.ZodType<PageLinkView>;

export const zBacklinks = z.object({
  page: zPageRef,
  links_to: z.array(zLinked),
  linked_from: z.array(zLinked),
  related: z.array(zPageRef),
  related_from: z.array(zPageRef),
}) satisfies z.ZodType<Backlinks>;
