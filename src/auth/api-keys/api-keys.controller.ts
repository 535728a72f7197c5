import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../../core/errors/error-response.dto';
import type { AuthenticatedUser } from '../authenticated-user';
import { Authenticated } from '../decorators/authenticated.decorator';
import { CurrentUser } from '../decorators/current-user.decorator';
import { ApiKeyDto, ApiKeyIdParamDto, CreatedApiKeyDto } from './dto/api-key.dto';
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
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'CONFLICT: the account holds the most keys allowed' })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, record } = await this.apiKeys.create(user.id, { name: body.name, expiresInDays: body.expires_in_days });
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
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: the id is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'NOT_FOUND: no such key of this user' })
  async revoke(@CurrentUser() user: AuthenticatedUser, @Param() params: ApiKeyIdParamDto): Promise<void> {
    await this.apiKeys.revoke(user.id, params.id);
  }
}
