import { Injectable } from '@nestjs/common';
import { IntersectionType } from '@nestjs/swagger';
import type { z } from 'zod';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { PageIdParamDto, UpdatePageDto } from '../dto/page-requests.dto';
import type { NotePage } from '../notion-page.mapper';
import { NotionPagesService } from '../notion-pages.service';
import { NOTE_ID_TOO } from '../page-input';
import { zNotePage } from './page-tool.schemas';

/** PATCH /pages/{id}: its path and its body, the id named for a model. */
const input = toolInput(IntersectionType(PageIdParamDto, UpdatePageDto), {
  rename: { id: 'pageId' },
  describe: {
    pageId: `The Notion page id of the page to change; ${NOTE_ID_TOO}`,
    title: 'A new title',
    content: 'Markdown to write into the page',
    mode: 'append (default) adds the content at the end; replace swaps the whole content for it',
  },
});

@AgentTool()
@Injectable()
export class UpdateNotePageTool implements AgentToolDefinition<typeof input> {
  readonly name = 'update_note_page';
  readonly title = 'Change a page';
  readonly annotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
  readonly output = zNotePage;
  readonly description =
    "Changes a page of the user's Notion workspace: renames it (title) and/or writes Markdown content, appended at the end " +
    'by default or replacing the whole content with mode "replace" (sub-pages and link entries are kept). Give a title, ' +
    'content, or both. Returns the page as read_note_page does.';
  readonly input = input;

  constructor(private readonly pages: NotionPagesService) {}

  /** Renaming and appending keep every word on the page; only replacing its content needs the person's yes. */
  confirmation(args: z.output<typeof input>): string | null {
    return args.mode === 'replace' && args.content !== undefined ? `Replace the whole content of the Notion page ${args.pageId}` : null;
  }

  run(ctx: ToolContext, args: z.output<typeof input>): Promise<NotePage> {
    return this.pages.update(ctx.userId, args.pageId, { title: args.title, content: args.content, mode: args.mode ?? 'append' });
  }
}
