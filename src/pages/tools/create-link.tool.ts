import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { LinkParamsDto } from '../dto/page-requests.dto';
import { PageLinksService, type PageLinkView } from '../links/page-links.service';
import { NOTE_ID_TOO } from '../page-input';
import { zPageLink } from './page-tool.schemas';

/** The link route's path (`/pages/{id}/links/{target}`), its ids named for a model. */
const input = toolInput(LinkParamsDto, {
  rename: { id: 'fromPageId', target: 'toPageId' },
  describe: { fromPageId: `The page to link from; ${NOTE_ID_TOO}`, toPageId: `The page to link to; ${NOTE_ID_TOO}` },
});

@AgentTool()
@Injectable()
export class CreateLinkTool implements AgentToolDefinition<typeof input> {
  readonly name = 'create_link';
  readonly title = 'Link two pages';
  readonly annotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  readonly output = zPageLink;
  readonly description =
    'Links two pages of the user\'s Notion workspace: writes a "Linked pages" entry mentioning the other page on both ' +
    'pages and remembers the link, so that get_backlinks finds it from either side. Takes Notion page ids (pageId from ' +
    'the other tools); a noteId stands for its note\'s page. Returns both pages (pageId, title) and createdAt. Fails ' +
    'with PAGE_LINK_EXISTS when the pages are already linked in this direction.';
  readonly input = input;

  constructor(private readonly links: PageLinksService) {}

  run(ctx: ToolContext, args: z.output<typeof input>): Promise<PageLinkView> {
    return this.links.create(ctx.userId, args.fromPageId, args.toPageId);
  }
}
