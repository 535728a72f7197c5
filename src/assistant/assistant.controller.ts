import { UuidParamDto } from '../core/http/uuid-param.dto';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiErrors, BODY_ERRORS } from '../core/openapi/api-errors.decorator';
import { AssistantActionsService } from './assistant-actions.service';
import { AssistantService } from './assistant.service';
import { AssistantActionDto } from './dto/assistant-action.dto';
import { AssistantReplyDto } from './dto/assistant-reply.dto';
import { ConversationDto, ListConversationsQueryDto } from './dto/conversation.dto';
import { SendMessageDto } from './dto/send-message.dto';

const CONVERSATIONS_DEFAULT = 20;

@ApiTags('assistant')
@Authenticated()
@Controller('assistant')
export class AssistantController {
  constructor(
    private readonly assistant: AssistantService,
    private readonly actions: AssistantActionsService,
  ) {}

  @Post('messages')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Talk to the assistant: it may run tools as you, then answers',
    description:
      'Calls that delete or overwrite (moving a page to the trash, replacing a page, rewriting a note) are not run: ' +
      'they come back in `pendingActions` and run only when you confirm them.',
  })
  @ApiOkResponse({ type: AssistantReplyDto })
  // NOT_FOUND: no such conversation of this user.
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'CSRF_REJECTED', 'RATE_LIMITED', 'LLM_FAILED', 'LLM_NOT_CONFIGURED')
  async send(@CurrentUser() user: AuthenticatedUser, @Body() body: SendMessageDto): Promise<AssistantReplyDto> {
    const turn = await this.assistant.send(user, { message: body.message, conversationId: body.conversationId });
    return AssistantReplyDto.from(turn);
  }

  @Get('conversations')
  @ApiOperation({ summary: 'Your conversations with the assistant, most recently active first' })
  @ApiOkResponse({ type: [ConversationDto] })
  @ApiErrors('VALIDATION_FAILED')
  async conversations(@CurrentUser() user: AuthenticatedUser, @Query() query: ListConversationsQueryDto): Promise<ConversationDto[]> {
    const found = await this.assistant.listConversations(user.id, query.limit ?? CONVERSATIONS_DEFAULT);
    return found.map((conversation) => ConversationDto.from(conversation));
  }

  @Delete('conversations/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete one of your conversations, its messages and its pending actions' })
  @ApiNoContentResponse({ description: 'The conversation is deleted' })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'CSRF_REJECTED')
  async deleteConversation(@CurrentUser() user: AuthenticatedUser, @Param() params: UuidParamDto): Promise<void> {
    await this.assistant.deleteConversation(user.id, params.id);
  }

  @Get('actions')
  @ApiOperation({ summary: 'Actions the assistant is holding for your confirmation, newest first' })
  @ApiOkResponse({ type: [AssistantActionDto] })
  async pending(@CurrentUser() user: AuthenticatedUser): Promise<AssistantActionDto[]> {
    return (await this.actions.pending(user.id)).map((action) => AssistantActionDto.from(action));
  }

  @Post('actions/:id/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm a held action: it runs now, as you, and the answer says how it ended' })
  @ApiOkResponse({ type: AssistantActionDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'CSRF_REJECTED', 'ASSISTANT_ACTION_RESOLVED', 'ASSISTANT_ACTION_EXPIRED')
  async confirm(@CurrentUser() user: AuthenticatedUser, @Param() params: UuidParamDto): Promise<AssistantActionDto> {
    return AssistantActionDto.from(await this.actions.confirm(user, params.id));
  }

  @Post('actions/:id/decline')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decline a held action: it is never run' })
  @ApiOkResponse({ type: AssistantActionDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'CSRF_REJECTED', 'ASSISTANT_ACTION_RESOLVED', 'ASSISTANT_ACTION_EXPIRED')
  async decline(@CurrentUser() user: AuthenticatedUser, @Param() params: UuidParamDto): Promise<AssistantActionDto> {
    return AssistantActionDto.from(await this.actions.decline(user.id, params.id));
  }
}
