import { UuidParamDto } from '../core/http/uuid-param.dto';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { SessionOnly } from '../auth/api-keys/session-only.decorator';
import { Authenticated } from '../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { NoStore } from '../core/http/no-store.decorator';
import { ApiErrors, BODY_ERRORS } from '../core/openapi/api-errors.decorator';
import {
  McpAuthorizationDecisionDto,
  McpAuthorizationInfoDto,
  McpAuthorizationRedirectDto,
  McpAuthorizationRequestDto,
  McpClientGrantDto,
} from './dto/mcp-authorization.dto';
import { McpConsentService } from './mcp-consent.service';

/**
 * The signed-in person's side of AI clients' OAuth sign-in (used by /app/authorize and /app): session only, so
 * an API key or an AI client can never approve a client, or list and revoke them.
 */
@ApiTags('mcp authorization')
@Authenticated()
@SessionOnly()
@Controller('auth/mcp-clients')
export class McpAuthController {
  constructor(private readonly consent: McpConsentService) {}

  @Get('authorization')
  @NoStore()
  @ApiOperation({ summary: 'What an AI client asks for (the consent page shows it before you decide)' })
  @ApiOkResponse({ type: McpAuthorizationInfoDto })
  @ApiErrors('VALIDATION_FAILED', 'MCP_AUTHORIZATION_INVALID', 'MCP_AUTH_DISABLED', 'API_KEY_NOT_ALLOWED')
  async describe(@Query() query: McpAuthorizationRequestDto): Promise<McpAuthorizationInfoDto> {
    return this.consent.describe(query);
  }

  @Post('authorization')
  @NoStore()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Allow or deny an AI client: answers where to send the browser (with a code, or the refusal)' })
  @ApiOkResponse({ type: McpAuthorizationRedirectDto })
  @ApiErrors(...BODY_ERRORS, 'MCP_AUTHORIZATION_INVALID', 'MCP_AUTH_DISABLED', 'API_KEY_NOT_ALLOWED', 'CSRF_REJECTED')
  async decide(@CurrentUser() user: AuthenticatedUser, @Body() body: McpAuthorizationDecisionDto): Promise<McpAuthorizationRedirectDto> {
    return { redirectTo: await this.consent.decide(user.id, body) };
  }

  @Get()
  @NoStore()
  @ApiOperation({ summary: 'The AI clients you allowed to use /mcp as you, most recently used first' })
  @ApiOkResponse({ type: [McpClientGrantDto] })
  @ApiErrors('API_KEY_NOT_ALLOWED')
  async list(@CurrentUser() user: AuthenticatedUser): Promise<McpClientGrantDto[]> {
    const grants = await this.consent.list(user.id);
    return grants.map((grant) => ({
      grantId: grant.id,
      clientName: grant.clientName,
      createdAt: grant.createdAt.toISOString(),
      lastUsedAt: grant.lastUsedAt?.toISOString() ?? null,
    }));
  }

  @Delete(':id')
  @NoStore()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an AI client: its tokens stop working at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'API_KEY_NOT_ALLOWED', 'CSRF_REJECTED')
  async revoke(@CurrentUser() user: AuthenticatedUser, @Param() params: UuidParamDto): Promise<void> {
    await this.consent.revoke(user.id, params.id);
  }
}
