import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ToolsModule } from '../tools/tools.module';
import { AssistantActionEntity } from './actions/assistant-action.entity';
import { AssistantActionsRepository } from './actions/assistant-actions.repository';
import { AssistantActionsService } from './assistant-actions.service';
import { AssistantController } from './assistant.controller';
import { AssistantService } from './assistant.service';
import { ConversationMessageEntity } from './conversations/conversation-message.entity';
import { ConversationEntity } from './conversations/conversation.entity';
import { ConversationsRepository } from './conversations/conversations.repository';
import { ChatModel } from './model/chat-model';
import { OpenAiChatModel } from './model/openai-chat.model';

/** The assistant endpoint: the configured model with the registry's tools, conversations kept per user. */
@Module({
  imports: [TypeOrmModule.forFeature([ConversationEntity, ConversationMessageEntity, AssistantActionEntity]), ToolsModule],
  controllers: [AssistantController],
  providers: [AssistantService, AssistantActionsService, AssistantActionsRepository, ConversationsRepository, { provide: ChatModel, useClass: OpenAiChatModel }],
})
export class AssistantModule {}
