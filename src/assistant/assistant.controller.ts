import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ErrorResponseDto } from '../core/errors/error-response.dto';
import { AssistantService } from './assistant.service';
import { AssistantReplyDto } from './dto/assistant-reply.dto';
import { SendMessageDto } from './dto/send-message.dto';

@ApiTags('assistant')
@Authenticated()
@Controller('assistant')
export class AssistantController {
  constructor(private readonly assistant: AssistantService) {}

  @Post('messages')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Talk to the assistant: it may run tools as you, then answers' })
  @ApiOkResponse({ type: AssistantReplyDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'NOT_FOUND: no such conversation of yours' })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'LLM_FAILED: the model did not answer' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'LLM_NOT_CONFIGURED: set LLM_API_KEY or LLM_BASE_URL' })
  async send(@CurrentUser() user: AuthenticatedUser, @Body() body: SendMessageDto): Promise<AssistantReplyDto> {
    const turn = await this.assistant.send(user, { message: body.message, conversationId: body.conversation_id });
    return AssistantReplyDto.from(turn);
  }
}
