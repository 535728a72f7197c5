import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { SearchPagesQueryDto } from '../dto/page-requests.dto';
import { NotionPagesService } from '../notion-pages.service';
import type { PageSearchHit } from '../page-search';
import { SEARCH_LIMIT_DEFAULT } from '../page-input';
import { zPageSearchResult } from './page-tool.schemas';

/** GET /pages/search's query, `q` named `query` for a model. */
const input = toolInput(SearchPagesQueryDto, {
  rename: { q: 'query' },
  describe: { query: 'Words of the page title (each word matches the start of a title word)', limit: 'How many results at most' },
});

@AgentTool()
@Injectable()
export class SearchNotePagesTool implements AgentToolDefinition<typeof input> {
  readonly name = 'search_note_pages';
  readonly title = 'Search pages';
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  readonly output = zPageSearchResult;
  readonly description =
    "Finds pages of the user's Notion workspace: by title words through Notion's search, and through the user's own " +
    'note index, which also reads the content, tags and summaries of their notes. Returns one hit per page: pageId (the ' +
    'Notion page id, for read_note_page, update_note_page and create_link), noteId (the note it belongs to, for the ' +
    'note tools; null for a plain page), title, url, lastEditedTime and source (notion, notes or both).';
  readonly input = input;

  constructor(private readonly pages: NotionPagesService) {}

  run(ctx: ToolContext, args: z.output<typeof input>): Promise<{ query: string; results: PageSearchHit[] }> {
    return this.pages.search(ctx.userId, args.query, args.limit ?? SEARCH_LIMIT_DEFAULT);
  }
}
