import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { PageIdParamDto } from '../dto/page-requests.dto';
import type { PageSummary } from '../notion-page.mapper';
import { NotionPagesService } from '../notion-pages.service';
import { NOTE_ID_TOO } from '../page-input';
import { zPageSummary } from './page-tool.schemas';

/** The page route's path (`/pages/{id}`), its id named for a model. */
const input = toolInput(PageIdParamDto, { rename: { id: 'pageId' }, describe: { pageId: `The Notion page id of the page to delete; ${NOTE_ID_TOO}` } });

@AgentTool()
@Injectable()
export class DeleteNotePageTool implements AgentToolDefinition<typeof input> {
  readonly name = 'delete_note_page';
  readonly title = 'Move a page to the trash';
  readonly annotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };
  readonly output = zPageSummary;
  readonly description =
    "Moves a page of the user's Notion workspace to Notion's trash, from where the user can restore it for 30 days. " +
    'Only do this when the user asked for it; the "Personal Assistant" page itself cannot be deleted. Returns the page\'s pageId, title and url with inTrash true.';
  readonly input = input;

  constructor(private readonly pages: NotionPagesService) {}

  confirmation(args: z.output<typeof input>): string {
    return `Move the Notion page ${args.pageId} to the trash`;
  }

  run(ctx: ToolContext, args: z.output<typeof input>): Promise<PageSummary> {
    return this.pages.trash(ctx.userId, args.pageId);
  }
}
