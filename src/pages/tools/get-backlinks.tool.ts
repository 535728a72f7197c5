import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { PageIdParamDto } from '../dto/page-requests.dto';
import { PageLinksService, type Backlinks } from '../links/page-links.service';
import { NOTE_ID_TOO } from '../page-input';
import { zBacklinks } from './page-tool.schemas';

/** The page route's path (`/pages/{id}`), its id named for a model. */
const input = toolInput(PageIdParamDto, { rename: { id: 'pageId' }, describe: { pageId: `The Notion page whose links you want; ${NOTE_ID_TOO}` } });

@AgentTool()
@Injectable()
export class GetBacklinksTool implements AgentToolDefinition<typeof input> {
  readonly name = 'get_backlinks';
  readonly title = 'Links and backlinks of a page';
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  readonly output = zBacklinks;
  readonly description =
    'Lists the links of a page of the user\'s Notion workspace made with create_link, both ways: linksTo (pages it ' +
    'links to) and linkedFrom (pages linking to it, its backlinks), each with pageId and current title; for a note of ' +
    'the Table of Contents also its Related notes (related) and the notes that list it as Related (relatedFrom).';
  readonly input = input;

  constructor(private readonly links: PageLinksService) {}

  run(ctx: ToolContext, args: z.output<typeof input>): Promise<Backlinks> {
    return this.links.backlinks(ctx.userId, args.pageId);
  }
}
