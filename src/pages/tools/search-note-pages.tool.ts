import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { NotionPagesService, type PageSearchHit } from '../notion-pages.service';
import { QUERY_MAX, SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX } from '../page-input';

const input = z.object({
  query: z.string().trim().min(1).max(QUERY_MAX).describe('Words of the page title (each word matches the start of a title word)'),
  limit: z.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT).describe('How many results at most'),
});

@AgentTool()
@Injectable()
export class SearchNotePagesTool implements AgentToolDefinition<typeof input> {
  readonly name = 'search_note_pages';
  readonly title = 'Search pages';
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  readonly description =
    "Finds pages of the user's Notion workspace by title words (Notion searches titles, not page text), most recently " +
    'edited first. Returns id, title, url and last edited time of each; read one with read_note_page.';
  readonly input = input;

  constructor(private readonly pages: NotionPagesService) {}

  run(ctx: ToolContext, args: z.output<typeof input>): Promise<{ query: string; results: PageSearchHit[] }> {
    return this.pages.search(ctx.userId, args.query, args.limit);
  }
}
