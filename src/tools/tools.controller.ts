import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ErrorResponseDto } from '../core/errors/error-response.dto';
import { InvokeToolDto, ToolResultDto } from './dto/invoke-tool.dto';
import { ToolDto } from './dto/tool.dto';
import { ToolRegistry } from './tool-registry';

@ApiTags('tools')
@Authenticated()
@Controller('tools')
export class ToolsController {
  constructor(private readonly registry: ToolRegistry) {}

  @Get()
  @ApiOperation({ summary: "The agent tools, in OpenAI's function-calling format (pass them as `tools` to a model)" })
  @ApiOkResponse({ type: [ToolDto] })
  list(): ToolDto[] {
    return this.registry.list().map((tool) => ToolDto.from(tool));
  }

  @Post(':name/invoke')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run a tool as the signed-in user (or the owner of the API key)' })
  @ApiParam({ name: 'name', example: 'get_account' })
  @ApiOkResponse({ type: ToolResultDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED: `details` name each bad argument by its path inside `arguments`',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'TOOL_NOT_FOUND; or NOT_FOUND from the tool itself' })
  async invoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param('name') name: string,
    @Body() body: InvokeToolDto,
  ): Promise<ToolResultDto> {
    const result = await this.registry.invoke({ userId: user.id, user, via: 'rest' }, name, body.arguments ?? {});
    return { tool: name, result };
  }
}
