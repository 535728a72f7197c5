import { CACHE_MANAGER, type Cache } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PageObjectResponse } from '@notionhq/client';
import { Clock } from '../core/clock/clock';

/**
 * Notion stamps `last_edited_time` to the minute: every edit within 10:00:00–10:00:59 shows 10:00:00. Content
 * read while that minute may still take edits could change without the stamp moving, so it is cached only once
 * the stamp is more than a minute old when the page is read (plus a margin for the difference between our
 * clock and Notion's): any later edit then carries a later stamp, so a key holding the stamp can never name
 * stale content.
 */
const SETTLED_AFTER_MS = 60_000 + 5_000;

/** Entries only take memory once their page moves on (a new stamp, a new key); an hour bounds that. */
const CONTENT_TTL_MS = 60 * 60_000;

/** A page bigger than this is read from Notion each time rather than held in Redis or memory. */
const MAX_CACHED_CHARS = 256 * 1024;

export interface PageMarkdown {
  markdown: string;
  /** Content that shows other documents' titles (sub-pages, mentions) is never cached; see readMarkdown. */
  showsOtherDocuments: boolean;
}

/**
 * A page's Markdown, keyed by integration, page id and `last_edited_time`: a repeated read of a page nobody
 * changed costs the pages.retrieve that tells its stamp and no block reads. Per integration, never shared: a
 * user only ever reaches content their own integration read (the retrieve before it proves they still can).
 */
@Injectable()
export class PageContentCache {
  private readonly logger = new Logger(PageContentCache.name);

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly clock: Clock,
  ) {}

  async markdown(integrationId: string, page: PageObjectResponse, read: () => Promise<PageMarkdown>): Promise<string> {
    if (this.clock.now() - Date.parse(page.last_edited_time) <= SETTLED_AFTER_MS) return (await read()).markdown;
    const key = `page:${integrationId}:${page.id}:${page.last_edited_time}`;
    const cached = await this.cache.get<string>(key);
    if (cached !== undefined) return cached;
    const content = await read();
    if (!content.showsOtherDocuments && content.markdown.length <= MAX_CACHED_CHARS) {
      await this.cache.set(key, content.markdown, CONTENT_TTL_MS).catch((error: unknown) => {
        this.logger.warn({ err: { message: (error as Error).message } }, 'Could not cache page content');
      });
    }
    return content.markdown;
  }
}
