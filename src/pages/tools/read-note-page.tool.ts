import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { PageIdParamDto } from '../dto/page-requests.dto';
import type { NotePage } from '../notion-page.mapper';
import { NotionPagesService } from '../notion-pages.service';
import { NOTE_ID_TOO } from '../page-input';
import { zNotePage } from './page-tool.schemas';

/** The page route's path (`/pages/{id}`), its id named for a model. */
const input = toolInput(PageIdParamDto, { rename: { id: 'pageId' }, describe: { pageId: `The Notion page id of the page to read; ${NOTE_ID_TOO}` } });

@AgentTool()
@Injectable()
export class ReadNotePageTool implements AgentToolDefinition<typeof input> {
  readonly name = 'read_note_page';
  readonly title = 'Read a page';
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  readonly output = zNotePage;
  readonly description =
    "Reads one page of the user's Notion workspace: its pageId, title, whole content as Markdown, url, when it was " +
    'created and last edited, and whether it is in the trash. Find pageIds with search_note_pages or get_table_of_contents; ' +
    "a noteId (from smart_search_notes or create_enhanced_note) also works and reads that note's page.";
  readonly input = input;

  constructor(private readonly pages: NotionPagesService) {}

  run(ctx: ToolContext, args: z.output<typeof input>): Promise<NotePage> {
    return this.pages.read(ctx.userId, args.pageId);
  }
}
