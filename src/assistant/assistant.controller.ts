import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiErrors, BODY_ERRORS } from '../core/openapi/api-errors.decorator';
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
  // NOT_FOUND: no such conversation of this user.
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'CSRF_REJECTED', 'LLM_FAILED', 'LLM_NOT_CONFIGURED')
  async send(@CurrentUser() user: AuthenticatedUser, @Body() body: SendMessageDto): Promise<AssistantReplyDto> {
    const turn = await this.assistant.send(user, { message: body.message, conversationId: body.conversation_id });
    return AssistantReplyDto.from(turn);
  }
}
