import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { Authenticated } from '../../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../../auth/decorators/current-user.decorator';
import { WorkspaceDto, WorkspaceQueryDto } from '../dto/workspace.dto';
import { ApiNotionErrors } from '../notion-api-errors.decorator';
import { NotionWorkspaceManager } from './notion-workspace.manager';

@ApiTags('notion')
@Authenticated()
@Controller('workspace')
export class WorkspaceController {
  constructor(private readonly workspaces: NotionWorkspaceManager) {}

  @Get()
  @ApiOperation({
    summary: 'Your "Personal Assistant" page and notes database in Notion, created on first call, with their state',
    description: 'When the page or the Table of Contents is in the Notion trash or gone, `state` says so and `choices` lists what you can do.',
  })
  @ApiOkResponse({ type: WorkspaceDto })
  @ApiNotionErrors('VALIDATION_FAILED', 'NOT_FOUND', 'OAUTH_EXCHANGE_FAILED')
  async get(@CurrentUser() user: AuthenticatedUser, @Query() query: WorkspaceQueryDto): Promise<WorkspaceDto> {
    return WorkspaceDto.from(await this.workspaces.viewForUser(user.id, query.integrationId));
  }
}
