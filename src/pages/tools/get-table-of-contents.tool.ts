import { Injectable } from '@nestjs/common';
import { NoArgumentsDto } from '../../tools/dto/no-arguments.dto';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { TableOfContentsService, type TableOfContents } from '../table-of-contents.service';
import { zTableOfContents } from './page-tool.schemas';

const input = toolInput(NoArgumentsDto);

@AgentTool()
@Injectable()
export class GetTableOfContentsTool implements AgentToolDefinition<typeof input> {
  readonly name = 'get_table_of_contents';
  readonly title = 'Table of contents';
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  readonly output = zTableOfContents;
  readonly description =
    'Lists what the user keeps in Notion: the notes of their "Table of Contents" database and the pages under their ' +
    '"Personal Assistant" page, grouped by note type (meeting, project, …; "page" for plain pages), newest first, with ' +
    'pageId (the Notion page id), title, tags and summary. Use it for an overview or to find a pageId. Takes no arguments.';
  readonly input = input;

  constructor(private readonly toc: TableOfContentsService) {}

  run(ctx: ToolContext): Promise<TableOfContents> {
    return this.toc.get(ctx.userId);
  }
}
