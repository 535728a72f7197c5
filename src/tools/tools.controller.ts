import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiErrors, BODY_ERRORS } from '../core/openapi/api-errors.decorator';
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
  @ApiOperation({
    summary: 'Run a tool as the signed-in user (or the owner of the API key)',
    description: 'Bad arguments answer 400 VALIDATION_FAILED whose `details` name each field by its path inside `arguments`.',
  })
  @ApiParam({ name: 'name', example: 'get_account' })
  @ApiOkResponse({ type: ToolResultDto })
  // NOT_FOUND comes from the tool itself (a resource of this user it was asked about).
  @ApiErrors(...BODY_ERRORS, 'TOOL_NOT_FOUND', 'NOT_FOUND', 'CSRF_REJECTED')
  async invoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param('name') name: string,
    @Body() body: InvokeToolDto,
  ): Promise<ToolResultDto> {
    const result = await this.registry.invoke({ userId: user.id, user, via: 'rest' }, name, body.arguments ?? {});
    return { tool: name, result };
  }
}
