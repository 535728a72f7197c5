import { Controller, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SessionOnly } from '../../auth/api-keys/session-only.decorator';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { Authenticated } from '../../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../../auth/decorators/current-user.decorator';
import { WorkspaceDto, WorkspaceQueryDto } from '../../notion/dto/workspace.dto';
import { ApiNotionErrors } from '../../notion/notion-api-errors.decorator';
import { NotesWorkspaceService } from './notes-workspace.service';

/**
 * POST /workspace/restore and /workspace/start-new: the choices GET /workspace offers when it is not active.
 * The person's decision about their own Notion, so a signed-in session only, never an API key.
 */
@ApiTags('notion')
@Authenticated()
@SessionOnly()
@Controller('workspace')
export class NotesWorkspaceController {
  constructor(private readonly choices: NotesWorkspaceService) {}

  @Post('restore')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Take your "Personal Assistant" page (and its Table of Contents) out of the Notion trash',
    description: 'Notes that waited meanwhile sync into the same Table of Contents. 409 WORKSPACE_GONE when Notion deleted it for good.',
  })
  @ApiOkResponse({ type: WorkspaceDto })
  @ApiNotionErrors('WORKSPACE_GONE', 'VALIDATION_FAILED', 'NOT_FOUND', 'OAUTH_EXCHANGE_FAILED', 'CSRF_REJECTED')
  async restore(@CurrentUser() user: AuthenticatedUser, @Query() query: WorkspaceQueryDto): Promise<WorkspaceDto> {
    return WorkspaceDto.from(await this.choices.restore(user.id, query.integrationId));
  }

  @Post('start-new')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start a new "Personal Assistant" page and Table of Contents, and write every note into it again',
    description:
      'Only while the current one is in the trash or gone (409 WORKSPACE_ACTIVE otherwise). Each note is written once into the new ' +
      'Table of Contents by the sync (their state is pending until then).',
  })
  @ApiOkResponse({ type: WorkspaceDto })
  @ApiNotionErrors('WORKSPACE_ACTIVE', 'VALIDATION_FAILED', 'NOT_FOUND', 'OAUTH_EXCHANGE_FAILED', 'CSRF_REJECTED')
  async startNew(@CurrentUser() user: AuthenticatedUser, @Query() query: WorkspaceQueryDto): Promise<WorkspaceDto> {
    return WorkspaceDto.from(await this.choices.startNew(user.id, query.integrationId));
  }
}
