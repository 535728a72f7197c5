import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { Authenticated } from '../../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../../auth/decorators/current-user.decorator';
import { IntegrationStatusDto } from '../dto/integration-status.dto';
import { ApiErrors } from '../../core/openapi/api-errors.decorator';
import { ConnectionCheckService } from './connection-check.service';

/** The integrations route that calls Notion; the others (list, default, disconnect, audit) are the OAuth module's. */
@ApiTags('integrations')
@Authenticated()
@Controller('integrations')
export class IntegrationStatusController {
  constructor(private readonly connections: ConnectionCheckService) {}

  @Get(':id/status')
  @ApiOperation({ summary: 'Test the connection: one call to the provider with this integration (refreshing if needed)' })
  @ApiOkResponse({ type: IntegrationStatusDto })
  // What `users.me` through the gateway can answer, besides an unknown id and a failed token refresh.
  @ApiErrors('NOT_FOUND', 'NOTION_REAUTH_REQUIRED', 'NOTION_RATE_LIMITED', 'NOTION_UNAVAILABLE', 'OAUTH_EXCHANGE_FAILED')
  async status(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<IntegrationStatusDto> {
    return IntegrationStatusDto.from(await this.connections.check(user.id, id));
  }
}
