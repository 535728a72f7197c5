import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/decorators/authenticated.decorator';
import { CurrentSessionId, CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { OAuthManager, appLocation } from './connect/oauth-manager.service';
import { CallbackQueryDto } from './dto/callback-query.dto';

@ApiTags('integrations')
@Authenticated()
@Controller('integrations')
export class OAuthConnectController {
  constructor(private readonly manager: OAuthManager) {}

  @Get(':provider/connect')
  @ApiOperation({ summary: "Start connecting a workspace: redirects to the provider's consent page (e.g. provider=notion)" })
  @ApiFoundResponse({ description: 'Location: the authorize URL, with a single-use state bound to this session' })
  @ApiErrors('NOT_FOUND', 'RATE_LIMITED')
  async connect(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentSessionId() sessionId: string,
    @Param('provider') provider: string,
    @Res() response: Response,
  ): Promise<void> {
    response.redirect(302, await this.manager.start(user, sessionId, provider));
  }

  @Get(':provider/callback')
  @ApiOperation({ summary: "The provider's redirect back: checks the state first, then who granted, stores the integration, redirects to /app" })
  @ApiFoundResponse({ description: 'Location: /app?notice=connected|reconnected|cancelled|failed' })
  @ApiErrors('OAUTH_STATE_INVALID', 'OAUTH_GRANT_OWNER_MISMATCH', 'NOTION_USER_BOUND_ELSEWHERE', 'VALIDATION_FAILED', 'NOT_FOUND')
  async callback(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentSessionId() sessionId: string,
    @Param('provider') provider: string,
    @Query() query: CallbackQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    response.redirect(302, appLocation(await this.manager.complete(user, sessionId, provider, query)));
  }
}
