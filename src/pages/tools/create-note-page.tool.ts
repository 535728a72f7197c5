import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { CreatePageDto } from '../dto/page-requests.dto';
import type { NotePage } from '../notion-page.mapper';
import { NotionPagesService } from '../notion-pages.service';
import { zNotePage } from './page-tool.schemas';

/** POST /pages's body. */
const input = toolInput(CreatePageDto, {
  describe: {
    title: 'The page title',
    content: 'The page body in Markdown (headings, lists, to-dos, quotes, code, links); may be empty',
    parentPageId: 'Put the page under this page (a Notion page id); leave it out to use the user\'s "Personal Assistant" page',
  },
});

@AgentTool()
@Injectable()
export class CreateNotePageTool implements AgentToolDefinition<typeof input> {
  readonly name = 'create_note_page';
  readonly title = 'Create a page';
  readonly annotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };
  readonly output = zNotePage;
  readonly description =
    'Creates a page in the user\'s Notion workspace from a title and Markdown content, under their "Personal Assistant" ' +
    'page unless parentPageId names another page. Returns the new page: pageId, title, url, times and its content as ' +
    'Markdown. Use the returned pageId with the other page tools.';
  readonly input = input;

  constructor(private readonly pages: NotionPagesService) {}

  run(ctx: ToolContext, args: z.output<typeof input>): Promise<NotePage> {
    return this.pages.create(ctx.userId, { title: args.title, content: args.content, parentPageId: args.parentPageId });
  }
}
