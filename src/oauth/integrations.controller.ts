import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiErrors, BODY_ERRORS } from '../core/openapi/api-errors.decorator';
import { AuditPageDto, AuditEntryDto } from './dto/audit-page.dto';
import { AuditQueryDto } from './dto/audit-query.dto';
import { IntegrationDto } from './dto/integration.dto';
import { UpdateIntegrationDto } from './dto/update-integration.dto';
import { OAuthIntegrationService } from './integrations/oauth-integration.service';

/** `GET /integrations/:id/status` ("test connection") calls Notion, so it is the Notion layer's (IntegrationStatusController). */
@ApiTags('integrations')
@Authenticated()
@Controller('integrations')
export class IntegrationsController {
  constructor(private readonly integrations: OAuthIntegrationService) {}

  @Get()
  @ApiOperation({ summary: "The user's connected workspaces (never a token)" })
  @ApiOkResponse({ type: [IntegrationDto] })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<IntegrationDto[]> {
    return (await this.integrations.list(user.id)).map((row) => IntegrationDto.from(row));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Make this integration the default' })
  @ApiOkResponse({ type: IntegrationDto })
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'CSRF_REJECTED')
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() _body: UpdateIntegrationDto,
  ): Promise<IntegrationDto> {
    return IntegrationDto.from(await this.integrations.makeDefault(user.id, id));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Disconnect: revoke the tokens at the provider and forget them' })
  @ApiNoContentResponse({ description: 'Disconnected' })
  @ApiErrors('NOT_FOUND', 'CSRF_REJECTED')
  async disconnect(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    await this.integrations.disconnect(user.id, id);
  }

  @Get(':id/audit')
  @ApiOperation({ summary: "The integration's audit log, newest first" })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async audit(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: AuditQueryDto,
  ): Promise<AuditPageDto> {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const page = await this.integrations.auditPage(user.id, id, limit, offset);
    return { items: page.items.map((row) => AuditEntryDto.from(row)), total: page.total, limit, offset };
  }
}
