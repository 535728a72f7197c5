import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiFoundResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/decorators/authenticated.decorator';
import { CurrentSessionId, CurrentUser } from '../auth/decorators/current-user.decorator';
import { ErrorResponseDto } from '../core/errors/error-response.dto';
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
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'NOT_FOUND: unknown provider' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'RATE_LIMITED, with Retry-After' })
  async connect(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentSessionId() sessionId: string,
    @Param('provider') provider: string,
    @Res() response: Response,
  ): Promise<void> {
    response.redirect(302, await this.manager.start(user, sessionId, provider));
  }

  @Get(':provider/callback')
  @ApiOperation({ summary: "The provider's redirect back: checks the state, stores the integration, redirects to /app" })
  @ApiFoundResponse({ description: 'Location: /app?notice=connected|reconnected|cancelled|failed' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'OAUTH_STATE_INVALID (missing, reused, expired or another session\'s state); VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'NOT_FOUND: unknown provider' })
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
