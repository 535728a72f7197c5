import { UuidParamDto } from '../../core/http/uuid-param.dto';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS } from '../../core/openapi/api-errors.decorator';
import type { AuthenticatedUser } from '../authenticated-user';
import { Authenticated } from '../decorators/authenticated.decorator';
import { CurrentUser } from '../decorators/current-user.decorator';
import { ApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ApiKeysService } from './api-keys.service';
import { SessionOnly } from './session-only.decorator';

/** Managing keys needs a signed-in session: a key can never mint, list or revoke keys (API_KEY_NOT_ALLOWED). */
@ApiTags('auth')
@Authenticated()
@SessionOnly()
@Controller('auth/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key for an agent (MCP client, script); the key is shown this once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiErrors(...BODY_ERRORS, 'CONFLICT', 'CSRF_REJECTED')
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, record } = await this.apiKeys.create(user.id, { name: body.name, expiresInDays: body.expiresInDays });
    return { ...ApiKeyDto.from(record), key };
  }

  @Get()
  @ApiOperation({ summary: "This user's API keys, newest first (never the keys themselves)" })
  @ApiOkResponse({ type: [ApiKeyDto] })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<ApiKeyDto[]> {
    return (await this.apiKeys.list(user.id)).map((key) => ApiKeyDto.from(key));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiNoContentResponse({ description: 'The key is revoked' })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'CSRF_REJECTED')
  async revoke(@CurrentUser() user: AuthenticatedUser, @Param() params: UuidParamDto): Promise<void> {
    await this.apiKeys.revoke(user.id, params.id);
  }
}
