import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import type { NotePage } from '../notion-page.mapper';
import { NotionPagesService } from '../notion-pages.service';
import { zContent, zPageId, zTitle } from '../page-input';
import { zNotePage } from './page-tool.schemas';

const input = z.object({
  title: zTitle.describe('The page title'),
  content: zContent.describe('The page body in Markdown (headings, lists, to-dos, quotes, code, links); may be empty'),
  parent_page_id: zPageId('Put the page under this page; leave it out to use the user\'s "Personal Assistant" page').optional(),
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
    'page unless parent_page_id names another page. Returns the new page: id, title, url, times and its content as Markdown. ' +
    'Use the returned id with the other page tools.';
  readonly input = input;

  constructor(private readonly pages: NotionPagesService) {}

  run(ctx: ToolContext, args: z.output<typeof input>): Promise<NotePage> {
    return this.pages.create(ctx.userId, { title: args.title, content: args.content, parentPageId: args.parent_page_id });
  }
}
